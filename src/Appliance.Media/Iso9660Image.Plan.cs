using static Appliance.Media.Iso9660Layout;

namespace Appliance.Media;

public static partial class Iso9660Image
{
    /// <summary>Where everything goes: sectors of the two directories and the first data sector.</summary>
    private readonly record struct Layout(int IsoDirectorySectors, int JolietDirectorySectors, int DataSector, int TotalSectors);

    /// <summary>
    /// Validates names, derives the level-1 identifiers (<c>NAME.EXT;1</c>, §7.5.1), sorts both directories
    /// (§9.3: by identifier; Joliet by UCS-2 code unit) and sizes the image.
    /// </summary>
    private static Layout Plan(ReadOnlySpan<MediaFile> files, Span<byte> isoIds, Span<byte> isoIdLengths,
        Span<int> isoOrder, Span<int> jolietOrder)
    {
        if (files.Length > MaxFiles)
            ThrowHelper.Throw(MediaError.DirectoryFull, $"a payload CD takes at most {MaxFiles} files; {files.Length} were given");
        Span<byte> name11 = stackalloc byte[ShortNames.NameLength];
        long dataSectors = 0;
        for (var i = 0; i < files.Length; i++)
        {
            var name = files[i].Name;
            ValidateJolietName(name);
            for (var j = 0; j < i; j++)
                if (string.Equals(files[j].Name, name, StringComparison.OrdinalIgnoreCase))
                    ThrowHelper.Throw(MediaError.DuplicateName,
                        $"two files are named \"{files[j].Name}\" and \"{name}\"; Windows reads Joliet names ignoring case", name);
            dataSectors += SectorsFor(files[i].Content.Length);
        }
        for (var i = 0; i < files.Length; i++)
        {
            var name = files[i].Name;
            var basisLength = ShortNames.MakeBasis(name, name11, iso: true);
            if (basisLength == 0) { "_"u8.CopyTo(name11); basisLength = 1; }
            var id = isoIds.Slice(i * IsoIdMax, IsoIdMax);
            isoIdLengths[i] = (byte)FormatIsoId(name11, id);
            if (IsLossless(name, id[..(isoIdLengths[i] - 2)]) && !IdCollides(isoIds, isoIdLengths, i)) continue;
            for (var n = 1; ; n++)
            {
                ShortNames.ApplyTail(name11, basisLength, n);
                isoIdLengths[i] = (byte)FormatIsoId(name11, id);
                if (!IdCollides(isoIds, isoIdLengths, i)) break;
            }
        }
        for (var i = 0; i < files.Length; i++) isoOrder[i] = jolietOrder[i] = i;
        SortIso(isoOrder[..files.Length], isoIds, isoIdLengths);
        SortJoliet(jolietOrder[..files.Length], files);

        var isoDir = DirectorySectors(files, isoIdLengths, joliet: false);
        var jolietDir = DirectorySectors(files, isoIdLengths, joliet: true);
        var dataSector = FirstDirectorySector + isoDir + jolietDir;
        var total = dataSector + dataSectors;
        if (total * SectorSize > int.MaxValue)
            ThrowHelper.Throw(MediaError.DoesNotFit, $"a payload CD image is limited to 2 GiB; these files need {total * SectorSize} bytes");
        return new Layout(isoDir, jolietDir, dataSector, (int)total);
    }

    /// <summary>Joliet identifiers: 1–64 UCS-2 characters, none of <c>* / : ; ? \</c> nor control characters.</summary>
    private static void ValidateJolietName(string name)
    {
        if (name.Length is 0 or > JolietMaxNameLength)
            ThrowHelper.Throw(MediaError.InvalidName,
                $"a Joliet file name has 1 to {JolietMaxNameLength} characters; \"{name}\" has {name.Length}", name);
        if (name is "." or "..")
            ThrowHelper.Throw(MediaError.InvalidName, $"\"{name}\" is not a file name", name);
        var bad = name.AsSpan().IndexOfAny("*/:;?\\");
        if (bad >= 0)
            ThrowHelper.Throw(MediaError.InvalidName, $"\"{name}\" contains '{name[bad]}' at {bad}, which Joliet names cannot hold", name);
        foreach (var c in name)
            if (c < 0x20)
                ThrowHelper.Throw(MediaError.InvalidName, $"\"{name}\" contains control character 0x{(int)c:X2}", name);
    }

    /// <summary>Formats "BASIS.EXT;1" (the period stays when there is no extension, §7.5.1) and returns its length.</summary>
    private static int FormatIsoId(ReadOnlySpan<byte> name11, Span<byte> id)
    {
        var n = 0;
        for (var k = 0; k < ShortNames.BasisLength && name11[k] != ' '; k++) id[n++] = name11[k];
        id[n++] = (byte)'.';
        for (var k = ShortNames.BasisLength; k < ShortNames.NameLength && name11[k] != ' '; k++) id[n++] = name11[k];
        id[n++] = (byte)';';
        id[n++] = (byte)'1';
        return n;
    }

    /// <summary>True when the identifier (without ";1") is the upper-cased name: nothing was dropped or replaced.</summary>
    private static bool IsLossless(string name, ReadOnlySpan<byte> id)
    {
        if (id.Length > 0 && id[^1] == '.') id = id[..^1];
        if (id.Length != name.Length) return false;
        for (var k = 0; k < id.Length; k++)
            if (id[k] != char.ToUpperInvariant(name[k])) return false;
        return true;
    }

    private static bool IdCollides(ReadOnlySpan<byte> ids, ReadOnlySpan<byte> lengths, int index)
    {
        var id = ids.Slice(index * IsoIdMax, lengths[index]);
        for (var j = 0; j < index; j++)
            if (id.SequenceEqual(ids.Slice(j * IsoIdMax, lengths[j]))) return true;
        return false;
    }

    private static void SortIso(Span<int> order, ReadOnlySpan<byte> ids, ReadOnlySpan<byte> lengths)
    {
        for (var a = 1; a < order.Length; a++)
            for (var b = a; b > 0; b--)
            {
                var x = ids.Slice(order[b - 1] * IsoIdMax, lengths[order[b - 1]]);
                var y = ids.Slice(order[b] * IsoIdMax, lengths[order[b]]);
                if (x.SequenceCompareTo(y) <= 0) break;
                (order[b - 1], order[b]) = (order[b], order[b - 1]);
            }
    }

    private static void SortJoliet(Span<int> order, ReadOnlySpan<MediaFile> files)
    {
        for (var a = 1; a < order.Length; a++)
            for (var b = a; b > 0; b--)
            {
                if (string.CompareOrdinal(files[order[b - 1]].Name, files[order[b]].Name) <= 0) break;
                (order[b - 1], order[b]) = (order[b], order[b - 1]);
            }
    }

    /// <summary>The label: up to 16 characters (the Joliet volume identifier's room), no control characters.</summary>
    private static void ValidateLabel(string label)
    {
        if (label.Length > JolietVolumeIdChars)
            ThrowHelper.Throw(MediaError.InvalidLabel,
                $"a CD volume label has at most {JolietVolumeIdChars} characters (Joliet); \"{label}\" has {label.Length}");
        foreach (var c in label)
            if (c < 0x20 || c is '*' or '/' or ':' or ';' or '?' or '\\')
                ThrowHelper.Throw(MediaError.InvalidLabel, $"the CD volume label \"{label}\" contains '{c}'");
    }
}
