using System.Buffers.Binary;
using static Appliance.Media.Iso9660Layout;

namespace Appliance.Media;

public static partial class Iso9660Image
{
    private static ReadOnlySpan<byte> StandardIdentifier => "CD001"u8;
    /// <summary>Joliet's escape sequence for UCS-2 level 3 in the supplementary descriptor.</summary>
    private static ReadOnlySpan<byte> JolietEscape => "%/E"u8;
    private const string ApplicationName = "APPLIANCE FLOPPYGEN";

    private static void WriteDescriptor(Span<byte> d, bool joliet, string label, Layout plan, int rootSector,
        int rootSectors, DateTime timestamp)
    {
        d[Descriptor.Type] = joliet ? Descriptor.TypeSupplementary : Descriptor.TypePrimary;
        StandardIdentifier.CopyTo(d[Descriptor.StandardId..]);
        d[Descriptor.Version] = 1;
        WriteText(d.Slice(Descriptor.SystemId, Descriptor.SystemIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.VolumeId, VolumeIdLength), label, joliet);
        WriteBoth32(d, Descriptor.VolumeSpaceSize, plan.TotalSectors);
        if (joliet) JolietEscape.CopyTo(d[Descriptor.EscapeSequences..]);
        WriteBoth16(d, Descriptor.VolumeSetSize, 1);
        WriteBoth16(d, Descriptor.VolumeSequenceNumber, 1);
        WriteBoth16(d, Descriptor.LogicalBlockSize, SectorSize);
        WriteBoth32(d, Descriptor.PathTableSize, PathRecord.RootSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[Descriptor.LPathTable..], joliet ? JolietLPathTableSector : IsoLPathTableSector);
        BinaryPrimitives.WriteInt32BigEndian(d[Descriptor.MPathTable..], joliet ? JolietMPathTableSector : IsoMPathTableSector);
        WriteDirectoryRecord(d.Slice(Descriptor.RootDirectoryRecord, Record.DotRecordLength), rootSector,
            rootSectors * SectorSize, Record.FlagDirectory, [0], timestamp);
        WriteText(d.Slice(Descriptor.VolumeSetId, Descriptor.LongIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.PublisherId, Descriptor.LongIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.PreparerId, Descriptor.LongIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.ApplicationId, Descriptor.LongIdLength), ApplicationName, joliet);
        WriteText(d.Slice(Descriptor.CopyrightFileId, Descriptor.FileIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.AbstractFileId, Descriptor.FileIdLength), "", joliet);
        WriteText(d.Slice(Descriptor.BibliographicFileId, Descriptor.FileIdLength), "", joliet);
        WriteLongDate(d.Slice(Descriptor.CreationDate, Descriptor.DateLength), timestamp);
        WriteLongDate(d.Slice(Descriptor.ModificationDate, Descriptor.DateLength), timestamp);
        WriteLongDate(d.Slice(Descriptor.ExpirationDate, Descriptor.DateLength), null);
        WriteLongDate(d.Slice(Descriptor.EffectiveDate, Descriptor.DateLength), null);
        d[Descriptor.FileStructureVersion] = 1;
    }

    private static void WriteTerminator(Span<byte> d)
    {
        d[Descriptor.Type] = Descriptor.TypeTerminator;
        StandardIdentifier.CopyTo(d[Descriptor.StandardId..]);
        d[Descriptor.Version] = 1;
    }

    /// <summary>
    /// A text field: the primary descriptor holds upper-case d-characters padded with spaces (others become '_'),
    /// the Joliet descriptor UCS-2 big-endian padded with U+0020.
    /// </summary>
    private static void WriteText(Span<byte> field, string text, bool joliet)
    {
        if (joliet)
        {
            var chars = field.Length / 2;
            for (var k = 0; k < chars; k++)
                BinaryPrimitives.WriteUInt16BigEndian(field[(2 * k)..], k < text.Length ? text[k] : ' ');
            if ((field.Length & 1) == 1) field[^1] = 0;
            return;
        }
        for (var k = 0; k < field.Length; k++)
        {
            if (k >= text.Length) { field[k] = (byte)' '; continue; }
            var c = char.ToUpperInvariant(text[k]);
            field[k] = c == ' ' || ShortNames.IsShortChar(c, iso: true) ? (byte)c : (byte)'_';
        }
    }

    /// <summary>The 17-byte "YYYYMMDDHHMMSScc" + GMT offset form (§8.4.26.1); all zeros for "not specified".</summary>
    private static void WriteLongDate(Span<byte> field, DateTime? time)
    {
        if (time is not { } t)
        {
            field[..16].Fill((byte)'0');
            field[16] = 0;
            return;
        }
        WriteDigits(field[..4], t.Year);
        WriteDigits(field.Slice(4, 2), t.Month);
        WriteDigits(field.Slice(6, 2), t.Day);
        WriteDigits(field.Slice(8, 2), t.Hour);
        WriteDigits(field.Slice(10, 2), t.Minute);
        WriteDigits(field.Slice(12, 2), t.Second);
        WriteDigits(field.Slice(14, 2), t.Millisecond / 10);
        field[16] = 0; // UTC
    }

    private static void WriteDigits(Span<byte> field, int value)
    {
        for (var k = field.Length - 1; k >= 0; k--, value /= 10) field[k] = (byte)('0' + value % 10);
    }

    private static void WritePathTable(Span<byte> table, int rootSector, bool bigEndian)
    {
        table[PathRecord.IdLength] = 1;
        table[PathRecord.ExtendedAttributeLength] = 0;
        if (bigEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(table[PathRecord.Extent..], rootSector);
            BinaryPrimitives.WriteUInt16BigEndian(table[PathRecord.ParentNumber..], 1);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(table[PathRecord.Extent..], rootSector);
            BinaryPrimitives.WriteUInt16LittleEndian(table[PathRecord.ParentNumber..], 1);
        }
        table[PathRecord.Id] = 0;
    }

    /// <summary>The "." and ".." records of the root (both the root itself, §6.8.2.2); returns the next offset.</summary>
    private static int WriteDotRecords(Span<byte> dir, int rootSector, int rootSectors, DateTime timestamp)
    {
        WriteDirectoryRecord(dir[..Record.DotRecordLength], rootSector, rootSectors * SectorSize, Record.FlagDirectory, [0], timestamp);
        WriteDirectoryRecord(dir.Slice(Record.DotRecordLength, Record.DotRecordLength), rootSector, rootSectors * SectorSize,
            Record.FlagDirectory, [1], timestamp);
        return 2 * Record.DotRecordLength;
    }

    /// <summary>Writes a file record at <paramref name="pos"/>, moving to the next sector if it would cross one.</summary>
    private static int WriteRecord(Span<byte> dir, int pos, int extent, int length, byte flags, ReadOnlySpan<byte> id,
        DateTime timestamp)
    {
        var recordLength = RecordLength(id.Length);
        if (pos / SectorSize != (pos + recordLength - 1) / SectorSize) pos = (pos / SectorSize + 1) * SectorSize;
        WriteDirectoryRecord(dir.Slice(pos, recordLength), extent, length, flags, id, timestamp);
        return pos + recordLength;
    }

    private static void WriteDirectoryRecord(Span<byte> r, int extent, int length, byte flags, ReadOnlySpan<byte> id,
        DateTime t)
    {
        r.Clear();
        r[Record.Length] = (byte)RecordLength(id.Length);
        r[Record.ExtendedAttributeLength] = 0;
        WriteBoth32(r, Record.Extent, extent);
        WriteBoth32(r, Record.DataLength, length);
        var date = r.Slice(Record.RecordingDate, Record.DateLength);
        date[0] = (byte)(t.Year - 1900);
        date[1] = (byte)t.Month;
        date[2] = (byte)t.Day;
        date[3] = (byte)t.Hour;
        date[4] = (byte)t.Minute;
        date[5] = (byte)t.Second;
        date[6] = 0; // GMT offset in 15-minute units: UTC
        r[Record.Flags] = flags;
        WriteBoth16(r, Record.VolumeSequenceNumber, 1);
        r[Record.FileIdLength] = (byte)id.Length;
        id.CopyTo(r[Record.FileId..]);
    }
}
