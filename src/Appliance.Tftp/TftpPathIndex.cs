namespace Appliance.Tftp;

/// <summary>
/// A snapshot of the tree under the TFTP root: every entry by its root-relative path ('/'-separated), looked up exactly
/// first and then case-insensitively, plus the modification times of the directories walked so a miss can tell whether
/// the tree changed since. Immutable once built; the resolver swaps whole snapshots.
/// </summary>
internal sealed class TftpPathIndex
{
    /// <summary>Depth and size bounds so a pathological tree (or a symlink loop) cannot make indexing run away.</summary>
    public const int MaxDepth = 48;
    public const int MaxEntries = 2_000_000;

    public enum Kind : byte { File, Directory, Special, OutsideRoot, Dangling }

    public readonly record struct Entry(string FullPath, Kind Kind);

    private readonly Dictionary<string, Entry> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _folded = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Path, DateTime WriteTime)> _directories = [];

    private TftpPathIndex(string root) => Root = root;

    public string Root { get; }

    public int FileCount { get; private set; }

    public int DirectoryCount => _directories.Count;

    public bool TryGet(string key, out Entry entry) => _exact.TryGetValue(key, out entry) || _folded.TryGetValue(key, out entry);

    /// <summary>True when a walked directory's mtime changed or it disappeared (entries were added, removed or renamed).</summary>
    public bool TreeChanged()
    {
        foreach (var (path, time) in _directories)
        {
            if (!NativeFile.TryStat(path, out var type, out _) || type != NativeFile.TypeDirectory) return true;
            if (Directory.GetLastWriteTimeUtc(path) != time) return true;
        }
        return false;
    }

    /// <summary>Walks the tree. Symlinks are followed only to see where they end: inside the root and a regular file is
    /// served (by its real path), anything else is recorded so the request is refused by reason rather than "not found".
    /// Symlinked directories are not descended into (no loops, no aliasing).</summary>
    public static TftpPathIndex Build(string root)
    {
        var index = new TftpPathIndex(root);
        index.Walk(root, "", 0);
        return index;
    }

    private void Walk(string directory, string prefix, int depth)
    {
        _directories.Add((directory, Directory.GetLastWriteTimeUtc(directory)));
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", s_enumeration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var info in entries)
        {
            if (_exact.Count >= MaxEntries) return;
            var key = prefix.Length == 0 ? info.Name : prefix + "/" + info.Name;
            if (info.LinkTarget is not null)
            {
                Add(key, ClassifyLink(info.FullName));
                continue;
            }
            if (!NativeFile.TryStat(info.FullName, out var type, out _)) continue;
            if (type == NativeFile.TypeDirectory)
            {
                Add(key, new Entry(info.FullName, Kind.Directory));
                if (depth + 1 < MaxDepth) Walk(info.FullName, key, depth + 1);
            }
            else
            {
                Add(key, new Entry(info.FullName, type == NativeFile.TypeRegular ? Kind.File : Kind.Special));
            }
        }
    }

    private Entry ClassifyLink(string path)
    {
        var real = NativeFile.RealPath(path);
        if (real is null) return new Entry(path, Kind.Dangling);
        if (!IsInside(Root, real)) return new Entry(real, Kind.OutsideRoot);
        if (!NativeFile.TryStat(real, out var type, out _)) return new Entry(real, Kind.Dangling);
        return new Entry(real, type switch
        {
            NativeFile.TypeRegular => Kind.File,
            NativeFile.TypeDirectory => Kind.Directory,
            _ => Kind.Special,
        });
    }

    private void Add(string key, Entry entry)
    {
        if (entry.Kind == Kind.File) FileCount++;
        _exact[key] = entry;
        // Two names differing only in case: the first one walked wins the case-insensitive slot; an exact match still
        // finds the other.
        _folded.TryAdd(key, entry);
    }

    /// <summary>True when <paramref name="path"/> (canonical) is <paramref name="root"/> (canonical) or below it.</summary>
    public static bool IsInside(string root, string path) =>
        path.Length > root.Length
            ? path.StartsWith(root, StringComparison.Ordinal) && (path[root.Length] == '/' || root == "/")
            : path == root;

    private static readonly EnumerationOptions s_enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };
}
