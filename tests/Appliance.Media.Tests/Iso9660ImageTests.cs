using System.Buffers.Binary;
using System.Text;

namespace Appliance.Media.Tests;

public class Iso9660ImageTests
{
    private static readonly DateTime Stamp = new(2024, 5, 17, 13, 45, 30, DateTimeKind.Utc);

    private static MediaFile File(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Descriptors_sit_at_16_17_18()
    {
        var image = Iso9660Image.Create([File("Autounattend.xml", "<x/>")], "UNATTEND", Stamp);
        Assert.Equal(0, image.Length % 2048);
        Assert.Equal(1, image[16 * 2048]);
        Assert.Equal("CD001", Encoding.ASCII.GetString(image, 16 * 2048 + 1, 5));
        Assert.Equal(2, image[17 * 2048]);
        Assert.Equal("%/E", Encoding.ASCII.GetString(image, 17 * 2048 + 88, 3));
        Assert.Equal(255, image[18 * 2048]);
        Assert.Equal(image.Length / 2048, BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(16 * 2048 + 80)));
        Assert.Equal(image.Length / 2048, BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16 * 2048 + 84)));
        Assert.Equal("UNATTEND", Encoding.BigEndianUnicode.GetString(image, 17 * 2048 + 40, 16));
    }

    [Fact]
    public void Both_directories_point_at_the_same_extent()
    {
        var content = "<unattend/>";
        var image = Iso9660Image.Create([File("Autounattend.xml", content)], "", Stamp);
        var isoRoot = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(16 * 2048 + 156 + 2));
        var jolietRoot = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(17 * 2048 + 156 + 2));
        var isoRecord = image.AsSpan(isoRoot * 2048 + 68);
        var jolietRecord = image.AsSpan(jolietRoot * 2048 + 68);
        Assert.Equal("AUTOUN~1.XML;1", Encoding.ASCII.GetString(isoRecord.Slice(33, isoRecord[32])));
        Assert.Equal("Autounattend.xml", Encoding.BigEndianUnicode.GetString(jolietRecord.Slice(33, jolietRecord[32])));
        var extent = BinaryPrimitives.ReadInt32LittleEndian(isoRecord[2..]);
        Assert.Equal(extent, BinaryPrimitives.ReadInt32LittleEndian(jolietRecord[2..]));
        Assert.Equal(content, Encoding.UTF8.GetString(image, extent * 2048, content.Length));
    }

    [Fact]
    public void Lossless_names_keep_no_tail_and_records_are_sorted()
    {
        var image = Iso9660Image.Create([File("sysprep.inf", "a"), File("Autounattend.xml", "b"), File("README", "c")], "", Stamp);
        var isoRoot = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(16 * 2048 + 156 + 2));
        var names = new List<string>();
        for (var off = isoRoot * 2048 + 68; image[off] != 0; off += image[off])
            names.Add(Encoding.ASCII.GetString(image, off + 33, image[off + 32]));
        Assert.Equal(["AUTOUN~1.XML;1", "README.;1", "SYSPREP.INF;1"], names);
    }

    [Theory]
    [InlineData("a;b", MediaError.InvalidName)]
    [InlineData("dir/file", MediaError.InvalidName)]
    [InlineData("a-name-that-is-longer-than-sixty-four-characters-which-joliet-refuses.xml", MediaError.InvalidName)]
    public void Bad_names_are_refused(string name, MediaError reason)
    {
        var ex = Assert.Throws<MediaException>(() => Iso9660Image.Create([File(name, "x")], "", Stamp));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(name, ex.FileName);
    }

    [Fact]
    public void Duplicate_names_and_long_labels_are_refused()
    {
        Assert.Equal(MediaError.DuplicateName, Assert.Throws<MediaException>(() =>
            Iso9660Image.Create([File("a.txt", "1"), File("A.TXT", "2")], "", Stamp)).Reason);
        Assert.Equal(MediaError.InvalidLabel, Assert.Throws<MediaException>(() =>
            Iso9660Image.Create([], "SEVENTEEN-CHARS-X", Stamp)).Reason);
    }

    [Fact]
    public void Many_files_spill_directories_over_sector_boundaries_without_splitting_records()
    {
        var files = Enumerable.Range(0, 200).Select(i => File($"postscript-number-{i:D3}.ps1", $"# {i}")).ToArray();
        var image = Iso9660Image.Create(files, "", Stamp);
        var jolietRoot = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(17 * 2048 + 156 + 2));
        var length = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(17 * 2048 + 156 + 10));
        Assert.True(length > 2048);
        var count = 0;
        for (var off = jolietRoot * 2048; off < jolietRoot * 2048 + length;)
        {
            if (image[off] == 0) { off = (off / 2048 + 1) * 2048; continue; }
            Assert.Equal(off / 2048, (off + image[off] - 1) / 2048);
            count++;
            off += image[off];
        }
        Assert.Equal(202, count);
    }

    [Fact]
    public void Writing_into_a_reused_buffer_allocates_nothing()
    {
        MediaFile[] files = [File("Autounattend.xml", new string('x', 40_000)), File("sysprep.inf", "[Unattended]")];
        var buffer = new byte[Iso9660Image.GetSize(files)];
        Iso9660Image.Write(files, buffer, "UNATTEND", Stamp);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Iso9660Image.Write(files, buffer, "UNATTEND", Stamp);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
