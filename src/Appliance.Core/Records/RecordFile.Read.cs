using System.Text;

namespace Appliance.Core.Records;

/// <summary>Reads, validates and writes the record file (see <see cref="RecordLayout"/>).</summary>
public static partial class RecordFile
{
    /// <summary>Records read from the file at a time: a 64,000-byte buffer, reused, instead of the whole file in memory.</summary>
    private const int ChunkRecords = 320;

    /// <summary>
    /// Loads a record file into a snapshot. A missing file is an empty snapshot (no node is set to install). Any invalid
    /// record rejects the whole file with a <see cref="RecordFileException"/>: a daemon keeps its previous snapshot.
    /// The file is read in chunks of whole records into one pooled buffer and parsed as it comes (writers replace the
    /// file by rename, so the open handle sees one version from start to end).
    /// </summary>
    public static RecordSnapshot Load(string path) => Load(path, previous: null);

    /// <summary>
    /// As <see cref="Load(string)"/>, comparing the names with <paramref name="previous"/> (the daemon's last snapshot)
    /// as it goes: while the file repeats the previous names in order (nodeset rewrote some paths, or appended nodes),
    /// their duplicate check and hashing are skipped and the previous name table is shared or copied, since those
    /// names were validated unique when the previous file was read.
    /// </summary>
    public static RecordSnapshot Load(string path, RecordSnapshot? previous)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return RecordSnapshot.Empty;
        }
        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            CheckLength(length, path);
            var parser = new RecordParser((int)Math.Min(length / RecordLayout.RecordLength, int.MaxValue), path, previous);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkRecords * RecordLayout.RecordLength);
            try
            {
                long offset = 0;
                var filled = 0;
                while (true)
                {
                    var read = RandomAccess.Read(handle, buffer.AsSpan(filled, ChunkRecords * RecordLayout.RecordLength - filled), offset);
                    offset += read;
                    filled += read;
                    var whole = filled - filled % RecordLayout.RecordLength;
                    if (read == 0 || whole == ChunkRecords * RecordLayout.RecordLength)
                    {
                        parser.Feed(buffer.AsSpan(0, whole));
                        buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
                        filled -= whole;
                    }
                    if (read == 0) break;
                }
                CheckLength(offset, path); // changed in place while being read (writers never do that)
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            return parser.Finish();
        }
    }

    /// <summary>
    /// Validates every record and builds a snapshot; <paramref name="source"/> names the data in errors. One pass over
    /// the bytes and no string per record: names are copied into a packed byte table (whose insert is the duplicate
    /// check), each distinct WinPE path is decoded and validated once and shared, and a path field byte-identical to the
    /// previous record's (nodeset writes runs of the same WinPE) is not scanned again.
    /// </summary>
    public static RecordSnapshot Parse(ReadOnlySpan<byte> data, string source)
    {
        CheckLength(data.Length, source);
        var parser = new RecordParser(data.Length / RecordLayout.RecordLength, source, previous: null);
        parser.Feed(data);
        return parser.Finish();
    }

    private static void CheckLength(long length, string source)
    {
        if (length % RecordLayout.RecordLength != 0)
            throw new RecordFileException(RecordFileError.LengthNotMultipleOfRecord, source, 0,
                $"length {length} is not a multiple of {RecordLayout.RecordLength} bytes " +
                $"({length / RecordLayout.RecordLength} whole records and {length % RecordLayout.RecordLength} bytes left over)");
    }

    /// <summary>The state of one pass over a file's records, fed whole records in order, chunk by chunk.</summary>
    private sealed class RecordParser(int capacity, string source, RecordSnapshot? previous)
    {
        private RecordNames? _names = previous is null ? new(capacity) : null;
        private readonly PathCache _paths = new();
        private int _count;
        // the last few distinct path fields as written (padding included) with their path ids: a record whose field is
        // byte-identical to one of them was validated already; runs and alternations of a few WinPEs take this path
        private const int RecentPaths = 8;
        private readonly byte[] _recentFields = new byte[RecentPaths * RecordLayout.PathLength];
        private readonly int[] _recentIds = [-1, -1, -1, -1, -1, -1, -1, -1];
        private int _nextRecent;
        private int[] _pathOf = new int[capacity];
        private int _number;
        private int _firstBlank;

        public void Feed(ReadOnlySpan<byte> data)
        {
            for (var at = 0; at < data.Length; at += RecordLayout.RecordLength)
            {
                var number = ++_number;
                var record = data.Slice(at, RecordLayout.RecordLength);
                var name = Field(record.Slice(RecordLayout.NameOffset, RecordLayout.NameLength), source, number, "node name");
                var pathField = record.Slice(RecordLayout.PathOffset, RecordLayout.PathLength);
                var pathId = name.Length > 0 && _firstBlank == 0 ? RecentPath(pathField) : -1;
                if (pathId < 0)
                {
                    var path = Field(pathField, source, number, "WinPE path");
                    if (name.Length == 0 && path.Length == 0)
                    {
                        if (_firstBlank == 0) _firstBlank = number;
                        continue;
                    }
                    if (_firstBlank != 0)
                        throw new RecordFileException(RecordFileError.BlankRecordBeforeData, source, number,
                            $"expected only blank records after blank record {_firstBlank}, saw node \"{Encoding.ASCII.GetString(name)}\"");
                    if (name.Length == 0 || path.Length == 0)
                        Validate(Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(path), source, number);
                    pathId = _paths.Get(path, name, source, number);
                    pathField.CopyTo(_recentFields.AsSpan(_nextRecent * RecordLayout.PathLength));
                    _recentIds[_nextRecent] = pathId;
                    _nextRecent = (_nextRecent + 1) % RecentPaths;
                }
                if (_names is null && _count < previous!.NameCount && name.SequenceEqual(previous.NameUtf8(_count)))
                {
                    // still the previous file's names in order: unique already, added when the run ends
                }
                else
                {
                    var first = NamesSoFar().Add(name);
                    if (first >= 0)
                        throw new RecordFileException(RecordFileError.DuplicateName, source, number,
                            $"node \"{Encoding.ASCII.GetString(name)}\" already has record {first + 1}");
                }
                if (_count == _pathOf.Length) Array.Resize(ref _pathOf, Math.Max(16, _pathOf.Length * 2));
                _pathOf[_count++] = pathId;
            }
        }

        private int RecentPath(ReadOnlySpan<byte> field)
        {
            for (var i = 0; i < RecentPaths; i++)
            {
                if (_recentIds[i] >= 0 && field.SequenceEqual(_recentFields.AsSpan(i * RecordLayout.PathLength, RecordLayout.PathLength)))
                    return _recentIds[i];
            }
            return -1;
        }

        /// <summary>
        /// The name table holding every name so far. Ending a run of the previous file's names shares its whole table
        /// (copied, to add to) or re-adds the run's names to a new one when the run stopped short of its end.
        /// </summary>
        private RecordNames NamesSoFar()
        {
            if (_names is not null) return _names;
            if (_count == previous!.NameCount) _names = previous.Names.Clone();
            else
            {
                _names = new RecordNames(Math.Max(capacity, _count));
                for (var i = 0; i < _count; i++) _names.Add(previous.NameUtf8(i));
            }
            return _names;
        }

        public RecordSnapshot Finish()
        {
            // the whole file was the previous file's names in order: share its (never again modified) table
            var names = _names ?? (_count == previous!.NameCount ? previous.Names : NamesSoFar());
            return new(names, _paths.ToArray(), _pathOf);
        }
    }

    /// <summary>
    /// The distinct WinPE paths of one file (a handful, shared by thousands of records): each validated and normalized
    /// once, found again by its bytes.
    /// </summary>
    private sealed class PathCache
    {
        private readonly List<string> _texts = [];
        private readonly Dictionary<string, int> _byRaw = new(StringComparer.Ordinal);

        public int Get(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> node, string source, int number)
        {
            Span<char> chars = stackalloc char[RecordLayout.PathLength];
            var rawText = chars[..Encoding.ASCII.GetChars(raw, chars)];
            if (_byRaw.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(rawText, out var id)) return id;
            var text = new string(rawText);
            Validate(Encoding.ASCII.GetString(node), text, source, number);
            _byRaw.Add(text, _texts.Count);
            _texts.Add(NodeRecord.NormalizePath(text));
            return _texts.Count - 1;
        }

        public string[] ToArray() => [.. _texts];
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
