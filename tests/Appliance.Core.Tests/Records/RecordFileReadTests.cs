using Appliance.Core.Records;
using static Appliance.Core.Tests.Records.RecordBytes;

namespace Appliance.Core.Tests.Records;

public class RecordFileReadTests
{
    [Fact]
    public void Reads_nul_padded_records_in_order()
    {
        var s = RecordFile.Parse(File(Record("node01", "winboot/winpe10/"), Record("node02", "winboot/winpe11/")), "t");
        Assert.Equal([new NodeRecord("node01", "winboot/winpe10/"), new NodeRecord("node02", "winboot/winpe11/")], s.Records);
        Assert.True(s.TryGetPath("node02", out var p));
        Assert.Equal("winboot/winpe11/", p);
        Assert.True(s.TryGetPath("node01".AsSpan(), out _));
        Assert.False(s.TryGetPath("NODE01", out _));
    }

    [Fact]
    public void Accepts_space_padding_and_mixed_padding()
    {
        var s = RecordFile.Parse(File(Record("node01", "winboot/winpe10/", pad: 0x20)), "t");
        Assert.Equal(new NodeRecord("node01", "winboot/winpe10/"), s.Records[0]);
    }

    [Fact]
    public void Adds_the_trailing_slash_xcat_writes_when_missing()
    {
        var s = RecordFile.Parse(Record("n", "winboot/winpe10"), "t");
        Assert.Equal("winboot/winpe10/", s.Records[0].WinPePath);
    }

    [Fact]
    public void Empty_file_and_trailing_blank_records_are_an_empty_set()
    {
        Assert.Equal(0, RecordFile.Parse([], "t").Count);
        var s = RecordFile.Parse(File(Record("n1", "winboot/a/"), Record("", "")), "t");
        Assert.Single(s.Records);
    }

    [Fact]
    public void Missing_file_loads_as_empty()
    {
        Assert.Equal(0, RecordFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).Count);
    }

    public static TheoryData<string, byte[], RecordFileError, int> Rejections() => new()
    {
        { "length not a multiple of 200", new byte[399], RecordFileError.LengthNotMultipleOfRecord, 0 },
        { "one stray byte", File(Record("n", "winboot/a/"), [0x41]), RecordFileError.LengthNotMultipleOfRecord, 0 },
        { "control byte in name", Record("no\u0001de", "winboot/a/"), RecordFileError.NonPrintableByte, 1 },
        { "high byte in path", File(Record("n1", "winboot/a/"), Record("n2", "winboot/\u00e9/")), RecordFileError.NonPrintableByte, 2 },
        { "text after NUL padding", Record("node\0xx", "winboot/a/"), RecordFileError.TextAfterPadding, 1 },
        { "name with a space inside", Record("node 01", "winboot/a/"), RecordFileError.TextAfterPadding, 1 },
        { "empty name with a path", Record("", "winboot/a/"), RecordFileError.EmptyName, 1 },
        { "name without a path", Record("node01", ""), RecordFileError.EmptyPath, 1 },
        { "blank record before data", File(Record("", ""), Record("n", "winboot/a/")), RecordFileError.BlankRecordBeforeData, 2 },
        { "duplicate name", File(Record("n", "winboot/a/"), Record("m", "winboot/b/"), Record("n", "winboot/c/")), RecordFileError.DuplicateName, 3 },
        { "absolute path", Record("n", "/srv/tftp/winboot/a/"), RecordFileError.AbsolutePath, 1 },
        { "backslash absolute path", Record("n", "\\winboot\\a\\"), RecordFileError.AbsolutePath, 1 },
        { "drive letter path", Record("n", "C:/winboot/a/"), RecordFileError.AbsolutePath, 1 },
        { "parent traversal", Record("n", "winboot/../../etc/"), RecordFileError.ParentTraversal, 1 },
        { "backslash parent traversal", Record("n", "winboot\\..\\x\\"), RecordFileError.ParentTraversal, 1 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_the_whole_file_naming_record_and_reason(string row, byte[] data, RecordFileError reason, int record)
    {
        var e = Assert.Throws<RecordFileException>(() => RecordFile.Parse(data, "proxydhcp.cfg"));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(record, e.RecordNumber);
        Assert.StartsWith("proxydhcp.cfg: ", e.Message);
        if (record > 0) Assert.Contains($"record {record}", e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.Detail), row);
    }

    [Fact]
    public void Every_reason_has_a_rejection_row()
    {
        var covered = Rejections().Select(r => (RecordFileError)r[2]).ToHashSet();
        covered.Add(RecordFileError.FieldTooLong); // writer-only: the reader's fields cannot be too long
        Assert.Equal(Enum.GetValues<RecordFileError>().ToHashSet(), covered);
    }
}
