using System.Buffers.Binary;
using System.Text;

namespace Appliance.Registry.Tests;

/// <summary>
/// Shapes our writer never produces but Windows does: an "li" subkey list and "db" big data (hive 1.4+). The hive is
/// written by us and then rewritten by hand into those shapes; hivex must read it too, so the shapes are real.
/// </summary>
public sealed class OtherWritersShapesTests : IDisposable
{
    private const int Base = 4096;
    private const int Segment = 16344;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reader_follows_li_lists_and_db_big_data()
    {
        var root = new RegistryKey("ROOT");
        var big = SampleHives.Pattern(20000);
        root.CreateSubKey("A").SetValue(RegistryValue.Binary("big", big));
        root.CreateSubKey("B").SetValue(RegistryValue.DWord("d", 5));
        var original = SampleHives.Write(root);
        var hive = new byte[original.Length + 4096];
        original.CopyTo(hive, 0);
        var s = hive.AsSpan();

        // Root's "lf" (8-byte entries) becomes an "li" (4-byte entries) in the same cell.
        var rootNk = Base + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[0x24..]);
        var list = Base + (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(rootNk + 4 + 0x1C)..]);
        Assert.Equal("lf", Encoding.ASCII.GetString(hive, list + 4, 2));
        var first = BinaryPrimitives.ReadUInt32LittleEndian(s[(list + 8)..]);
        var second = BinaryPrimitives.ReadUInt32LittleEndian(s[(list + 16)..]);
        "li"u8.CopyTo(s[(list + 4)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(list + 8)..], first);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(list + 12)..], second);

        // The 20000-byte value becomes "db": segment 1 is the old data cell (its first 16344 bytes), segment 2 new.
        var vk = FindVk(hive, "big");
        var oldData = BinaryPrimitives.ReadUInt32LittleEndian(s[(vk + 4 + 8)..]);
        var bin = original.Length;                       // new 4096-byte hbin at the end
        var rel = bin - Base;
        "hbin"u8.CopyTo(s[bin..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(bin + 4)..], (uint)rel);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(bin + 8)..], 4096);
        var db = bin + 32;
        var segList = db + 16;
        var seg2 = segList + 16;
        var seg2Size = (4 + big.Length - Segment + 7) & ~7;
        BinaryPrimitives.WriteInt32LittleEndian(s[db..], -16);
        "db"u8.CopyTo(s[(db + 4)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(db + 6)..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(db + 8)..], (uint)(segList - Base));
        BinaryPrimitives.WriteInt32LittleEndian(s[segList..], -16);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(segList + 4)..], oldData);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(segList + 8)..], (uint)(seg2 - Base));
        BinaryPrimitives.WriteInt32LittleEndian(s[seg2..], -seg2Size);
        big.AsSpan(Segment).CopyTo(s[(seg2 + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[(seg2 + seg2Size)..], bin + 4096 - (seg2 + seg2Size)); // free rest
        BinaryPrimitives.WriteUInt32LittleEndian(s[(vk + 4 + 8)..], (uint)(db - Base));
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x18..], 5);                               // minor 5: big data allowed
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x28..], (uint)(hive.Length - Base));
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x1FC..], HiveWriter.Checksum(s));

        var read = HiveReader.Read(hive);
        Rows.AssertSame(SampleHives.Flatten(root), SampleHives.Flatten(read));

        // hivex agrees that this is a valid hive with the same value.
        var path = _dir.File("shapes.hive");
        File.WriteAllBytes(path, hive);
        var export = PeerTools.RunOk(PeerTools.Peer("hivexregedit", "libwin-hivex-perl"), ["--export", path, "\\A"], encoding: Encoding.Latin1);
        var line = export.Split('\n').Single(l => l.StartsWith("\"big\"=", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.Equal(big, RegText.ParseData(RegText.SplitName(line).Remainder).Data);
    }

    private static int FindVk(byte[] hive, string name)
    {
        for (var bin = Base; bin < hive.Length && Encoding.ASCII.GetString(hive, bin, 4) == "hbin";
             bin += (int)BinaryPrimitives.ReadUInt32LittleEndian(hive.AsSpan(bin + 8)))
        {
            var end = bin + (int)BinaryPrimitives.ReadUInt32LittleEndian(hive.AsSpan(bin + 8));
            for (var cell = bin + 32; cell < end; cell += Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(hive.AsSpan(cell))))
            {
                if (Encoding.ASCII.GetString(hive, cell + 4, 2) == "vk"
                    && BinaryPrimitives.ReadUInt16LittleEndian(hive.AsSpan(cell + 6)) == name.Length
                    && Encoding.ASCII.GetString(hive, cell + 4 + 0x14, name.Length) == name) return cell;
            }
        }
        throw new Xunit.Sdk.XunitException($"no vk {name}");
    }
}
