using System.Text;
using Appliance.Core.Records;
using static Appliance.Core.Tests.Records.RecordBytes;

namespace Appliance.Core.Tests.Records;

public class RecordSnapshotTests
{
    private static byte[] Many(int count, Func<int, string> name, Func<int, string> path) =>
        File(Enumerable.Range(0, count).Select(i => Record(name(i), path(i))).ToArray());

    [Fact]
    public void A_large_file_is_looked_up_by_string_span_and_utf8_and_lists_its_records_in_order()
    {
        var s = RecordFile.Parse(Many(5000, i => $"node{i:D5}", i => $"winboot/winpe{i / 1000}/"), "t");
        Assert.Equal(5000, s.Count);
        Assert.Equal(5000, s.NameCount);
        for (var i = 0; i < 5000; i += 7)
        {
            Assert.True(s.TryGetPath($"node{i:D5}", out var p));
            Assert.Equal($"winboot/winpe{i / 1000}/", p);
            Assert.True(s.TryGetPath(Encoding.UTF8.GetBytes($"node{i:D5}"), out _));
            Assert.Equal($"node{i:D5}", Encoding.UTF8.GetString(s.NameUtf8(i)));
        }
        Assert.False(s.TryGetPath("node05000", out _));
        Assert.False(s.TryGetPath("node0000", out _));
        Assert.False(s.TryGetPath("", out _));
        Assert.Equal(new NodeRecord("node04321", "winboot/winpe4/"), s.Records[4321]);
        // one string per distinct WinPE path, shared by its records
        Assert.Same(s.PathAt(0), s.PathAt(999));
        Assert.NotSame(s.PathAt(999), s.PathAt(1000));
    }

    [Fact]
    public void Load_reads_a_file_of_many_chunks_as_parse_does_and_refuses_a_torn_tail()
    {
        var dir = Directory.CreateTempSubdirectory("records-").FullName;
        try
        {
            var file = Path.Combine(dir, "proxydhcp.cfg");
            var data = Many(1001, i => $"n{i}", i => $"winboot/w{i % 3}/");
            System.IO.File.WriteAllBytes(file, data);
            Assert.Equal(RecordFile.Parse(data, file).Records, RecordFile.Load(file).Records);
            System.IO.File.WriteAllBytes(file, [.. data, 0x41]);
            var e = Assert.Throws<RecordFileException>(() => RecordFile.Load(file));
            Assert.Equal(RecordFileError.LengthNotMultipleOfRecord, e.Reason);
            Assert.Contains(file, e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static TheoryData<string, int, int> Successors() => new()
    {
        { "same names, paths changed", 400, 0 },
        { "names appended", 400, 1 },
        { "many more names (the table grows)", 4000, 2 },
        { "a name changed in the middle", 400, 3 },
        { "records removed from the end", 150, 0 },
    };

    [Theory]
    [MemberData(nameof(Successors))]
    public void Load_with_the_previous_snapshot_gives_the_same_snapshot_as_without(string row, int count, int variant)
    {
        var dir = Directory.CreateTempSubdirectory("records-").FullName;
        try
        {
            var file = Path.Combine(dir, "proxydhcp.cfg");
            System.IO.File.WriteAllBytes(file, Many(300, i => $"n{i}", _ => "winboot/a/"));
            var previous = RecordFile.Load(file);
            System.IO.File.WriteAllBytes(file, Many(count, i => variant == 3 && i == 77 ? "renamed" : $"n{i}", i => $"winboot/w{i % 2}/"));
            var withPrevious = RecordFile.Load(file, previous);
            var fresh = RecordFile.Load(file);
            Assert.Equal(fresh.Records, withPrevious.Records);
            for (var i = 0; i < count; i += 13)
            {
                var name = fresh.Records[i].Name;
                Assert.True(withPrevious.TryGetPath(name, out var p), row);
                Assert.Equal(fresh.Records[i].WinPePath, p);
            }
            Assert.False(withPrevious.TryGetPath(variant == 3 ? "n77" : "absent", out _));
            Assert.True(previous.TryGetPath("n299", out var old));
            Assert.Equal("winboot/a/", old); // the previous snapshot is untouched

            // a duplicate of a name from the shared run, appended later, is still refused
            System.IO.File.WriteAllBytes(file, Many(count + 1, i => i == count ? "n5" : $"n{i}", _ => "winboot/a/"));
            var e = Assert.Throws<RecordFileException>(() => RecordFile.Load(file, previous));
            Assert.Equal((RecordFileError.DuplicateName, count + 1), (e.Reason, e.RecordNumber));
            Assert.Contains("already has record 6", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_duplicate_far_into_a_large_file_names_both_records()
    {
        var data = Many(3000, i => i == 2999 ? "node00017" : $"node{i:D5}", _ => "winboot/a/");
        var e = Assert.Throws<RecordFileException>(() => RecordFile.Parse(data, "t"));
        Assert.Equal((RecordFileError.DuplicateName, 3000), (e.Reason, e.RecordNumber));
        Assert.Contains("already has record 18", e.Message);
    }

    [Fact]
    public void A_bad_path_after_a_run_of_good_ones_is_still_refused()
    {
        var data = Many(50, i => $"n{i}", i => i == 49 ? "winboot/../x/" : "winboot/a/");
        Assert.Equal(50, Assert.Throws<RecordFileException>(() => RecordFile.Parse(data, "t")).RecordNumber);
    }

    [Fact]
    public void A_snapshot_made_from_a_list_keeps_the_list_and_the_last_path_of_a_repeated_name()
    {
        NodeRecord[] list = [new("a", "winboot/x/"), new("b", "winboot/y/"), new("a", "winboot/z/")];
        var s = new RecordSnapshot(list);
        Assert.Same(list, s.Records);
        Assert.Equal(3, s.Count);
        Assert.Equal(2, s.NameCount);
        Assert.True(s.TryGetPath("a", out var p));
        Assert.Equal("winboot/z/", p);
        Assert.True(new RecordSnapshot([new("nöde", "winboot/x/")]).TryGetPath("nöde".AsSpan(), out _));
    }
}
