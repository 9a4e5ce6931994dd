using System.Text;

namespace Appliance.Core.Records;

/// <summary>Reads, validates and writes the record file (see <see cref="RecordLayout"/>).</summary>
public static partial class RecordFile
{
    /// <summary>
    /// Loads a record file into a snapshot. A missing file is an empty snapshot (no node is set to install). Any invalid
    /// record rejects the whole file with a <see cref="RecordFileException"/>: a daemon keeps its previous snapshot.
    /// </summary>
    public static RecordSnapshot Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return RecordSnapshot.Empty;
        }
        return Parse(data, path);
    }

    /// <summary>
    /// Validates every record and builds a snapshot; <paramref name="source"/> names the data in errors. One pass over
    /// the bytes: each name becomes one string, each distinct WinPE path is decoded and validated once and shared by
    /// every record that names it, and the name index doubles as the duplicate check.
    /// </summary>
    public static RecordSnapshot Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length % RecordLayout.RecordLength != 0)
            throw new RecordFileException(RecordFileError.LengthNotMultipleOfRecord, source, 0,
                $"length {data.Length} is not a multiple of {RecordLayout.RecordLength} bytes " +
                $"({data.Length / RecordLayout.RecordLength} whole records and {data.Length % RecordLayout.RecordLength} bytes left over)");

        var count = data.Length / RecordLayout.RecordLength;
        var records = new NodeRecord[count];
        var byName = new Dictionary<string, string>(count, StringComparer.Ordinal);
        var paths = new PathCache();
        var used = 0;
        var firstBlank = 0;
        for (var i = 0; i < count; i++)
        {
            var number = i + 1;
            var record = data.Slice(i * RecordLayout.RecordLength, RecordLayout.RecordLength);
            var name = Field(record.Slice(RecordLayout.NameOffset, RecordLayout.NameLength), source, number, "node name");
            var path = Field(record.Slice(RecordLayout.PathOffset, RecordLayout.PathLength), source, number, "WinPE path");
            if (name.Length == 0 && path.Length == 0)
            {
                if (firstBlank == 0) firstBlank = number;
                continue;
            }
            if (firstBlank != 0)
                throw new RecordFileException(RecordFileError.BlankRecordBeforeData, source, number,
                    $"expected only blank records after blank record {firstBlank}, saw node \"{Encoding.ASCII.GetString(name)}\"");
            if (name.Length == 0 || path.Length == 0)
                Validate(Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(path), source, number);
            var nameText = Encoding.ASCII.GetString(name);
            var pathText = paths.Get(path, nameText, source, number);
            if (!byName.TryAdd(nameText, pathText))
                throw new RecordFileException(RecordFileError.DuplicateName, source, number,
                    $"node \"{nameText}\" already has record {Array.FindIndex(records, 0, used, r => r.Name == nameText) + 1}");
            records[used++] = new NodeRecord(nameText, pathText);
        }
        if (used != count) Array.Resize(ref records, used);
        return new RecordSnapshot(records, byName);
    }

    /// <summary>
    /// The distinct WinPE paths of one file (a handful, shared by thousands of records): each validated and normalized
    /// once, found again by its bytes (the previous record's path first, as nodeset writes runs of the same WinPE).
    /// </summary>
    private sealed class PathCache
    {
        private readonly List<(byte[] Raw, string Text)> _paths = [];
        private int _last = -1;

        public string Get(ReadOnlySpan<byte> raw, string node, string source, int number)
        {
            if (_last >= 0 && raw.SequenceEqual(_paths[_last].Raw)) return _paths[_last].Text;
            for (var i = 0; i < _paths.Count; i++)
            {
                if (raw.SequenceEqual(_paths[i].Raw))
                {
                    _last = i;
                    return _paths[i].Text;
                }
            }
            var text = Encoding.ASCII.GetString(raw);
            Validate(node, text, source, number);
            _paths.Add((raw.ToArray(), NodeRecord.NormalizePath(text)));
            _last = _paths.Count - 1;
            return _paths[_last].Text;
        }
    }

    /// <summary>
    /// A field's text: printable ASCII up to the first NUL or space; the rest must be padding (NUL or space).
    /// Space padding is accepted on read (hand-made files); writers always pad with NUL as xCAT does.
    /// </summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> field, string source, int number, string what)
    {
        var end = field.IndexOfAny(RecordLayout.Nul, RecordLayout.Space);
        var text = end < 0 ? field : field[..end];
        var bad = text.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E);
        if (bad >= 0)
            throw new RecordFileException(RecordFileError.NonPrintableByte, source, number,
                $"{what} byte {bad + 1} is 0x{text[bad]:X2}; expected printable ASCII");
        if (end >= 0)
        {
            var padding = field[end..];
            var stray = padding.IndexOfAnyExcept(RecordLayout.Nul, RecordLayout.Space);
            if (stray >= 0)
                throw new RecordFileException(RecordFileError.TextAfterPadding, source, number,
                    $"{what} has 0x{padding[stray]:X2} at byte {end + stray + 1} after its padding started at byte {end + 1}; " +
                    "expected NUL or space padding to the end of the field");
        }
        return text;
    }

    /// <summary>The rules both readers and writers enforce on a (name, path) pair.</summary>
    private static void Validate(string name, string path, string source, int number)
    {
        if (name.Length == 0)
            throw new RecordFileException(RecordFileError.EmptyName, source, number,
                $"expected a node name, saw an empty name with WinPE path \"{path}\"");
        if (path.Length == 0)
            throw new RecordFileException(RecordFileError.EmptyPath, source, number,
                $"node \"{name}\" has no WinPE path; expected a path like winboot/<winpe>/");
        if (path[0] is '/' or '\\' || (path.Length > 1 && path[1] == ':'))
            throw new RecordFileException(RecordFileError.AbsolutePath, source, number,
                $"node \"{name}\": WinPE path \"{path}\" is absolute; expected a path relative to the TFTP root");
        foreach (var range in path.AsSpan().SplitAny('/', '\\'))
        {
            if (path.AsSpan(range).SequenceEqual(".."))
                throw new RecordFileException(RecordFileError.ParentTraversal, source, number,
                    $"node \"{name}\": WinPE path \"{path}\" has a \"..\" segment; expected a path inside the TFTP root");
        }
    }
}
