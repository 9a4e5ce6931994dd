using System.Buffers.Binary;

namespace Appliance.Registry.Tests;

/// <summary>Broken hives are refused with a reason and a place, never with a crash.</summary>
public sealed class HiveReaderErrorTests
{
    private static byte[] Small()
    {
        var root = new RegistryKey("ROOT");
        root.CreateSubKey("A").SetValue(RegistryValue.String("v", "some text that is long enough"));
        root.CreateSubKey("B").SetValue(RegistryValue.DWord("d", 1));
        return SampleHives.Write(root);
    }

    private static void Rechecksum(byte[] hive) =>
        BinaryPrimitives.WriteUInt32LittleEndian(hive.AsSpan(0x1FC), HiveWriter.Checksum(hive));

    [Fact]
    public void Wrong_signature()
    {
        var hive = Small();
        hive[0] = (byte)'x';
        var e = Assert.Throws<HiveFormatException>(() => HiveReader.Read(hive));
        Assert.Equal(HiveErrorReason.BadSignature, e.Reason);
        Assert.Contains("expected signature \"regf\"", e.Message);
    }

    [Fact]
    public void Wrong_checksum_names_expected_and_seen()
    {
        var hive = Small();
        hive[0x30] ^= 1;
        var e = Assert.Throws<HiveFormatException>(() => HiveReader.Read(hive));
        Assert.Equal(HiveErrorReason.BadChecksum, e.Reason);
        Assert.Equal(0x1FC, e.Offset);
        Assert.Matches("expected 0x[0-9A-F]{8} .*saw 0x[0-9A-F]{8}", e.Message);
    }

    [Fact]
    public void Truncated_file()
    {
        var e = Assert.Throws<HiveFormatException>(() => HiveReader.Read(Small().AsSpan(0, 4100)));
        Assert.Equal(HiveErrorReason.Truncated, e.Reason);
    }

    [Fact]
    public void Bad_hbin_signature()
    {
        var hive = Small();
        hive[4096] = (byte)'X';
        var e = Assert.Throws<HiveFormatException>(() => HiveReader.Read(hive));
        Assert.Equal(HiveErrorReason.BadBin, e.Reason);
        Assert.Equal(4096, e.Offset);
    }

    [Fact]
    public void Root_offset_outside_the_hive()
    {
        var hive = Small();
        BinaryPrimitives.WriteUInt32LittleEndian(hive.AsSpan(0x24), 0x7FFFFFF0);
        Rechecksum(hive);
        var e = Assert.Throws<HiveFormatException>(() => HiveReader.Read(hive));
        Assert.Equal(HiveErrorReason.BadOffset, e.Reason);
    }

    [Fact]
    public void Every_single_byte_corruption_is_read_or_refused_cleanly()
    {
        var good = Small();
        var rng = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var hive = (byte[])good.Clone();
            var at = 4096 + rng.Next(hive.Length - 4096);
            hive[at] = (byte)rng.Next(256);
            try
            {
                HiveReader.Read(hive);
            }
            catch (HiveFormatException)
            {
            }
        }
    }

    [Fact]
    public void Writer_refuses_names_differing_only_in_case_and_bad_key_names()
    {
        Assert.Throws<HiveFormatException>(() => new RegistryKey("a\\b"));
        Assert.Throws<HiveFormatException>(() => new RegistryKey(""));
        var root = new RegistryKey("R");
        root.CreateSubKey("Key");
        Assert.Same(root.GetSubKey("KEY"), root.CreateSubKey("kEy"));
        Assert.Throws<InvalidOperationException>(() => root.AddSubKey(new RegistryKey("KEY")));
    }
}
