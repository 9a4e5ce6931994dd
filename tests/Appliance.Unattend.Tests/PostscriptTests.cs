using Appliance.Unattend.Install;
using Appliance.Unattend.Postscripts;

namespace Appliance.Unattend.Tests;

public sealed class PostscriptTests : IDisposable
{
    private readonly string _install = Directory.CreateTempSubdirectory("unattend-install-").FullName;

    public PostscriptTests()
    {
        var scripts = Path.Combine(_install, "winpostscripts");
        Directory.CreateDirectory(scripts);
        foreach (var f in Directory.GetFiles(RepoFiles.WinPostscripts)) File.Copy(f, Path.Combine(scripts, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(scripts, "Site-Setup.CMD"), "@echo off\r\n");
    }

    public void Dispose() => Directory.Delete(_install, recursive: true);

    [Fact]
    public void Osimage_scripts_run_before_node_scripts()
    {
        var list = PostscriptList.Combine("setenv.cmd first,winrm.ps1", "enablerdp.ps1,setenv.cmd last", "postscripts", "n1");
        Assert.Equal(["setenv.cmd", "winrm.ps1", "enablerdp.ps1", "setenv.cmd"], list.Select(c => c.Script));
        Assert.Equal(["osimage", "osimage", "node", "node"], list.Select(c => c.Origin));
        Assert.Equal(["first"], list[0].Arguments);
        Assert.Equal(["last"], list[3].Arguments);
    }

    [Fact]
    public void Arguments_keep_spaces_in_quotes_and_equals_signs()
    {
        var list = PostscriptList.Parse("join.cmd mode=static 'OU=Servers, DC=ad' \"a b=c\" x=,next.ps1  -Name   'My Server'", "node", "postscripts", "n1");
        Assert.Equal(2, list.Count);
        Assert.Equal("join.cmd", list[0].Script);
        Assert.Equal(["mode=static", "OU=Servers, DC=ad", "a b=c", "x="], list[0].Arguments);
        Assert.Equal(["-Name", "My Server"], list[1].Arguments);
    }

    [Theory]
    [InlineData("a.cmd 'open", "quote at character 7")]
    [InlineData("../evil.cmd", "not a script name")]
    [InlineData("dir\\x.cmd", "not a script name")]
    public void Bad_lists_are_refused_naming_node_and_key(string value, string expected)
    {
        var ex = Assert.Throws<UnattendException>(() => PostscriptList.Parse(value, "node", "postscripts", "n7"));
        Assert.Equal(UnattendError.BadAttribute, ex.Reason);
        Assert.Equal("n7", ex.Node);
        Assert.Contains("postscripts", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Mypostscript_runs_each_script_with_quoted_arguments_and_logs_exit_codes()
    {
        var post = PostscriptList.Combine("winrm.ps1 Private", "setenv.cmd \"100% sure\" a=b", "postscripts", "n1");
        var postboot = PostscriptList.Parse("tool.exe --flag", "node", "postbootscripts", "n1");
        var text = MyPostscript.Render("n1", "win2022", [new("NODE", "n1"), new("NOTE", "a \"quoted\" value")], post, postboot);
        var lines = text.Split("\r\n");
        Assert.DoesNotContain(lines, l => l.Contains('\n'));
        var ps = Array.FindIndex(lines, l => l.StartsWith("powershell.exe", StringComparison.Ordinal));
        var cmd = Array.FindIndex(lines, l => l.StartsWith("call \"%XCATPOST%\\setenv.cmd\"", StringComparison.Ordinal));
        var exe = Array.FindIndex(lines, l => l.StartsWith("\"%XCATPOST%\\tool.exe\"", StringComparison.Ordinal));
        var postLabel = Array.IndexOf(lines, ":post");
        var postbootLabel = Array.IndexOf(lines, ":postboot");
        Assert.True(postLabel < ps && ps < cmd && cmd < postbootLabel && postbootLabel < exe, text);
        Assert.Equal("call \"%XCATPOST%\\setenv.cmd\" \"100%% sure\" \"a=b\"", lines[cmd]);
        Assert.EndsWith("-File \"%XCATPOST%\\winrm.ps1\" \"Private\"", lines[ps]);
        Assert.Equal("call :done post \"winrm.ps1\" %ERRORLEVEL%", lines[ps + 1]);
        Assert.Contains("set \"NODE=n1\"", lines);
        Assert.Contains(lines, l => l.StartsWith("rem NOTE is not exported", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("%~1 done %~2 exit=%~3") && l.Contains("%XCATLOG%"));
        Assert.Contains("set \"XCATLOG=C:\\xcatpost\\xcat.log\"", lines);
    }

    [Theory]
    [InlineData("script.vbs")]
    [InlineData("noextension")]
    public void Vbscript_and_unknown_kinds_are_refused(string script)
    {
        var ex = Assert.Throws<UnattendException>(() => MyPostscript.Invocation(new PostscriptCommand(script, [], "node"), "n1"));
        Assert.Equal(UnattendError.BadAttribute, ex.Reason);
        Assert.Contains(".ps1", ex.Message);
    }

    [Fact]
    public void Writer_writes_the_three_files_with_scripts_matched_ignoring_case()
    {
        var inputs = AnswerFileTests.Node("x64") with { };
        var osimage = new Dictionary<string, string>(inputs.OsImageAttributes)
        {
            ["postscripts"] = "site-setup.cmd 'a b' c=d", ["postbootscripts"] = "winrm.ps1", ["source"] = "images/win2022",
        };
        var node = new Dictionary<string, string>(inputs.NodeAttributes) { ["postscripts"] = "enablerdp.ps1" };
        var writer = new NodeInstallWriter(_install, RepoFiles.Templates);
        var files = writer.Write(inputs with { OsImageAttributes = osimage, NodeAttributes = node });

        Assert.Equal(Path.Combine(_install, "autoinst", "win-x64.xml"), files.AnswerFile);
        var my = File.ReadAllText(files.Postscripts);
        var runs = my.Split("\r\n").Where(l => l.StartsWith("call \"%XCATPOST%", StringComparison.Ordinal) || l.StartsWith("powershell.exe", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, runs.Count);
        Assert.Equal("call \"%XCATPOST%\\Site-Setup.CMD\" \"a b\" \"c=d\"", runs[0]);
        Assert.EndsWith("enablerdp.ps1\"", runs[1]);
        Assert.EndsWith("winrm.ps1\"", runs[2]);
        Assert.Contains("set \"MASTER=10.0.0.1\"", my);
        Assert.Contains("set \"TIMEZONE=Europe/Berlin\"", my);
        Assert.Contains("set \"NIC1_MAC=52:54:00:aa:bb:03\"", my);
        Assert.DoesNotContain("S3cret", my);
        Assert.DoesNotContain("j0in", my);
        Assert.DoesNotContain("VDYBN", my);
        var cmd = File.ReadAllText(files.WinPeScript);
        Assert.Contains("net use I: \"\\\\10.0.0.1\\install\"", cmd);
        Assert.Contains("\"I:\\images\\win2022\\setup.exe\" /unattend:X:\\unattend.xml /noreboot", cmd);
        Assert.Contains("mypostscript.win-x64\" \"%WINDRIVE%\\xcatpost\\mypostscript.cmd\"", cmd);
        Assert.DoesNotContain("\n", cmd.Replace("\r\n", ""));
        Assert.StartsWith("<?xml", File.ReadAllText(files.AnswerFile));
        Assert.Empty(Directory.GetFiles(_install, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Missing_scripts_are_all_named_with_the_node_and_nothing_is_written()
    {
        var inputs = AnswerFileTests.Node("bios");
        var osimage = new Dictionary<string, string>(inputs.OsImageAttributes) { ["postscripts"] = "winrm.ps1,gone.ps1" };
        var node = new Dictionary<string, string>(inputs.NodeAttributes) { ["postscripts"] = "alsogone.cmd x" };
        var writer = new NodeInstallWriter(_install, RepoFiles.Templates);
        var ex = Assert.Throws<UnattendException>(() => writer.Write(inputs with { OsImageAttributes = osimage, NodeAttributes = node }));
        Assert.Equal(UnattendError.MissingScript, ex.Reason);
        Assert.Equal("win-bios", ex.Node);
        Assert.Contains("gone.ps1 (from the osimage's postscripts)", ex.Message);
        Assert.Contains("alsogone.cmd (from the node's postscripts)", ex.Message);
        Assert.DoesNotContain("winrm.ps1", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(_install, "autoinst")));
    }

    [Fact]
    public void Missing_install_share_setting_is_an_error()
    {
        var inputs = AnswerFileTests.Node("x64") with { Site = new Dictionary<string, string>() };
        var ex = Assert.Throws<UnattendException>(() => new NodeInstallWriter(_install, RepoFiles.Templates).Write(inputs));
        Assert.Equal(UnattendError.MissingSetting, ex.Reason);
        Assert.Contains("master=", ex.Message);
    }

    [Fact]
    public void Site_table_merges_lines_and_refuses_a_key_twice()
    {
        var site = SiteTable.Parse("site master=10.0.0.1\nsite2 timezone=\"W. Europe Standard Time\" # zone\n", "/etc/appliance/site");
        Assert.Equal("10.0.0.1", site["master"]);
        Assert.Equal("W. Europe Standard Time", site["timezone"]);
        var ex = Assert.ThrowsAny<Exception>(() => SiteTable.Parse("a master=1\nb master=2\n", "/etc/appliance/site"));
        Assert.Contains("/etc/appliance/site", ex.Message);
        Assert.Contains("line 1", ex.Message);
    }
}
