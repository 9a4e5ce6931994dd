using System.Text;

namespace Appliance.Unattend.Postscripts;

/// <summary>
/// Writes <c>autoinst/&lt;node&gt;.cmd</c>, the script WinPE runs from the install share (its startnet.cmd maps the
/// share and calls it): it copies the answer file, runs <c>setup.exe /unattend: /noreboot</c> from the osimage's
/// source folder, then puts <c>winpostscripts\*</c>, the node's <c>mypostscript.cmd</c> and <c>SetupComplete.cmd</c>
/// on the new Windows volume and reboots. The xCAT Windows flow, without VBScript.
/// </summary>
public static class WinPeScript
{
    /// <summary>The drive WinPE maps the install share to.</summary>
    public const string ShareDrive = "I:";

    /// <param name="node">Node name.</param>
    /// <param name="share">UNC path of the install share, e.g. <c>\\192.0.2.1\install</c>.</param>
    /// <param name="shareUser">Optional account for <c>net use</c>.</param>
    /// <param name="sharePassword">Its password.</param>
    /// <param name="source">Folder of the Windows media (setup.exe) relative to the share, backslashes.</param>
    public static string Render(string node, string share, string? shareUser, string? sharePassword, string source)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append("\r\n");
        var user = shareUser is null ? "" : $" /user:{CmdQuoting.Argument(shareUser)} {CmdQuoting.Argument(sharePassword ?? "")}";
        Line("@echo off");
        Line($"rem WinPE install script of node {node}, written by nodeset; nodeset rewrites this file.");
        Line("setlocal");
        Line($"set \"NODE={node}\"");
        Line($"if not exist {ShareDrive}\\autoinst\\{node}.xml net use {ShareDrive} {CmdQuoting.Argument(share)}{user}");
        Line($"if not exist {ShareDrive}\\autoinst\\{node}.xml (echo cannot reach the answer file on {share.Replace("%", "%%")} & goto fail)");
        Line($"copy /y \"{ShareDrive}\\autoinst\\{node}.xml\" X:\\unattend.xml >nul || goto fail");
        Line($"\"{ShareDrive}\\{source.Replace("%", "%%")}\\setup.exe\" /unattend:X:\\unattend.xml /noreboot");
        Line("if errorlevel 1 goto fail");
        Line("rem The new Windows volume: the first drive (not X: WinPE, not the share) with a Windows registry.");
        Line("set \"WINDRIVE=\"");
        Line("for %%d in (C D E F G H J K L M N O P Q R S T U V W Y Z) do if not defined WINDRIVE if exist %%d:\\Windows\\System32\\config\\SYSTEM set \"WINDRIVE=%%d:\"");
        Line("if not defined WINDRIVE (echo setup finished but no Windows volume was found & goto fail)");
        Line("mkdir \"%WINDRIVE%\\xcatpost\" 2>nul");
        Line($"xcopy /e /i /y /q \"{ShareDrive}\\winpostscripts\" \"%WINDRIVE%\\xcatpost\" >nul || goto fail");
        Line($"copy /y \"{ShareDrive}\\mypostscripts\\mypostscript.{node}\" \"%WINDRIVE%\\xcatpost\\mypostscript.cmd\" >nul || goto fail");
        Line("mkdir \"%WINDRIVE%\\Windows\\Setup\\Scripts\" 2>nul");
        Line($"copy /y \"{ShareDrive}\\winpostscripts\\SetupComplete.cmd\" \"%WINDRIVE%\\Windows\\Setup\\Scripts\\SetupComplete.cmd\" >nul || goto fail");
        Line("wpeutil reboot");
        Line("exit /b 0");
        Line(":fail");
        Line("echo Installation of %NODE% failed; Setup's log is X:\\Windows\\Panther\\setupact.log");
        Line("exit /b 1");
        return sb.ToString();
    }
}
