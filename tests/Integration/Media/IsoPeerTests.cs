using System.Text;
using Appliance.Integration.Support;
using Appliance.Media;

namespace Appliance.Integration.Media;

/// <summary>CDs from <see cref="Iso9660Image"/> read back by xorriso (libisofs) and isoinfo (genisoimage).</summary>
public sealed class IsoPeerTests : IDisposable
{
    private static readonly DateTime Stamp = new(2025, 3, 14, 15, 9, 26, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("iso-peer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MediaFile[] Files()
    {
        var big = new byte[70_000];
        new Random(7).NextBytes(big);
        return
        [
            new("Autounattend.xml", Encoding.UTF8.GetBytes("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\n")),
            new("sysprep.inf", Encoding.UTF8.GetBytes("[Unattended]\r\n")),
            new("Überprüfung der Konfiguration.ps1", big),
            new("empty", Array.Empty<byte>()),
            new("Autounattend-backup.xml", Encoding.UTF8.GetBytes("<b/>")),
        ];
    }

    private string Image(MediaFile[] files, string label = "UNATTEND")
    {
        var path = Path.Combine(_dir, "cd.iso");
        File.WriteAllBytes(path, Iso9660Image.Create(files, label, Stamp));
        return path;
    }

    private static readonly Dictionary<string, string> Utf8 = new() { ["LC_ALL"] = "C.UTF-8" };

    [Fact]
    public void Xorriso_lists_joliet_names_and_extracts_exact_bytes()
    {
        var files = Files();
        var iso = Image(files);
        var toc = Run.Process(Tools.Peer("xorriso", "xorriso"), ["-indev", iso, "-toc"], TimeSpan.FromSeconds(60), env: Utf8).EnsureSuccess();
        Assert.Contains("ISO loaded   : Joliet", toc.Stderr + toc.Stdout);
        var ls = Run.Process(Tools.Peer("xorriso", "xorriso"), ["-indev", iso, "-ls", "/"], TimeSpan.FromSeconds(60), env: Utf8).EnsureSuccess();
        foreach (var f in files) Assert.Contains($"'{f.Name}'", ls.Stdout);
        Assert.Contains("Volume id    : 'UNATTEND'", ls.Stderr + ls.Stdout);

        var outDir = Path.Combine(_dir, "out");
        Run.Process(Tools.Peer("xorriso", "xorriso"), ["-osirrox", "on", "-indev", iso, "-extract", "/", outDir],
            TimeSpan.FromSeconds(60), env: Utf8).EnsureSuccess();
        foreach (var f in files) Assert.Equal(f.Content.ToArray(), File.ReadAllBytes(Path.Combine(outDir, f.Name)));
    }

    [Fact]
    public void Isoinfo_reads_both_directories_and_the_descriptor()
    {
        var iso = Image(Files(), "Payload 1");
        var isoinfo = Tools.Peer("isoinfo", "genisoimage");
        var d = Run.Process(isoinfo, ["-d", "-i", iso], TimeSpan.FromSeconds(30), env: Utf8).EnsureSuccess();
        Assert.Contains("Volume id: PAYLOAD 1", d.Stdout);
        Assert.Contains("Joliet with UCS level 3 found", d.Stdout);
        Assert.Contains("Logical block size is: 2048", d.Stdout);

        var level1 = Run.Process(isoinfo, ["-l", "-i", iso], TimeSpan.FromSeconds(30), env: Utf8).EnsureSuccess().Stdout;
        foreach (var id in new[] { "AUTOUN~1.XML;1", "AUTOUN~2.XML;1", "SYSPREP.INF;1", "_BERPR~1.PS1;1", "EMPTY.;1" })
            Assert.Contains(" " + id, level1);

        var joliet = Run.Process(isoinfo, ["-J", "-l", "-i", iso], TimeSpan.FromSeconds(30), env: Utf8).EnsureSuccess().Stdout;
        // isoinfo prints Joliet names in a single-byte charset (no UTF-8), so the non-ASCII one is checked via xorriso.
        Assert.Contains(" Autounattend-backup.xml", joliet);
        Assert.Contains(" Autounattend.xml", joliet);
        var x = Run.Process(isoinfo, ["-J", "-x", "/Autounattend.xml", "-i", iso], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Equal("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\n", x.Stdout);
    }

    [Fact]
    public void Directory_spanning_sectors_reads_back_whole()
    {
        var files = Enumerable.Range(0, 150).Select(i => new MediaFile($"postscript-number-{i:D3}.ps1", Encoding.UTF8.GetBytes($"# {i}\r\n"))).ToArray();
        var iso = Image(files);
        var outDir = Path.Combine(_dir, "many");
        Run.Process(Tools.Peer("xorriso", "xorriso"), ["-osirrox", "on", "-indev", iso, "-extract", "/", outDir], TimeSpan.FromSeconds(60)).EnsureSuccess();
        Assert.Equal(150, Directory.GetFiles(outDir).Length);
        Assert.Equal("# 149\r\n", File.ReadAllText(Path.Combine(outDir, "postscript-number-149.ps1")));
        var level1 = Run.Process(Tools.Peer("isoinfo", "genisoimage"), ["-l", "-i", iso], TimeSpan.FromSeconds(30)).EnsureSuccess().Stdout;
        Assert.Equal(150, level1.Split('\n').Count(l => l.Contains(".PS1;1")));
    }
}
