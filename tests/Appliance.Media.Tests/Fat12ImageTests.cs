using System.Buffers.Binary;
using System.Text;

namespace Appliance.Media.Tests;

public class Fat12ImageTests
{
    private static readonly DateTime Stamp = new(2024, 5, 17, 13, 45, 30, DateTimeKind.Utc);

    private static MediaFile File(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    private static MediaFile File(string name, int size) => new(name, new byte[size]);

    [Fact]
    public void Boot_sector_has_the_1440k_geometry()
    {
        var image = Fat12Image.Create([File("Autounattend.xml", "<x/>")], "UNATTEND", Stamp);
        Assert.Equal(1_474_560, image.Length);
        Assert.Equal(512, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(11)));
        Assert.Equal(1, image[13]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(14)));
        Assert.Equal(2, image[16]);
        Assert.Equal(224, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(17)));
        Assert.Equal(2880, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(19)));
        Assert.Equal(0xF0, image[21]);
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(22)));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(24)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(26)));
        Assert.Equal(0x29, image[38]);
        Assert.Equal("UNATTEND   ", Encoding.ASCII.GetString(image, 43, 11));
        Assert.Equal("FAT12   ", Encoding.ASCII.GetString(image, 54, 8));
        Assert.Equal([0x55, 0xAA], image[510..512]);
        // The jump lands on the stub, and the stub's message is in the sector.
        Assert.Equal(0xEB, image[0]);
        Assert.Equal(0x3E, image[1] + 2);
        Assert.Contains("not bootable", Encoding.ASCII.GetString(image, 0x3E, 512 - 0x3E - 2));
    }

    [Fact]
    public void Fat_starts_with_media_byte_and_chains_clusters_in_both_copies()
    {
        var image = Fat12Image.Create([File("a.bin", 1025), File("b.bin", 1)], "", Stamp);
        var fat = image.AsSpan(Fat12Layout.FatOffset, Fat12Layout.FatSize);
        Assert.Equal(fat.ToArray(), image.AsSpan(Fat12Layout.FatOffset + Fat12Layout.FatSize, Fat12Layout.FatSize).ToArray());
        Assert.Equal(0xFF0, Entry(fat, 0));
        Assert.Equal(0xFFF, Entry(fat, 1));
        Assert.Equal(3, Entry(fat, 2));
        Assert.Equal(4, Entry(fat, 3));
        Assert.Equal(0xFFF, Entry(fat, 4));
        Assert.Equal(0xFFF, Entry(fat, 5));
        Assert.Equal(0, Entry(fat, 6));
    }

    private static int Entry(ReadOnlySpan<byte> fat, int n)
    {
        var v = BinaryPrimitives.ReadUInt16LittleEndian(fat[(n + n / 2)..]);
        return (n & 1) == 0 ? v & 0xFFF : v >> 4;
    }

    [Theory]
    [InlineData("Autounattend.xml", "AUTOUN~1XML", true, 0)]
    [InlineData("sysprep.inf", "SYSPREP INF", false, 0x18)]
    [InlineData("SETUP.CMD", "SETUP   CMD", false, 0)]
    [InlineData("Setup.cmd", "SETUP~1 CMD", true, 0)]
    [InlineData("readme", "README     ", false, 0x08)]
    [InlineData("a b.txt", "AB~1    TXT", true, 0)]
    [InlineData(".profile", "PROFIL~1   ", true, 0)]
    [InlineData("x+y=z.tar.gz", "X_Y_ZT~1GZ ", true, 0)]
    [InlineData("Überprüfung.ps1", "_BERPR~1PS1", true, 0)]
    public void Short_names_follow_the_windows_rule(string name, string expected, bool longEntries, byte caseFlags)
    {
        var image = Fat12Image.Create([File(name, "x")], "", Stamp);
        var dir = image.AsSpan(Fat12Layout.RootDirectoryOffset);
        var slots = longEntries ? (name.Length + 12) / 13 : 0;
        var sfn = dir.Slice(slots * 32, 32);
        Assert.Equal(expected, Encoding.ASCII.GetString(sfn[..11]));
        Assert.Equal(caseFlags, sfn[12]);
        Assert.Equal(0x20, sfn[11]);
        if (longEntries)
        {
            Assert.Equal(0x40 | slots, dir[0]);
            Assert.Equal(0x0F, dir[11]);
            Assert.Equal(1, dir[(slots - 1) * 32] & 0x1F);
        }
    }

    [Fact]
    public void Colliding_aliases_get_increasing_tails()
    {
        var image = Fat12Image.Create([File("Autounattend.xml", "1"), File("AutoUnattend2.xml", "2"), File("autoun~1.xml", "3")], "", Stamp);
        var names = ShortEntries(image);
        Assert.Equal(["AUTOUN~1XML", "AUTOUN~2XML", "AUTOUN~3XML"], names.OrderBy(n => n, StringComparer.Ordinal));
    }

    private static List<string> ShortEntries(byte[] image)
    {
        var list = new List<string>();
        for (var off = Fat12Layout.RootDirectoryOffset; image[off] != 0; off += 32)
            if (image[off + 11] != 0x0F && (image[off + 11] & 0x08) == 0) list.Add(Encoding.ASCII.GetString(image, off, 11));
        return list;
    }

    [Fact]
    public void Long_name_entries_carry_the_short_name_checksum_and_padding()
    {
        var image = Fat12Image.Create([File("Autounattend.xml", "x")], "", Stamp);
        var dir = image.AsSpan(Fat12Layout.RootDirectoryOffset);
        var sfn = dir.Slice(64, 11);
        byte sum = 0;
        foreach (var b in sfn) sum = (byte)(((sum & 1) << 7) + (sum >> 1) + b);
        Assert.Equal(sum, dir[13]);
        Assert.Equal(sum, dir[32 + 13]);
        // Entry 2 (first on disk) holds chars 13..15 "xml", then NUL, then 0xFFFF.
        Assert.Equal('x', (char)BinaryPrimitives.ReadUInt16LittleEndian(dir[1..]));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(dir[7..]));
        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16LittleEndian(dir[9..]));
        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16LittleEndian(dir[30..]));
    }

    [Fact]
    public void Volume_label_is_in_the_root_directory_too()
    {
        var image = Fat12Image.Create([], "payload", Stamp);
        Assert.Equal("PAYLOAD    ", Encoding.ASCII.GetString(image, Fat12Layout.RootDirectoryOffset, 11));
        Assert.Equal(0x08, image[Fat12Layout.RootDirectoryOffset + 11]);
    }

    [Fact]
    public void A_full_floppy_fits_and_one_byte_more_does_not()
    {
        var full = Fat12Image.Create([File("big.bin", Fat12Layout.Capacity)], "", Stamp);
        Assert.Equal(Fat12Layout.ImageSize, full.Length);
        var ex = Assert.Throws<MediaException>(() =>
            Fat12Image.Create([File("big.bin", Fat12Layout.Capacity - 511), File("c.bin", 1), File("d.bin", 1)], "", Stamp));
        Assert.Equal(MediaError.DoesNotFit, ex.Reason);
        Assert.Contains("1457664", ex.Message);
    }

    [Theory]
    [InlineData("a:b.txt", MediaError.InvalidName)]
    [InlineData("trailing.", MediaError.InvalidName)]
    [InlineData("", MediaError.InvalidName)]
    [InlineData("tab\there", MediaError.InvalidName)]
    public void Bad_names_are_refused_with_the_name(string name, MediaError reason)
    {
        var ex = Assert.Throws<MediaException>(() => Fat12Image.Create([File(name, "x")], "", Stamp));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(name, ex.FileName);
    }

    [Fact]
    public void Names_equal_but_for_case_are_duplicates()
    {
        var ex = Assert.Throws<MediaException>(() => Fat12Image.Create([File("Setup.cmd", "1"), File("SETUP.CMD", "2")], "", Stamp));
        Assert.Equal(MediaError.DuplicateName, ex.Reason);
    }

    [Fact]
    public void Too_many_long_names_fill_the_root_directory()
    {
        var files = Enumerable.Range(0, 60).Select(i => File($"a-rather-long-file-name-{i:D3}.txt", "x")).ToArray();
        var ex = Assert.Throws<MediaException>(() => Fat12Image.Create(files, "", Stamp));
        Assert.Equal(MediaError.DirectoryFull, ex.Reason);
        Assert.Contains("224", ex.Message);
    }

    [Theory]
    [InlineData("TWELVE CHARS")]
    [InlineData("A.B")]
    public void Bad_labels_are_refused(string label)
    {
        var ex = Assert.Throws<MediaException>(() => Fat12Image.Create([], label, Stamp));
        Assert.Equal(MediaError.InvalidLabel, ex.Reason);
    }

    [Fact]
    public void Small_destination_is_refused_before_writing()
    {
        var small = new byte[1000];
        var ex = Assert.Throws<MediaException>(() => Fat12Image.Write([], small, "", Stamp));
        Assert.Equal(MediaError.DestinationTooSmall, ex.Reason);
        Assert.All(small, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Same_inputs_give_the_same_bytes_and_a_reused_buffer_is_fully_overwritten()
    {
        MediaFile[] files = [File("Autounattend.xml", "<unattend/>"), File("sysprep.inf", "[Unattended]")];
        var expected = Fat12Image.Create(files, "UNATTEND", Stamp);
        var buffer = new byte[Fat12Layout.ImageSize];
        buffer.AsSpan().Fill(0xA5);
        var used = Fat12Image.Write(files, buffer, "UNATTEND", Stamp);
        Assert.Equal(expected, buffer);
        Assert.Equal(Fat12Layout.DataOffset + 2 * 512, used);
        Assert.All(buffer[used..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dirty_length_overload_clears_what_the_previous_image_used()
    {
        var buffer = new byte[Fat12Layout.ImageSize];
        var dirty = Fat12Image.Write([File("big.bin", 300_000)], buffer, "", Stamp);
        new Random(5).NextBytes(buffer.AsSpan(0, dirty));
        dirty = Fat12Image.Write([File("small.txt", "x")], buffer, "SMALL", Stamp, dirty);
        Assert.Equal(Fat12Image.Create([File("small.txt", "x")], "SMALL", Stamp), buffer);
        Assert.Equal(Fat12Layout.DataOffset + 512, dirty);
    }

    [Fact]
    public void Writing_into_a_reused_buffer_allocates_nothing()
    {
        MediaFile[] files = [File("Autounattend.xml", 40_000), File("sysprep.inf", 300), File("SETUP.CMD", 10)];
        var buffer = new byte[Fat12Layout.ImageSize];
        Fat12Image.Write(files, buffer, "UNATTEND", Stamp);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Fat12Image.Write(files, buffer, "UNATTEND", Stamp);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
