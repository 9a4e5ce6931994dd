using System.Text;

namespace Appliance.Unattend.Postscripts;

/// <summary>
/// Writes <c>mypostscript.&lt;node&gt;</c>, a cmd.exe script the node runs from <c>C:\xcatpost</c> as
/// <c>mypostscript.cmd post</c> (specialize pass, from the answer file's RunSynchronous hook) and
/// <c>mypostscript.cmd postboot</c> (first boot, from SetupComplete.cmd). It exports the node's variables, runs
/// each script with its arguments (<c>.cmd</c>/<c>.bat</c> by call, <c>.ps1</c> by PowerShell, <c>.exe</c> directly)
/// and appends a start line and an exit-code line per script to <c>C:\xcatpost\xcat.log</c>.
/// </summary>
public static class MyPostscript
{
    public const string PostDir = @"C:\xcatpost";
    public const string LogFile = @"C:\xcatpost\xcat.log";

    /// <param name="node">The node name (error messages and the NODE variable).</param>
    /// <param name="osImage">The osimage name.</param>
    /// <param name="environment">Variables to export, already named as they should appear (NODE, MASTER, …).</param>
    /// <param name="post">Commands for the specialize pass, in run order (osimage's first, then node's).</param>
    /// <param name="postboot">Commands for first boot, in run order.</param>
    public static string Render(string node, string osImage, IEnumerable<KeyValuePair<string, string>> environment,
        IReadOnlyList<PostscriptCommand> post, IReadOnlyList<PostscriptCommand> postboot)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append("\r\n");
        Line("@echo off");
        Line($"rem Postscripts of node {node} (osimage {osImage}), written by nodeset; nodeset rewrites this file.");
        Line("rem   mypostscript.cmd post      specialize pass (answer file, RunSynchronous order 50)");
        Line("rem   mypostscript.cmd postboot  first boot (SetupComplete.cmd)");
        Line("setlocal");
        Line($"set \"XCATPOST={PostDir}\"");
        Line($"set \"XCATLOG={LogFile}\"");
        foreach (var (name, value) in environment)
            Line(CmdQuoting.Set(name, value) ?? $"rem {name} is not exported: its value holds a double quote or a line break");
        Line("if /i \"%~1\"==\"post\" goto post");
        Line("if /i \"%~1\"==\"postboot\" goto postboot");
        Line(">>\"%XCATLOG%\" echo %DATE% %TIME% %NODE% mypostscript: unknown phase \"%~1\", expected post or postboot");
        Line("exit /b 2");
        Phase(sb, "post", post, node);
        Phase(sb, "postboot", postboot, node);
        Line("");
        Line(":start");
        Line(">>\"%XCATLOG%\" echo %DATE% %TIME% %NODE% %~1 start %~2");
        Line("exit /b 0");
        Line(":done");
        Line(">>\"%XCATLOG%\" echo %DATE% %TIME% %NODE% %~1 done %~2 exit=%~3");
        Line("exit /b 0");
        return sb.ToString();
    }

    private static void Phase(StringBuilder sb, string phase, IReadOnlyList<PostscriptCommand> commands, string node)
    {
        sb.Append("\r\n:").Append(phase).Append("\r\n");
        sb.Append(">>\"%XCATLOG%\" echo %DATE% %TIME% %NODE% ").Append(phase).Append(": ")
          .Append(commands.Count).Append(" script(s)\r\n");
        foreach (var cmd in commands)
        {
            sb.Append("call :start ").Append(phase).Append(" \"").Append(cmd.Script).Append("\"\r\n");
            sb.Append(Invocation(cmd, node)).Append("\r\n");
            sb.Append("call :done ").Append(phase).Append(" \"").Append(cmd.Script).Append("\" %ERRORLEVEL%\r\n");
        }
        sb.Append("exit /b 0\r\n");
    }

    /// <summary>The command line that runs one script from %XCATPOST%, by its extension.</summary>
    public static string Invocation(PostscriptCommand cmd, string node)
    {
        var args = new StringBuilder();
        foreach (var a in cmd.Arguments)
        {
            var quoted = CmdQuoting.Argument(a) ?? throw new UnattendException(UnattendError.BadAttribute,
                $"postscript {cmd.Script} (from {cmd.Origin}): argument {a} holds a double quote, which cmd.exe cannot pass safely; use single quotes in the table to group words", node: node);
            args.Append(' ').Append(quoted);
        }
        var path = $"\"%XCATPOST%\\{cmd.Script}\"";
        var ext = Path.GetExtension(cmd.Script).ToLowerInvariant();
        return ext switch
        {
            ".cmd" or ".bat" => $"call {path}{args}",
            ".ps1" => $"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File {path}{args}",
            ".exe" => $"{path}{args}",
            _ => throw new UnattendException(UnattendError.BadAttribute,
                $"postscript {cmd.Script} (from {cmd.Origin}): expected a .cmd, .bat, .ps1 or .exe script (VBScript is being removed from Windows)", node: node),
        };
    }
}
