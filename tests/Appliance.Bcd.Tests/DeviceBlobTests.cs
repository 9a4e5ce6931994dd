using System.Buffers.Binary;
using System.Text;

namespace Appliance.Bcd.Tests;

/// <summary>
/// Device blobs byte for byte against the layout in the brief, written out here by hand with literal offsets
/// (independently of the library's constants), for short paths and for the 64+ character paths where
/// Cobbler's big-endian length breaks.
/// </summary>
public sealed class DeviceBlobTests
{
    private static readonly Guid Options = new("ae5534e0-a924-466c-b836-758539a3ee3a");

    private static byte[] ExpectedBootDescriptor()
    {
        var d = new byte[72];
        d[0x00] = 5;    // type boot
        d[0x08] = 0x48; // length
        return d;
    }

    [Fact]
    public void Boot_device_is_16_zero_bytes_then_the_72_byte_boot_descriptor()
    {
        var expected = new byte[16].Concat(ExpectedBootDescriptor()).ToArray();
        Assert.Equal(88, expected.Length);
        Assert.Equal(expected, BcdDevice.Boot.Encode());
        Assert.Equal(BcdDeviceKind.Boot, BcdDevice.Decode(expected).Kind);
    }

    public static TheoryData<string> Paths => new()
    {
        @"\winboot\pe\Boot\boot.wim",
        @"\winboot\" + new string('a', 40) + @"\Boot\boot.wim",   // 63 characters
        @"\winboot\" + new string('b', 41) + @"\Boot\boot.wim",   // 64
        @"\winboot\" + new string('c', 42) + @"\Boot\boot.wim",   // 65: Cobbler's generator breaks here
        @"\winboot\" + new string('d', 43) + @"\Boot\boot.wim",   // 66
        @"\winboot\" + new string('e', 100) + @"\Boot\boot.wim",  // 123
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Ramdisk_device_layout_at_every_offset(string path)
    {
        var lp = (path.Length + 1) * 2;
        var expected = new byte[0x8C + lp];
        Options.TryWriteBytes(expected.AsSpan(0x00));                                  // mixed-endian GUID
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x10), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x14), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x18), (uint)(0x7C + lp));
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x1C), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x20), 3);
        // 0x24..0x37 zero
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x38), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x3C), (uint)(0x54 + lp));
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(0x40), 5);
        ExpectedBootDescriptor().CopyTo(expected.AsSpan(0x44));
        Encoding.Unicode.GetBytes(path).CopyTo(expected.AsSpan(0x8C));                // then a UTF-16 NUL

        var blob = BcdDevice.Ramdisk(path, Options).Encode();
        Assert.Equal(expected.Length, blob.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == blob[i], $"path of {path.Length} chars: byte 0x{i:X2} expected 0x{expected[i]:X2}, saw 0x{blob[i]:X2}");
        Assert.Equal("e0 34 55 ae 24 a9 6c 46 b8 36 75 85 39 a3 ee 3a".Replace(" ", ""), Convert.ToHexString(blob, 0, 16).ToLowerInvariant());
        Assert.Equal([0, 0], blob[^2..]);

        var decoded = BcdDevice.Decode(blob);
        Assert.Equal(BcdDeviceKind.Ramdisk, decoded.Kind);
        Assert.Equal(path, decoded.Path);
        Assert.Equal(Options, decoded.Options);
    }

    [Fact]
    public void A_big_endian_length_as_cobbler_writes_it_is_refused_by_the_reader()
    {
        var path = @"\winboot\" + new string('c', 42) + @"\Boot\boot.wim";
        var blob = BcdDevice.Ramdisk(path, Options).Encode();
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(0x18), BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(0x18)));
        var e = Assert.Throws<BcdFormatException>(() => BcdDevice.Decode(blob));
        Assert.Equal(BcdErrorReason.BadDevice, e.Reason);
        Assert.Contains("at 0x18", e.Message);
    }

    [Fact]
    public void Relative_or_slash_paths_are_refused()
    {
        Assert.Throws<BcdFormatException>(() => BcdDevice.Ramdisk("winboot\\x", Options));
        Assert.Throws<BcdFormatException>(() => BcdDevice.Ramdisk("/winboot/x", Options));
    }

    [Fact]
    public void Unknown_blobs_are_kept_raw()
    {
        var raw = new byte[40];
        raw[0x10] = 6; // a partition descriptor: not ours
        var device = BcdDevice.Decode(raw);
        Assert.Equal(BcdDeviceKind.Unknown, device.Kind);
        Assert.Equal(raw, device.Encode());
    }
}
