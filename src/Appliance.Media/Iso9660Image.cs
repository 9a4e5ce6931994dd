using System.Buffers.Binary;
using static Appliance.Media.Iso9660Layout;

namespace Appliance.Media;

/// <summary>
/// Writes a CD image (ISO 9660 with Joliet) holding files in its root directory: a primary volume descriptor whose
/// directory has level-1 identifiers (<c>AUTOUN~1.XML;1</c>), a Joliet supplementary descriptor whose directory has
/// the real names in UCS-2, both directories pointing at the same file extents. Windows (and the Linux isofs driver)
/// read the Joliet names. Writes into a caller's buffer without allocating.
/// </summary>
public static partial class Iso9660Image
{
    /// <summary>The label used when none is given.</summary>
    public const string DefaultLabel = "UNATTEND";

    /// <summary>The most files one image takes (a payload CD carries a handful).</summary>
    public const int MaxFiles = 256;

    private const int IsoIdMax = ShortNames.NameLength + 3; // "BASENAME.EXT;1"

    /// <summary>The image size in bytes for these files; validates the names as <see cref="Write"/> does.</summary>
    public static int GetSize(ReadOnlySpan<MediaFile> files)
    {
        Span<byte> isoIds = stackalloc byte[MaxFiles * IsoIdMax];
        Span<byte> isoIdLengths = stackalloc byte[MaxFiles];
        Span<int> isoOrder = stackalloc int[MaxFiles];
        Span<int> jolietOrder = stackalloc int[MaxFiles];
        return Plan(files, isoIds, isoIdLengths, isoOrder, jolietOrder).TotalSectors * SectorSize;
    }

    /// <summary>Creates a new image array (convenience over <see cref="Write"/>).</summary>
    public static byte[] Create(ReadOnlySpan<MediaFile> files, string volumeLabel, DateTime timestamp)
    {
        var image = new byte[GetSize(files)];
        Write(files, image, volumeLabel, timestamp);
        return image;
    }

    /// <summary>
    /// Writes the image into <paramref name="destination"/> (at least <see cref="GetSize"/> bytes) and returns its length.
    /// Throws <see cref="MediaException"/> before writing anything when a name or the label cannot be written.
    /// </summary>
    public static int Write(ReadOnlySpan<MediaFile> files, Span<byte> destination, string volumeLabel, DateTime timestamp)
    {
        Span<byte> isoIds = stackalloc byte[MaxFiles * IsoIdMax];
        Span<byte> isoIdLengths = stackalloc byte[MaxFiles];
        Span<int> isoOrder = stackalloc int[MaxFiles];
        Span<int> jolietOrder = stackalloc int[MaxFiles];
        var plan = Plan(files, isoIds, isoIdLengths, isoOrder, jolietOrder);
        var label = string.IsNullOrEmpty(volumeLabel) ? DefaultLabel : volumeLabel;
        ValidateLabel(label);
        var size = plan.TotalSectors * SectorSize;
        if (destination.Length < size)
            ThrowHelper.Throw(MediaError.DestinationTooSmall,
                $"this CD image needs {size} bytes; the destination has {destination.Length}");

        var image = destination[..size];
        image[..(plan.DataSector * SectorSize)].Clear();

        var isoRoot = FirstDirectorySector;
        var jolietRoot = FirstDirectorySector + plan.IsoDirectorySectors;
        WriteDescriptor(Sector(image, PrimaryDescriptorSector), joliet: false, label, plan, isoRoot, plan.IsoDirectorySectors, timestamp);
        WriteDescriptor(Sector(image, JolietDescriptorSector), joliet: true, label, plan, jolietRoot, plan.JolietDirectorySectors, timestamp);
        WriteTerminator(Sector(image, TerminatorSector));
        WritePathTable(Sector(image, IsoLPathTableSector), isoRoot, bigEndian: false);
        WritePathTable(Sector(image, IsoMPathTableSector), isoRoot, bigEndian: true);
        WritePathTable(Sector(image, JolietLPathTableSector), jolietRoot, bigEndian: false);
        WritePathTable(Sector(image, JolietMPathTableSector), jolietRoot, bigEndian: true);

        // File extents, in the order given; zero-length files point at the data start with length 0.
        Span<int> extents = stackalloc int[files.Length];
        var sector = plan.DataSector;
        for (var i = 0; i < files.Length; i++)
        {
            var content = files[i].Content.Span;
            extents[i] = sector;
            content.CopyTo(image[(sector * SectorSize)..]);
            var used = SectorsFor(content.Length);
            var tail = used * SectorSize - content.Length;
            image.Slice(sector * SectorSize + content.Length, tail).Clear();
            sector += used;
        }

        var isoDir = image.Slice(isoRoot * SectorSize, plan.IsoDirectorySectors * SectorSize);
        var jolietDir = image.Slice(jolietRoot * SectorSize, plan.JolietDirectorySectors * SectorSize);
        var pos = WriteDotRecords(isoDir, isoRoot, plan.IsoDirectorySectors, timestamp);
        foreach (var i in isoOrder[..files.Length])
        {
            var id = isoIds.Slice(i * IsoIdMax, isoIdLengths[i]);
            pos = WriteRecord(isoDir, pos, extents[i], files[i].Content.Length, 0, id, timestamp);
        }
        pos = WriteDotRecords(jolietDir, jolietRoot, plan.JolietDirectorySectors, timestamp);
        Span<byte> ucs2 = stackalloc byte[JolietMaxNameLength * 2];
        foreach (var i in jolietOrder[..files.Length])
        {
            var name = files[i].Name;
            for (var k = 0; k < name.Length; k++) BinaryPrimitives.WriteUInt16BigEndian(ucs2[(2 * k)..], name[k]);
            pos = WriteRecord(jolietDir, pos, extents[i], files[i].Content.Length, 0, ucs2[..(2 * name.Length)], timestamp);
        }
        return size;
    }

    private static Span<byte> Sector(Span<byte> image, int sector) => image.Slice(sector * SectorSize, SectorSize);

    private static int SectorsFor(int bytes) => (bytes + SectorSize - 1) / SectorSize;

    /// <summary>Length of a directory record with an identifier of n bytes: padded to even (§9.1.12).</summary>
    private static int RecordLength(int idLength) => Record.FileId + idLength + ((idLength & 1) == 0 ? 1 : 0);

    /// <summary>Sectors a directory takes: records never cross a sector boundary (§6.8.1.1).</summary>
    private static int DirectorySectors(ReadOnlySpan<MediaFile> files, ReadOnlySpan<byte> isoIdLengths, bool joliet)
    {
        var sectors = 1;
        var used = 2 * Record.DotRecordLength;
        for (var i = 0; i < files.Length; i++)
        {
            var length = RecordLength(joliet ? 2 * files[i].Name.Length : isoIdLengths[i]);
            if (used + length > SectorSize) { sectors++; used = 0; }
            used += length;
        }
        return sectors;
    }

    private static void WriteBoth32(Span<byte> span, int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], value);
        BinaryPrimitives.WriteInt32BigEndian(span[(offset + 4)..], value);
    }

    private static void WriteBoth16(Span<byte> span, int offset, int value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)value);
        BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 2)..], (ushort)value);
    }
}
