using Appliance.Integration.Support;

namespace Appliance.Integration.Media;

/// <summary>The published floppygen binary against a throw-away appliance tree (--prefix), read back with peers.</summary>
public sealed class FloppygenCliTests : IDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("floppygen-cli-").FullName;
    private string Etc => Path.Combine(_prefix, "etc", "appliance");
    private string MediaDir => Path.Combine(_prefix, "var", "lib", "appliance", "media");

    public FloppygenCliTests()
    {
        Directory.CreateDirectory(Etc);
        var templates = Path.Combine(Etc, "templates");
        Directory.CreateDirectory(templates);
        foreach (var f in Directory.GetFiles(Path.Combine(Tools.RepoRoot, "appliance", "templates")))
            File.Copy(f, Path.Combine(templates, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(Etc, "osimages"),
            "win2022 winpe=winpe10 template=win2022-server.xml adminpassword=\"p@ss & <word>\"\nwin11 winpe=winpe11 template=win11.xml\n");
        File.WriteAllText(Path.Combine(Etc, "site"), "site master=192.0.2.1 timezone=Europe/Berlin\n");
    }

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    private void Nodes(string text) => File.WriteAllText(Path.Combine(Etc, "nodes"), text);

    private RunResult Floppygen(params string[] args) =>
        Run.Process(Tools.Binary("floppygen"), ["--prefix", _prefix, .. args], TimeSpan.FromSeconds(60),
            env: new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, workDir: _prefix);

    [Fact]
    public void Writes_a_floppy_and_a_cd_per_node_that_peers_read()
    {
        Nodes("vm01 mac=52:54:00:00:00:01 arch=x64 osimage=win11 organization=\"Müller & Söhne\"\nvm02 arch=bios osimage=win2022\n");
        File.WriteAllText(Path.Combine(_prefix, "sysprep.inf.tmpl"), "[UserData]\nComputerName=${hostname}\n");
        File.WriteAllText(Path.Combine(_prefix, "setup.ps1"), "Write-Output 'hello'\n");
        var r = Floppygen("vm01,vm02", "--format", "both", "--file", "sysprep.inf.tmpl", "--file", "Run Me.ps1=setup.ps1");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("wrote 2 floppy and CD images", r.Stdout);

        foreach (var node in new[] { "vm01", "vm02" })
        {
            var img = Path.Combine(MediaDir, node + ".img");
            Assert.Equal(1_474_560, new FileInfo(img).Length);
            Run.Process(Tools.Peer("fsck.fat", "dosfstools"), ["-n", img], TimeSpan.FromSeconds(30)).EnsureSuccess();
            var dir = Run.Process(Tools.Peer("mdir", "mtools"), ["-i", img, "::"], TimeSpan.FromSeconds(30)).EnsureSuccess().Stdout;
            Assert.Contains("Autounattend.xml", dir);
            Assert.Contains("Run Me.ps1", dir);
            var sysprep = Run.Process(Tools.Peer("mtype", "mtools"), ["-i", img, "::sysprep.inf"], TimeSpan.FromSeconds(30)).EnsureSuccess().Stdout;
            Assert.Contains($"ComputerName={node}", sysprep);

            var outDir = Path.Combine(_prefix, "x-" + node);
            Run.Process(Tools.Peer("xorriso", "xorriso"), ["-osirrox", "on", "-indev", Path.Combine(MediaDir, node + ".iso"), "-extract", "/", outDir],
                TimeSpan.FromSeconds(60)).EnsureSuccess();
            var answer = File.ReadAllText(Path.Combine(outDir, "Autounattend.xml"));
            var copy = Path.Combine(_prefix, "a.xml");
            Run.Process(Tools.Peer("mcopy", "mtools"), ["-n", "-o", "-i", img, "::Autounattend.xml", copy], TimeSpan.FromSeconds(30)).EnsureSuccess();
            Assert.Equal(answer, File.ReadAllText(copy)); // the same answer file on both media
            var doc = new System.Xml.XmlDocument();
            doc.LoadXml(answer);
            var ns = new System.Xml.XmlNamespaceManager(doc.NameTable);
            ns.AddNamespace("u", "urn:schemas-microsoft-com:unattend");
            Assert.Equal(node, doc.SelectSingleNode("//u:settings[@pass='specialize']/u:component[@name='Microsoft-Windows-Shell-Setup']/u:ComputerName", ns)!.InnerText);
        }
        Assert.Empty(Directory.GetFiles(MediaDir, "*.tmp"));
    }

    [Fact]
    public void One_failing_node_means_no_image_at_all_and_the_error_names_template_line_and_node()
    {
        File.WriteAllText(Path.Combine(Etc, "templates", "broken.xml"), "<unattend>\n  <a>${hostname}</a>\n  <b>${nosuchvariable}</b>\n</unattend>\n");
        Nodes("ok01 osimage=win2022\nbad01 osimage=win2022 template=broken.xml\nok02 osimage=win2022\n");
        var r = Floppygen("ok01,bad01,ok02", "--format", "both");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{Path.Combine(Etc, "templates", "broken.xml")}:3: node bad01: ${{nosuchvariable}}", r.Stderr);
        Assert.Contains("1 of 3 nodes failed; no image was written", r.Stderr);
        Assert.False(Directory.Exists(MediaDir) && Directory.EnumerateFileSystemEntries(MediaDir).Any());

        // Images of an earlier run stay exactly as they were, and no temporary file is left behind.
        r = Floppygen("ok01,ok02");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var before = File.ReadAllBytes(Path.Combine(MediaDir, "ok01.img"));
        Assert.Equal(1, Floppygen("ok01,bad01,ok02", "--label", "CHANGED").ExitCode);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(MediaDir, "ok01.img")));
        Assert.Equal(["ok01.img", "ok02.img"], Directory.GetFiles(MediaDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_write_error_names_the_image_and_leaves_no_temporary_file()
    {
        Nodes("vm1 osimage=win2022\nvm2 osimage=win2022\nvm3 osimage=win2022\n");
        Directory.CreateDirectory(Path.Combine(MediaDir, "vm2.img", "inside")); // a folder where an image should go
        var r = Floppygen("vm[1-3]");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(Path.Combine(MediaDir, "vm2.img"), r.Stderr);
        Assert.True(Directory.Exists(Path.Combine(MediaDir, "vm2.img", "inside")));
        Assert.Empty(Directory.GetFiles(MediaDir, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
        Assert.False(File.Exists(Path.Combine(MediaDir, "vm3.img"))); // committed in table order: stopped at vm2
    }

    [Fact]
    public void Files_that_do_not_fit_are_a_clear_error()
    {
        Nodes("vm01 osimage=win2022\n");
        File.WriteAllBytes(Path.Combine(_prefix, "big.bin"), new byte[1_500_000]);
        var r = Floppygen("vm01", "--file", "big.bin");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("node vm01:", r.Stderr);
        Assert.Contains("a 1.44 MB floppy holds 1457664", r.Stderr);
        // The same files fit on a CD.
        r = Floppygen("vm01", "--format", "iso", "--file", "big.bin");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(new FileInfo(Path.Combine(MediaDir, "vm01.iso")).Length > 1_500_000);
    }

    [Fact]
    public void Large_ranges_report_progress_and_replace_images_atomically()
    {
        Nodes(string.Concat(Enumerable.Range(1, 150).Select(i => $"vm{i:D3} osimage=win11 arch=x64\n")));
        var r = Floppygen("vm[001-150]");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("floppygen: 15/150 nodes written", r.Stderr);
        Assert.Contains("floppygen: 135/150 nodes written", r.Stderr);
        Assert.Equal(150, Directory.GetFiles(MediaDir, "*.img").Length);
        var before = File.ReadAllBytes(Path.Combine(MediaDir, "vm001.img"));
        r = Floppygen("vm001", "--label", "SECOND");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var after = File.ReadAllBytes(Path.Combine(MediaDir, "vm001.img"));
        Assert.NotEqual(before, after);
        Assert.Equal("SECOND     ", System.Text.Encoding.ASCII.GetString(after, 43, 11));
    }

    [Fact]
    public void Help_reads_like_a_man_page_and_usage_errors_exit_2()
    {
        var help = Floppygen("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var section in new[] { "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "FILES", "EXAMPLES", "--format", "--file" })
            Assert.Contains(section, help.Stdout);
        var bad = Floppygen("vm01", "--format", "tape");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("expected floppy, iso or both", bad.Stderr);
        Nodes("vm01 osimage=win2022\n");
        var unknown = Floppygen("vm99");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("vm99", unknown.Stderr);
    }
}
