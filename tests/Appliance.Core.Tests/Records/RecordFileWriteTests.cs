using System.Diagnostics;
using Appliance.Core.Records;

namespace Appliance.Core.Tests.Records;

public sealed class RecordFileWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("records").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Matches_perl_pack_a50_a150_byte_for_byte()
    {
        // A third-party writer: Perl's pack("a50 a150") NUL-pads exactly as xCAT's proxydhcp.cfg writer does.
        NodeRecord[] records = [new("node01", "winboot/winpe10/"), new("fifty-byte-name-" + new string('x', 34), "winboot/" + new string('w', 140) + "/")];
        var ours = Path.Combine(_dir, "ours");
        RecordFile.Write(ours, records);
        var perl = Path.Combine(_dir, "perl");
        var script = "open(my $f, '>', $ARGV[0]) or die; binmode $f; " +
                     "for (my $i = 1; $i < @ARGV; $i += 2) { print $f pack('a50 a150', $ARGV[$i], $ARGV[$i+1]); } close $f;";
        var psi = new ProcessStartInfo("perl") { ArgumentList = { "-e", script, perl } };
        foreach (var r in records) { psi.ArgumentList.Add(r.Name); psi.ArgumentList.Add(r.WinPePath); }
        using (var p = Process.Start(psi)!) { p.WaitForExit(10_000); Assert.Equal(0, p.ExitCode); }
        Assert.Equal(File.ReadAllBytes(perl), File.ReadAllBytes(ours));
        Assert.Equal(records, RecordFile.Load(perl).Records);
    }

    [Fact]
    public void Write_leaves_no_temp_file_and_round_trips()
    {
        var path = Path.Combine(_dir, "sub", "proxydhcp.cfg");
        RecordFile.Write(path, [new("n1", "winboot/a/")]);
        Assert.Equal([new NodeRecord("n1", "winboot/a/")], RecordFile.Load(path).Records);
        Assert.Equal(["proxydhcp.cfg", "proxydhcp.cfg.lock"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order());
    }

    public static TheoryData<string, NodeRecord, RecordFileError> BadRecords() => new()
    {
        { "name over 50 bytes", new(new string('n', 51), "winboot/a/"), RecordFileError.FieldTooLong },
        { "path over 150 bytes", new("n", "winboot/" + new string('p', 143)), RecordFileError.FieldTooLong },
        { "space in name", new("node 1", "winboot/a/"), RecordFileError.NonPrintableByte },
        { "non-ASCII name", new("nöde", "winboot/a/"), RecordFileError.NonPrintableByte },
        { "absolute", new("n", "/winboot/a/"), RecordFileError.AbsolutePath },
        { "traversal", new("n", "../a/"), RecordFileError.ParentTraversal },
        { "empty path", new("n", ""), RecordFileError.EmptyPath },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void Refuses_to_write_a_bad_record_and_keeps_the_old_file(string row, NodeRecord bad, RecordFileError reason)
    {
        var path = Path.Combine(_dir, "proxydhcp.cfg");
        RecordFile.Write(path, [new("good", "winboot/a/")]);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<RecordFileException>(() => RecordFile.Write(path, [new("good", "winboot/a/"), bad]));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(2, e.RecordNumber);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.NotEmpty(row);
    }

    [Fact]
    public void Duplicate_names_are_refused_on_write()
    {
        var e = Assert.Throws<RecordFileException>(() => RecordFile.Encode([new("n", "winboot/a/"), new("n", "winboot/b/")]));
        Assert.Equal(RecordFileError.DuplicateName, e.Reason);
    }

    [Fact]
    public void Update_never_replaces_a_damaged_file()
    {
        var path = Path.Combine(_dir, "proxydhcp.cfg");
        File.WriteAllBytes(path, new byte[250]);
        Assert.Throws<RecordFileException>(() => RecordFile.Update(path, s => [new("n", "winboot/a/")]));
        Assert.Equal(250, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Concurrent_updates_serialize_and_lose_nothing()
    {
        var path = Path.Combine(_dir, "proxydhcp.cfg");
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
                RecordFile.Update(path, s => [.. s.Records, new NodeRecord($"w{w}n{i}", "winboot/a/")]);
        }));
        await Task.WhenAll(writers);
        Assert.Equal(200, RecordFile.Load(path).Count);
    }
}
