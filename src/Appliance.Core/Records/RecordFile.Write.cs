using System.Text;
using Appliance.Core.Files;

namespace Appliance.Core.Records;

public static partial class RecordFile
{
    /// <summary>Encodes records exactly as xCAT does (NUL padding); validates each with the reader's rules.</summary>
    public static byte[] Encode(IReadOnlyList<NodeRecord> records, string source = "records")
    {
        var data = new byte[records.Count * RecordLayout.RecordLength];
        var names = new HashSet<string>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var (name, path) = records[i];
            var number = i + 1;
            CheckPrintable(name, source, number, "node name");
            CheckPrintable(path, source, number, "WinPE path");
            Validate(name, path, source, number);
            if (name.Length > RecordLayout.NameLength)
                throw new RecordFileException(RecordFileError.FieldTooLong, source, number,
                    $"node name \"{name}\" is {name.Length} bytes; at most {RecordLayout.NameLength} fit");
            if (path.Length > RecordLayout.PathLength)
                throw new RecordFileException(RecordFileError.FieldTooLong, source, number,
                    $"WinPE path \"{path}\" is {path.Length} bytes; at most {RecordLayout.PathLength} fit");
            if (!names.Add(name))
                throw new RecordFileException(RecordFileError.DuplicateName, source, number, $"node \"{name}\" appears twice");
            var record = data.AsSpan(i * RecordLayout.RecordLength, RecordLayout.RecordLength);
            Encoding.ASCII.GetBytes(name, record.Slice(RecordLayout.NameOffset, RecordLayout.NameLength));
            Encoding.ASCII.GetBytes(path, record.Slice(RecordLayout.PathOffset, RecordLayout.PathLength));
        }
        return data;
    }

    /// <summary>Replaces the file with exactly these records, atomically, under the writers' lock.</summary>
    public static void Write(string path, IReadOnlyList<NodeRecord> records)
    {
        var data = Encode(records, path);
        using var _ = RecordFileLock.Acquire(path);
        WriteAtomically(path, data);
    }

    /// <summary>
    /// Read-modify-write under the writers' lock, so concurrent writers (two nodeset runs) serialize and neither loses
    /// the other's records. A current file that does not parse is an error: it is never silently replaced.
    /// </summary>
    public static RecordSnapshot Update(string path, Func<RecordSnapshot, IReadOnlyList<NodeRecord>> change)
    {
        using var _ = RecordFileLock.Acquire(path);
        var current = Load(path);
        var next = change(current);
        WriteAtomically(path, Encode(next, path));
        return new RecordSnapshot(next);
    }

    /// <summary>
    /// Temp file in the same directory, fsync, rename over the target, fsync the directory. Under the lock every other
    /// writer's temp file belongs to a writer that died (SIGKILL, power loss): those are swept first.
    /// </summary>
    private static void WriteAtomically(string path, byte[] data)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? "/";
        if (Directory.Exists(dir))
        {
            foreach (var stale in Directory.EnumerateFiles(dir, $".{Path.GetFileName(full)}.*.tmp")) File.Delete(stale);
        }
        AtomicFile.Write(full, data, durable: true);
    }

    private static void CheckPrintable(string text, string source, int number, string what)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] < 0x21 || text[i] > 0x7E)
                throw new RecordFileException(RecordFileError.NonPrintableByte, source, number,
                    $"{what} \"{text}\" has U+{(int)text[i]:X4} at character {i + 1}; expected printable ASCII without spaces");
        }
    }
}
