using System.Text;
using Appliance.Integration.Support;
using Appliance.Media;

namespace Appliance.Integration.Media;

/// <summary>Floppies from <see cref="Fat12Image"/> read back by dosfstools and mtools, which nobody here wrote.</summary>
public sealed class FloppyPeerTests : IDisposable
{
    private static readonly DateTime Stamp = new(2025, 3, 14, 15, 9, 26, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("floppy-peer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MediaFile Text(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    private static MediaFile Random(string name, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return new MediaFile(name, bytes);
    }

    /// <summary>Sets of files that exercise long names, case flags, aliases, empty and multi-cluster files.</summary>
    public static TheoryData<string> Sets => new() { "answer", "mixed", "many", "full" };

    private static MediaFile[] Files(string set) => set switch
    {
        "answer" => [Text("Autounattend.xml", "<?xml version=\"1.0\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\n")],
        "mixed" =>
        [
            Text("Autounattend.xml", "<unattend/>"), Text("sysprep.inf", "[Unattended]\r\n"), Text("SETUP.CMD", "@echo off\r\n"),
            new MediaFile("empty.txt", Array.Empty<byte>()), Random("exactly-one-cluster.bin", 512, 1),
            Random("Überprüfung der Konfiguration (final).ps1", 5000, 2), Text("a b.txt", "spaces"),
            Text("x+y=z.tar.gz", "odd chars"), Text("Autounattend-backup.xml", "second alias"),
        ],
        "many" => Enumerable.Range(0, 100).Select(i => Text($"F{i:D3}.TXT", $"file {i}\n")).ToArray(),
        "full" => [Random("whole-disk.bin", Fat12Layout.Capacity, 3)],
        _ => throw new ArgumentException(set),
    };

    private string Image(string set)
    {
        var path = Path.Combine(_dir, set + ".img");
        File.WriteAllBytes(path, Fat12Image.Create(Files(set), "UNATTEND", Stamp));
        return path;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Fsck_fat_finds_nothing_to_fix(string set)
    {
        var img = Image(set);
        var r = Run.Process(Tools.Peer("fsck.fat", "dosfstools"), ["-n", "-v", img], TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.DoesNotContain("differ", r.Stdout + r.Stderr);
        Assert.Contains($"{Files(set).Length + 1} files", r.Stdout); // fsck.fat counts the volume label entry too
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Mtools_lists_long_names_and_copies_exact_bytes(string set)
    {
        var img = Image(set);
        var env = new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "0", ["LC_ALL"] = "C.UTF-8" };
        var dir = Run.Process(Tools.Peer("mdir", "mtools"), ["-i", img, "-a", "::"], TimeSpan.FromSeconds(30), env: env).EnsureSuccess();
        Assert.Contains("Volume in drive : is UNATTEND", dir.Stdout);
        var lines = dir.Stdout.Split('\n');
        foreach (var f in Files(set))
        {
            // mdir shows the long name at the end of the line (or the 8.3 name alone when there is no long name).
            Assert.True(lines.Any(l => l.TrimEnd().EndsWith(" " + f.Name, StringComparison.Ordinal) || Matches83(l, f.Name)),
                $"{f.Name} not in\n{dir.Stdout}");
            var outFile = Path.Combine(_dir, "out.bin");
            Run.Process(Tools.Peer("mcopy", "mtools"), ["-n", "-o", "-i", img, "::" + f.Name, outFile], TimeSpan.FromSeconds(30), env: env).EnsureSuccess();
            Assert.Equal(f.Content.ToArray(), File.ReadAllBytes(outFile));
        }
    }

    private static bool Matches83(string line, string name)
    {
        var dot = name.LastIndexOf('.');
        var basis = dot < 0 ? name : name[..dot];
        var ext = dot < 0 ? "" : name[(dot + 1)..];
        return line.StartsWith(basis.PadRight(8) + " " + ext.PadRight(3), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mtype_prints_the_answer_file_byte_for_byte()
    {
        var img = Image("mixed");
        var r = Run.Process(Tools.Peer("mtype", "mtools"), ["-i", img, "::Autounattend.xml"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Equal("<unattend/>", r.Stdout.TrimEnd('\n'));
        r = Run.Process(Tools.Peer("mtype", "mtools"), ["-i", img, "::Überprüfung der Konfiguration (final).ps1"], TimeSpan.FromSeconds(30),
            env: new Dictionary<string, string> { ["LC_ALL"] = "C.UTF-8" });
        Assert.Equal(0, r.ExitCode); // found by its long non-ASCII name (bytes compared by the mcopy test)
    }

    [Fact]
    public void Mlabel_reads_the_label_and_mtools_sees_the_aliases_windows_would_make()
    {
        var img = Image("mixed");
        var label = Run.Process(Tools.Peer("mlabel", "mtools"), ["-i", img, "-s", "::"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Contains("UNATTEND", label.Stdout);
        var dir = Run.Process(Tools.Peer("mdir", "mtools"), ["-i", img, "::"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Contains("AUTOUN~1 XML", dir.Stdout);
        Assert.Contains("AUTOUN~2 XML", dir.Stdout);
        Assert.Contains("sysprep  inf", dir.Stdout); // no long name: NT case bits keep it lower case
    }

    [Fact]
    public void Boot_parameter_block_matches_mkfs_fat_for_a_1440k_floppy()
    {
        var reference = Path.Combine(_dir, "ref.img");
        Run.Process(Tools.Peer("mkfs.fat", "dosfstools"), ["-C", reference, "1440"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        var theirs = File.ReadAllBytes(reference);
        var ours = File.ReadAllBytes(Image("answer"));
        Assert.Equal(theirs.Length, ours.Length);
        // Bytes per sector through hidden sectors (BPB offsets 11..31), and the FAT12 type string.
        Assert.Equal(theirs[11..32], ours[11..32]);
        Assert.Equal(theirs[54..62], ours[54..62]);
        Assert.Equal(theirs[510..512], ours[510..512]);
    }

    [Fact]
    public void Mcopy_adds_a_file_to_our_image_and_fsck_stays_clean()
    {
        // A writer nobody here wrote extends our FAT and directory: both must be as it expects them.
        var img = Image("mixed");
        var extra = Path.Combine(_dir, "Another Long File Name.txt");
        File.WriteAllText(extra, new string('z', 3000));
        Run.Process(Tools.Peer("mcopy", "mtools"), ["-i", img, extra, "::"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        var r = Run.Process(Tools.Peer("fsck.fat", "dosfstools"), ["-n", img], TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var t = Run.Process(Tools.Peer("mtype", "mtools"), ["-i", img, "::Another Long File Name.txt"], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Equal(3000, t.Stdout.TrimEnd('\n').Length);
    }
}
