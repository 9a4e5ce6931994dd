using System.Globalization;
using System.Text;
using Appliance.Media.Interop;

namespace Appliance.Media;

/// <summary>
/// An output folder that image files are written into atomically: each image goes to a temporary file beside its
/// target (<c>.&lt;name&gt;.&lt;pid&gt;.tmp</c>, created exclusively), which is then renamed over the target, so a
/// reader sees the old image or the whole new one, never a partial one, and a VM that has the old image open keeps
/// reading the old bytes. Every call works relative to one open directory descriptor: an image costs openat, pwrite of
/// its used leading bytes, ftruncate to the full length (the zero tail stays a hole), close (<see cref="Stage"/>) and
/// renameat (<see cref="Commit"/>). Safe for concurrent writers of different names.
/// </summary>
/// <remarks>
/// Not durable by default, like mkfs.fat and mtools: after a crash an image may be missing or empty, and the run is
/// repeated (images are derived from the tables). With <c>durable</c>, each image is fsynced before its rename and
/// <see cref="Flush"/> fsyncs the folder, so a completed run survives power loss.
/// </remarks>
public sealed unsafe class ImageDirectory : IDisposable
{
    /// <summary>NAME_MAX of Linux file systems, in bytes.</summary>
    private const int MaxNameBytes = 255;
    private static readonly string s_tempSuffix = "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
    private int _fd;
    /// <summary>Whether temporary files start unnamed (O_TMPFILE) and are linked under their name once written.</summary>
    private volatile bool _unnamed;

    /// <summary>Opens <paramref name="path"/> (which must exist) for writing images into.</summary>
    public ImageDirectory(string path, bool durable = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        Durable = durable;
        _fd = Libc.open(Path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        if (_fd < 0) throw new IOException($"cannot open the output folder {Path}: {Libc.LastError()}");
        _unnamed = !IsTmpfs(_fd);
    }

    public string Path { get; }

    public bool Durable { get; }

    /// <summary>
    /// Writes <paramref name="data"/> (the image's leading bytes; the rest are zeros) as <paramref name="name"/> in this
    /// folder, with total length <paramref name="length"/>: <see cref="Stage"/> then <see cref="Commit"/>. Throws
    /// <see cref="IOException"/> naming the file; the temporary file is removed and the old image, if any, stays.
    /// </summary>
    public void Write(string name, ReadOnlySpan<byte> data, long length)
    {
        Stage(name, data, length);
        Commit(name);
    }

    /// <summary>
    /// Writes the image <paramref name="name"/> completely into its temporary file (fsynced when durable), without
    /// touching the image itself: <see cref="Commit"/> makes it visible, <see cref="Discard"/> drops it. A batch stages
    /// every image first, so a failure half-way leaves every old image as it was.
    /// </summary>
    public void Stage(string name, ReadOnlySpan<byte> data, long length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, length);
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        Span<byte> target = stackalloc byte[MaxNameBytes + 1];
        Span<byte> temp = stackalloc byte[MaxNameBytes + 1];
        EncodeNames(name, target, temp);
        fixed (byte* tempPath = temp)
        {
            var fd = -1;
            var unnamed = _unnamed && TryCreateUnnamed(out fd);
            if (!unnamed) fd = Create(tempPath, name);
            var ok = false;
            try
            {
                WriteAll(fd, data, name);
                if (length > data.Length && Libc.ftruncate(fd, length) != 0) Fail("set the length of", name);
                if (Durable && Libc.fsync(fd) != 0) Fail("fsync", name);
                if (unnamed) Link(fd, tempPath, name);
                var closed = Libc.close(fd);
                fd = -1;
                if (closed != 0) Fail("close", name);
                ok = true;
            }
            finally
            {
                if (fd >= 0) Libc.close(fd);
                if (!ok) Libc.unlinkat(_fd, tempPath, 0);
            }
        }
    }

    /// <summary>Renames the staged temporary file over the image <paramref name="name"/>; on failure removes it and throws.</summary>
    public void Commit(string name)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        Span<byte> target = stackalloc byte[MaxNameBytes + 1];
        Span<byte> temp = stackalloc byte[MaxNameBytes + 1];
        EncodeNames(name, target, temp);
        fixed (byte* targetPath = target)
        fixed (byte* tempPath = temp)
        {
            if (Libc.renameat(_fd, tempPath, _fd, targetPath) == 0) return;
            var error = Libc.LastError();
            Libc.unlinkat(_fd, tempPath, 0);
            throw new IOException($"cannot rename the temporary file over {System.IO.Path.Combine(Path, name)}: {error}");
        }
    }

    /// <summary>Removes the staged temporary file of <paramref name="name"/>, if there is one; the image stays as it was.</summary>
    public void Discard(string name)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        Span<byte> target = stackalloc byte[MaxNameBytes + 1];
        Span<byte> temp = stackalloc byte[MaxNameBytes + 1];
        EncodeNames(name, target, temp);
        fixed (byte* tempPath = temp) Libc.unlinkat(_fd, tempPath, 0);
    }

    /// <summary>With <see cref="Durable"/>, fsyncs the folder so the renames done so far survive a crash.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (Durable && Libc.fsync(_fd) != 0) throw new IOException($"fsync of the output folder {Path} failed: {Libc.LastError()}");
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }

    /// <summary>The target and temporary names, NUL-terminated UTF-8; a name must be one path component.</summary>
    private void EncodeNames(string name, Span<byte> target, Span<byte> temp)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
            throw new ArgumentException($"\"{name}\" is not a file name in {Path}; expected one path component", nameof(name));
        var length = Encoding.UTF8.GetByteCount(name);
        if (length + 1 + s_tempSuffix.Length > MaxNameBytes)
            throw new IOException($"{System.IO.Path.Combine(Path, name)}: the name has {length} UTF-8 bytes; expected at most {MaxNameBytes - 1 - s_tempSuffix.Length}");
        Encoding.UTF8.GetBytes(name, target);
        target[length] = 0;
        temp[0] = (byte)'.';
        target[..length].CopyTo(temp[1..]);
        for (var i = 0; i < s_tempSuffix.Length; i++) temp[1 + length + i] = (byte)s_tempSuffix[i];
        temp[1 + length + s_tempSuffix.Length] = 0;
    }

    /// <summary>
    /// An unnamed temporary file (O_TMPFILE). On disk file systems allocating an inode is the slow part of creating a
    /// file (ext4 walks its inode bitmap), and an unnamed file is allocated without the folder's lock, so workers do
    /// not queue behind each other's allocations; on tmpfs a named create is cheaper, so the constructor skips this.
    /// False (and named files from then on) where the file system cannot do it.
    /// </summary>
    private bool TryCreateUnnamed(out int fd)
    {
        fixed (byte* self = ".\0"u8)
        {
            do fd = Libc.openat(_fd, self, Libc.O_TMPFILE | Libc.O_WRONLY | Libc.O_CLOEXEC, Libc.DefaultFileMode);
            while (fd < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR);
        }
        if (fd >= 0) return true;
        _unnamed = false;
        return false;
    }

    /// <summary>
    /// Gives the written unnamed file its temporary name: linkat with AT_EMPTY_PATH, else through /proc/self/fd; a
    /// temporary file left by a crashed run with the same pid is replaced. Older kernels allow AT_EMPTY_PATH only with
    /// CAP_DAC_READ_SEARCH; recent ones also to the process that opened the file (Linux 6.18 here, tried as uid 65534),
    /// so the /proc fallback serves unprivileged runs on older kernels.
    /// </summary>
    private void Link(int fd, byte* tempPath, string name)
    {
        Span<byte> proc = stackalloc byte[32];
        var formatted = false;
        fixed (byte* empty = "\0"u8)
        fixed (byte* procPath = proc)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (Libc.linkat(fd, empty, _fd, tempPath, Libc.AT_EMPTY_PATH) == 0) return;
                formatted = formatted || System.Text.Unicode.Utf8.TryWrite(proc, $"/proc/self/fd/{fd}\0", out _);
                if (Libc.linkat(Libc.AT_FDCWD, procPath, _fd, tempPath, Libc.AT_SYMLINK_FOLLOW) == 0) return;
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno == Libc.EEXIST && attempt == 0 && Libc.unlinkat(_fd, tempPath, 0) == 0) continue;
                Fail("link the temporary file for", name);
            }
        }
    }

    private static bool IsTmpfs(int fd)
    {
        Span<byte> statfs = stackalloc byte[128];
        fixed (byte* buffer = statfs)
            return Libc.fstatfs(fd, buffer) == 0 && System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(statfs) == Libc.TMPFS_MAGIC;
    }

    /// <summary>Creates the temporary file exclusively; one left by a crashed run with the same pid is replaced.</summary>
    private int Create(byte* tempPath, string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fd = Libc.openat(_fd, tempPath, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, Libc.DefaultFileMode);
            if (fd >= 0) return fd;
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR) continue;
            if (errno == Libc.EEXIST && attempt == 0 && Libc.unlinkat(_fd, tempPath, 0) == 0) continue;
            Fail("create a temporary file for", name);
        }
    }

    private void WriteAll(int fd, ReadOnlySpan<byte> data, string name)
    {
        fixed (byte* start = data)
        {
            long offset = 0;
            while (offset < data.Length)
            {
                var n = Libc.pwrite(fd, start + offset, (nuint)(data.Length - offset), offset);
                if (n < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    Fail("write", name);
                }
                offset += n;
            }
        }
    }

    private void Fail(string action, string name) =>
        throw new IOException($"cannot {action} {System.IO.Path.Combine(Path, name)}: {Libc.LastError()}");
}
