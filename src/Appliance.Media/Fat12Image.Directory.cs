using System.Buffers.Binary;
using static Appliance.Media.Fat12Layout;

namespace Appliance.Media;

public static partial class Fat12Image
{
    private const ushort LongNameTerminator = 0x0000;
    private const ushort LongNamePadding = 0xFFFF;

    private static void WriteLabelEntry(Span<byte> entry, ReadOnlySpan<byte> label, DosDateTime dos)
    {
        label.CopyTo(entry[Entry.Name..]);
        entry[Entry.Attributes] = Entry.AttributeVolumeId;
        WriteUInt16(entry, Entry.WriteTime, dos.Time);
        WriteUInt16(entry, Entry.WriteDate, dos.Date);
    }

    private static void WriteShortEntry(Span<byte> entry, ReadOnlySpan<byte> name11, byte caseFlags, int firstCluster,
        int size, DosDateTime dos)
    {
        name11.CopyTo(entry[Entry.Name..]);
        entry[Entry.Attributes] = Entry.AttributeArchive;
        entry[Entry.NtCase] = caseFlags;
        entry[Entry.CreateTimeTenths] = dos.Tenths;
        WriteUInt16(entry, Entry.CreateTime, dos.Time);
        WriteUInt16(entry, Entry.CreateDate, dos.Date);
        WriteUInt16(entry, Entry.AccessDate, dos.Date);
        WriteUInt16(entry, Entry.WriteTime, dos.Time);
        WriteUInt16(entry, Entry.WriteDate, dos.Date);
        WriteUInt16(entry, Entry.FirstClusterLow, firstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[Entry.FileSize..], (uint)size);
    }

    /// <summary>
    /// Writes the long-name entries of <paramref name="name"/> starting at directory slot <paramref name="slot"/>:
    /// the last part first, flagged 0x40, down to ordinal 1 right before the short entry (fatgen103 §7). The name is
    /// NUL-terminated when it does not fill the last entry, and the rest padded with 0xFFFF.
    /// </summary>
    private static int WriteLongEntries(Span<byte> dir, int slot, string name, byte checksum)
    {
        var count = LongEntryCount(name.Length);
        for (var ordinal = count; ordinal >= 1; ordinal--)
        {
            var entry = dir.Slice(slot++ * DirectoryEntrySize, DirectoryEntrySize);
            entry[LongEntry.Ordinal] = (byte)(ordinal | (ordinal == count ? LongEntry.LastEntryFlag : 0));
            entry[LongEntry.Attributes] = Entry.AttributeLongName;
            entry[LongEntry.Type] = 0;
            entry[LongEntry.Checksum] = checksum;
            WriteUInt16(entry, LongEntry.FirstClusterLow, 0);
            var start = (ordinal - 1) * LongEntry.CharsPerEntry;
            for (var k = 0; k < LongEntry.CharsPerEntry; k++)
            {
                var at = start + k;
                var unit = at < name.Length ? name[at] : at == name.Length ? LongNameTerminator : LongNamePadding;
                WriteUInt16(entry, LongNameCharOffset(k), unit);
            }
        }
        return slot;
    }

    /// <summary>Where the k-th (0–12) UTF-16 unit of a long-name entry goes: 5 in Name1, 6 in Name2, 2 in Name3.</summary>
    private static int LongNameCharOffset(int k) => k switch
    {
        < LongEntry.Name1Chars => LongEntry.Name1 + 2 * k,
        < LongEntry.Name1Chars + LongEntry.Name2Chars => LongEntry.Name2 + 2 * (k - LongEntry.Name1Chars),
        _ => LongEntry.Name3 + 2 * (k - LongEntry.Name1Chars - LongEntry.Name2Chars),
    };
}
