using System.Diagnostics;
using System.Text;

namespace Appliance.Tftp;

/// <summary>
/// Maps a client's file name to a file inside the TFTP root with Windows semantics, as bootmgr and pxeboot need
/// (they ask for <c>\Boot\BCD</c> in whatever case the BCD was written in): both separators, leading separators stripped,
/// case-insensitive lookup through a cached index of the tree. Everything that could leave the root, or is not a plain
/// file, is refused by reason. Thread-safe: lookups read an immutable snapshot; rebuilds swap it.
/// </summary>
public sealed class TftpPathResolver
{
    /// <summary>Longest accepted name in UTF-8 bytes (Linux PATH_MAX is 4096; no boot loader needs more than this).</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Longest accepted path component in UTF-8 bytes (Linux NAME_MAX).</summary>
    public const int MaxComponentBytes = 255;

    /// <summary>Trees with more directories than this are re-checked for changes at most once per <see cref="LargeTreeRecheck"/>.</summary>
    public const int SmallTreeDirectories = 4096;
    public static readonly TimeSpan LargeTreeRecheck = TimeSpan.FromSeconds(1);

    private readonly object _rebuildLock = new();
    private volatile TftpPathIndex _index;
    private long _lastCheck;
    private int _generation;

    public TftpPathResolver(string root)
    {
        var real = NativeFile.RealPath(root)
            ?? throw new DirectoryNotFoundException($"TFTP root {root}: does not exist");
        if (!NativeFile.TryStat(real, out var type, out _) || type != NativeFile.TypeDirectory)
            throw new DirectoryNotFoundException($"TFTP root {root}: expected a directory, saw another kind of file");
        Root = real;
        _index = TftpPathIndex.Build(real);
        _generation = 1;
    }

    /// <summary>The canonical root (symlinks resolved).</summary>
    public string Root { get; }

    public int FileCount => _index.FileCount;

    public int DirectoryCount => _index.DirectoryCount;

    /// <summary>Increases on every rebuild.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Re-walks the tree now (SIGHUP, the <c>reindex</c> control verb).</summary>
    public void Rebuild()
    {
        lock (_rebuildLock)
        {
            _index = TftpPathIndex.Build(Root);
            Interlocked.Increment(ref _generation);
        }
    }

    public TftpPathResult Resolve(string requested)
    {
        if (!TryNormalize(requested, out var key, out var refusal, out var detail))
            return TftpPathResult.Refused(refusal, detail);

        var index = _index;
        if (!index.TryGet(key, out var entry))
        {
            // A miss: the file may have been added since the index was built. Re-walk only when the tree changed: a
            // directory's mtime moved, or the name exists as spelled (directory mtimes tick with the kernel's coarse
            // clock, so a file added within the same tick as the walk leaves no trace there).
            if (!ShouldRecheck(index) || !(index.TreeChanged() || NativeFile.TryStat(Path.Combine(Root, key), out _, out _)))
                return TftpPathResult.Refused(TftpPathRefusal.NotFound, $"no file {key} under {Root}");
            Rebuild();
            if (!_index.TryGet(key, out entry))
                return TftpPathResult.Refused(TftpPathRefusal.NotFound, $"no file {key} under {Root}");
        }
        return entry.Kind switch
        {
            TftpPathIndex.Kind.File => TftpPathResult.Served(entry.FullPath),
            TftpPathIndex.Kind.Directory => TftpPathResult.Refused(TftpPathRefusal.Directory, $"{key} is a directory"),
            TftpPathIndex.Kind.Special => TftpPathResult.Refused(TftpPathRefusal.NotRegularFile, $"{key} is a device, socket or fifo"),
            TftpPathIndex.Kind.OutsideRoot => TftpPathResult.Refused(TftpPathRefusal.OutsideRoot, $"{key} is a symlink to {entry.FullPath}, outside {Root}"),
            _ => TftpPathResult.Refused(TftpPathRefusal.NotFound, $"{key} is a dangling symlink"),
        };
    }

    private bool ShouldRecheck(TftpPathIndex index)
    {
        if (index.DirectoryCount <= SmallTreeDirectories) return true;
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastCheck);
        if (Stopwatch.GetElapsedTime(last, now) < LargeTreeRecheck) return false;
        return Interlocked.CompareExchange(ref _lastCheck, now, last) == last;
    }

    /// <summary>
    /// Turns a client's name into the index key ('/'-separated, no leading separator, no empty or "." components), or
    /// says why it is refused. Names are taken literally: TFTP names are not URLs, so "%2e%2e" is a file called "%2e%2e".
    /// </summary>
    public static bool TryNormalize(string requested, out string key, out TftpPathRefusal refusal, out string detail)
    {
        key = "";
        if (requested.Length == 0)
            return Fail(TftpPathRefusal.Empty, "empty name", out refusal, out detail);
        if (Encoding.UTF8.GetByteCount(requested) > MaxNameBytes)
            return Fail(TftpPathRefusal.TooLong, $"name of {Encoding.UTF8.GetByteCount(requested)} bytes, limit {MaxNameBytes}", out refusal, out detail);
        for (var i = 0; i < requested.Length; i++)
        {
            var c = requested[i];
            if (c < ' ' || c is >= (char)0x7F and <= (char)0x9F)
                return Fail(TftpPathRefusal.ControlCharacter, $"control character 0x{(int)c:x2} at position {i}", out refusal, out detail);
        }
        // A drive letter ("C:\...", "c:foo") is absolute on Windows; there is no such thing inside a TFTP root.
        if (requested.Length >= 2 && requested[1] == ':' && char.IsAsciiLetter(requested[0]))
            return Fail(TftpPathRefusal.Absolute, "drive-letter path", out refusal, out detail);

        var parts = new List<string>(8);
        foreach (var part in requested.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
                return Fail(TftpPathRefusal.ParentReference, "'..' component", out refusal, out detail);
            if (Encoding.UTF8.GetByteCount(part) > MaxComponentBytes)
                return Fail(TftpPathRefusal.TooLong, $"component of {Encoding.UTF8.GetByteCount(part)} bytes, limit {MaxComponentBytes}", out refusal, out detail);
            parts.Add(part);
        }
        if (parts.Count == 0)
            return Fail(TftpPathRefusal.Empty, "no file name after removing separators", out refusal, out detail);
        key = string.Join('/', parts);
        refusal = TftpPathRefusal.None;
        detail = "";
        return true;
    }

    private static readonly char[] s_separators = ['/', '\\'];

    private static bool Fail(TftpPathRefusal r, string d, out TftpPathRefusal refusal, out string detail)
    {
        refusal = r;
        detail = d;
        return false;
    }
}
