using System.Buffers.Binary;
using static Appliance.Media.Fat12Layout;

namespace Appliance.Media;

/// <summary>
/// Writes a 1.44 MB FAT12 floppy image (the geometry in <see cref="Fat12Layout"/>) holding files in its root directory,
/// with VFAT long names where a name is not 8.3, a volume label in the BPB and the root directory, and a boot sector
/// that prints "not bootable". Writes into a caller's buffer and allocates nothing, so a batch of images can reuse
/// one buffer. Files are laid out contiguously from cluster 2 in the order given.
/// </summary>
public static partial class Fat12Image
{
    /// <summary>The label used when none is given (Windows Setup does not care).</summary>
    public const string DefaultLabel = "UNATTEND";

    private const int MaxFiles = RootEntryCount - 1;

    /// <summary>Creates a new image array (convenience over <see cref="Write"/>).</summary>
    public static byte[] Create(ReadOnlySpan<MediaFile> files, string volumeLabel, DateTime timestamp)
    {
        var image = new byte[ImageSize];
        Write(files, image, volumeLabel, timestamp);
        return image;
    }

    /// <summary>
    /// Writes the image into <paramref name="destination"/> and returns how many leading bytes hold data: everything
    /// after them is zero, so a file writer may leave that part as a hole. The destination needs at least those bytes
    /// (<see cref="Measure"/>; <see cref="Fat12Layout.ImageSize"/> always suffices); only the first
    /// <see cref="Fat12Layout.ImageSize"/> bytes are written. Throws <see cref="MediaException"/> before touching the
    /// destination when the files cannot be written.
    /// </summary>
    public static int Write(ReadOnlySpan<MediaFile> files, Span<byte> destination, string volumeLabel, DateTime timestamp) =>
        Write(files, destination, volumeLabel, timestamp, ImageSize);

    /// <summary>
    /// As <see cref="Write(ReadOnlySpan{MediaFile}, Span{byte}, string, DateTime)"/> for a reused buffer whose bytes
    /// from <paramref name="dirtyLength"/> on are known to be zero (the value the previous call returned): only the
    /// bytes that were or will be used are cleared, about 20 KB for a typical payload instead of 1.44 MB.
    /// </summary>
    public static int Write(ReadOnlySpan<MediaFile> files, Span<byte> destination, string volumeLabel, DateTime timestamp,
        int dirtyLength)
    {
        Span<byte> label = stackalloc byte[ShortNames.NameLength];
        Span<byte> shortNames = stackalloc byte[MaxFiles * ShortNames.NameLength];
        Span<byte> caseFlags = stackalloc byte[MaxFiles];
        Span<bool> needsLong = stackalloc bool[MaxFiles];
        var clusters = Plan(files, volumeLabel, label, shortNames, caseFlags, needsLong, out var hasLabel);
        var used = (int)(DataOffset + clusters * ClusterSize);
        if (destination.Length < used)
            ThrowHelper.Throw(MediaError.DestinationTooSmall,
                $"these files use the first {used} bytes of the 1.44 MB image ({ImageSize} bytes); the destination has {destination.Length}");

        var image = destination[..Math.Min(destination.Length, ImageSize)];
        image[..Math.Clamp(Math.Max(dirtyLength, used), 0, image.Length)].Clear();
        WriteBootSector(image, label, timestamp);
        var fat = image.Slice(FatOffset, FatSize);
        SetFatEntry(fat, 0, 0xF00 | MediaDescriptor);
        SetFatEntry(fat, 1, EndOfChain);

        var dir = image.Slice(RootDirectoryOffset, RootDirectorySectors * BytesPerSector);
        var slot = 0;
        var dos = DosDateTime.From(timestamp);
        if (hasLabel) WriteLabelEntry(dir[..DirectoryEntrySize], label, dos);
        slot += hasLabel ? 1 : 0;

        var cluster = FirstDataCluster;
        for (var i = 0; i < files.Length; i++)
        {
            var content = files[i].Content.Span;
            var sfn = shortNames.Slice(i * ShortNames.NameLength, ShortNames.NameLength);
            if (needsLong[i]) slot = WriteLongEntries(dir, slot, files[i].Name, ShortNames.Checksum(sfn));
            var count = ClustersFor(content.Length);
            var first = count == 0 ? 0 : cluster;
            WriteShortEntry(dir.Slice(slot++ * DirectoryEntrySize, DirectoryEntrySize), sfn, caseFlags[i], first, content.Length, dos);
            if (count == 0) continue;
            content.CopyTo(image[(DataOffset + (cluster - FirstDataCluster) * ClusterSize)..]);
            for (var c = 0; c < count - 1; c++) SetFatEntry(fat, cluster + c, cluster + c + 1);
            SetFatEntry(fat, cluster + count - 1, EndOfChain);
            cluster += count;
        }
        fat.CopyTo(image.Slice(FatOffset + FatSize, FatSize));
        return DataOffset + (cluster - FirstDataCluster) * ClusterSize;
    }

    /// <summary>
    /// Checks that <paramref name="files"/> and <paramref name="volumeLabel"/> can be written, exactly as
    /// <see cref="Write(ReadOnlySpan{MediaFile}, Span{byte}, string, DateTime)"/> would, without writing: returns the
    /// number of leading bytes the image would use, or throws the same <see cref="MediaException"/>.
    /// </summary>
    public static int Measure(ReadOnlySpan<MediaFile> files, string volumeLabel)
    {
        Span<byte> label = stackalloc byte[ShortNames.NameLength];
        Span<byte> shortNames = stackalloc byte[MaxFiles * ShortNames.NameLength];
        Span<byte> caseFlags = stackalloc byte[MaxFiles];
        Span<bool> needsLong = stackalloc bool[MaxFiles];
        var clusters = Plan(files, volumeLabel, label, shortNames, caseFlags, needsLong, out _);
        return (int)(DataOffset + clusters * ClusterSize);
    }

    /// <summary>Validates names, sizes and label, finds exact 8.3 names and aliases; returns the data clusters needed.</summary>
    private static long Plan(ReadOnlySpan<MediaFile> files, string volumeLabel, Span<byte> label, Span<byte> shortNames,
        Span<byte> caseFlags, Span<bool> needsLong, out bool hasLabel)
    {
        if (files.Length > MaxFiles)
            ThrowHelper.Throw(MediaError.DirectoryFull,
                $"the root directory holds at most {MaxFiles} files besides the label; {files.Length} were given");
        hasLabel = EncodeLabel(volumeLabel, label);

        // Pass 1: validate names and sizes, find exact 8.3 names, count entries and clusters.
        var entries = hasLabel ? 1 : 0;
        long clusters = 0;
        for (var i = 0; i < files.Length; i++)
        {
            var name = files[i].Name;
            ValidateLongName(name);
            for (var j = 0; j < i; j++)
                if (string.Equals(files[j].Name, name, StringComparison.OrdinalIgnoreCase))
                    ThrowHelper.Throw(MediaError.DuplicateName,
                        $"two files are named \"{files[j].Name}\" and \"{name}\"; FAT names ignore case", name);
            var sfn = shortNames.Slice(i * ShortNames.NameLength, ShortNames.NameLength);
            needsLong[i] = !ShortNames.TryExact(name, sfn, out caseFlags[i], iso: false);
            entries += 1 + (needsLong[i] ? LongEntryCount(name.Length) : 0);
            clusters += ClustersFor(files[i].Content.Length);
        }
        if (entries > RootEntryCount)
            ThrowHelper.Throw(MediaError.DirectoryFull,
                $"the root directory holds {RootEntryCount} entries; these names need {entries} (long names take one entry per 13 characters)");
        if (clusters > DataClusterCount)
            ThrowHelper.Throw(MediaError.DoesNotFit,
                $"the files need {clusters * ClusterSize} bytes of clusters; a 1.44 MB floppy holds {Capacity}");

        // Pass 2: give names that need long entries a unique numeric-tail alias.
        for (var i = 0; i < files.Length; i++)
            if (needsLong[i]) AssignAlias(files[i].Name, shortNames, i, needsLong, files.Length);
        return clusters;
    }

    private static int ClustersFor(int bytes) => (bytes + ClusterSize - 1) / ClusterSize;

    private static int LongEntryCount(int nameLength) =>
        (nameLength + LongEntry.CharsPerEntry - 1) / LongEntry.CharsPerEntry;

    /// <summary>Long names Windows accepts (fatgen103 §7: no control characters, none of <c>"*/:&lt;&gt;?\|</c>).</summary>
    private static void ValidateLongName(string name)
    {
        if (name.Length is 0 or > LongEntry.MaxNameLength)
            ThrowHelper.Throw(MediaError.InvalidName,
                $"a FAT file name has 1 to {LongEntry.MaxNameLength} characters; \"{name}\" has {name.Length}", name);
        if (name is "." or ".." || name[^1] is '.' or ' ')
            ThrowHelper.Throw(MediaError.InvalidName,
                $"\"{name}\" ends with a period or space, which Windows strips; choose another name", name);
        var bad = name.AsSpan().IndexOfAny("\"*/:<>?\\|");
        if (bad >= 0)
            ThrowHelper.Throw(MediaError.InvalidName,
                $"\"{name}\" contains '{name[bad]}' at {bad}, which FAT names cannot hold", name);
        foreach (var c in name)
            if (c < 0x20)
                ThrowHelper.Throw(MediaError.InvalidName, $"\"{name}\" contains control character 0x{(int)c:X2}", name);
    }

    /// <summary>Upper-cases and pads the label; returns false (and writes "NO NAME") when it is empty.</summary>
    private static bool EncodeLabel(string volumeLabel, Span<byte> label)
    {
        label.Fill((byte)' ');
        if (string.IsNullOrWhiteSpace(volumeLabel))
        {
            "NO NAME"u8.CopyTo(label);
            return false;
        }
        if (volumeLabel.Length > ShortNames.NameLength)
            ThrowHelper.Throw(MediaError.InvalidLabel,
                $"a FAT volume label has at most {ShortNames.NameLength} characters; \"{volumeLabel}\" has {volumeLabel.Length}");
        for (var i = 0; i < volumeLabel.Length; i++)
        {
            var c = char.ToUpperInvariant(volumeLabel[i]);
            if (c != ' ' && !ShortNames.IsShortChar(c, iso: false))
                ThrowHelper.Throw(MediaError.InvalidLabel,
                    $"a FAT volume label holds A-Z, 0-9, spaces and !#$%&'()-@^_`{{}}~; \"{volumeLabel}\" has '{volumeLabel[i]}'");
            label[i] = (byte)c;
        }
        return true;
    }

    /// <summary>Picks the first <c>~n</c> alias no other entry uses (Windows' numeric-tail rule).</summary>
    private static void AssignAlias(string name, Span<byte> shortNames, int index, ReadOnlySpan<bool> needsLong, int count)
    {
        var sfn = shortNames.Slice(index * ShortNames.NameLength, ShortNames.NameLength);
        var basisLength = ShortNames.MakeBasis(name, sfn, iso: false);
        if (basisLength == 0)
            ThrowHelper.Throw(MediaError.InvalidName, $"\"{name}\" leaves no characters for an 8.3 alias", name);
        for (var n = 1; n < 1_000_000; n++)
        {
            ShortNames.ApplyTail(sfn, basisLength, n);
            if (!Collides(shortNames, index, needsLong, count)) return;
        }
        ThrowHelper.Throw(MediaError.DirectoryFull, $"no free 8.3 alias for \"{name}\"", name);
    }

    private static bool Collides(ReadOnlySpan<byte> shortNames, int index, ReadOnlySpan<bool> needsLong, int count)
    {
        var sfn = shortNames.Slice(index * ShortNames.NameLength, ShortNames.NameLength);
        for (var j = 0; j < count; j++)
        {
            // Exact 8.3 names are final from the start; aliases are final once assigned (those before index).
            if (j == index || (needsLong[j] && j > index)) continue;
            if (sfn.SequenceEqual(shortNames.Slice(j * ShortNames.NameLength, ShortNames.NameLength))) return true;
        }
        return false;
    }

    /// <summary>Sets a 12-bit FAT entry: two entries share three bytes, the odd one in the high nibbles.</summary>
    internal static void SetFatEntry(Span<byte> fat, int cluster, int value)
    {
        var offset = cluster + cluster / 2;
        if ((cluster & 1) == 0)
        {
            fat[offset] = (byte)value;
            fat[offset + 1] = (byte)((fat[offset + 1] & 0xF0) | ((value >> 8) & 0x0F));
        }
        else
        {
            fat[offset] = (byte)((fat[offset] & 0x0F) | ((value << 4) & 0xF0));
            fat[offset + 1] = (byte)(value >> 4);
        }
    }

    private static void WriteUInt16(Span<byte> span, int offset, int value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)value);
}
