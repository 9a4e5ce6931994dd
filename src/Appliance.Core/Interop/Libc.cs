using System.Runtime.InteropServices;

namespace Appliance.Core.Interop;

/// <summary>The few libc calls the BCL does not expose: blocking flock, fsync of a directory, the monotonic clock.</summary>
internal static partial class Libc
{
    public const int LOCK_EX = 2;
    public const int LOCK_UN = 8;
    private const int CLOCK_MONOTONIC = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    private const int O_RDWR = 2;
    private const int O_CREAT = 0x40;

    /// <summary>
    /// Opens (creating, mode 0660) a file for flock(2) without the BCL's own advisory lock: .NET takes a non-blocking
    /// LOCK_SH on every FileStream/OpenHandle, which would fail at once while another writer holds our LOCK_EX.
    /// </summary>
    public static int OpenForLocking(string path)
    {
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0b110_110_000);
        if (fd < 0) throw new IOException($"cannot open lock file {path}: errno {Marshal.GetLastPInvokeError()}");
        return fd;
    }

    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec ts);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chown(string path, uint owner, uint group);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>CLOCK_MONOTONIC in microseconds, the clock systemd's MONOTONIC_USEC refers to.</summary>
    public static ulong MonotonicMicroseconds()
    {
        if (clock_gettime(CLOCK_MONOTONIC, out var ts) != 0)
            throw new InvalidOperationException($"clock_gettime(CLOCK_MONOTONIC) failed: errno {Marshal.GetLastPInvokeError()}");
        return (ulong)ts.Seconds * 1_000_000UL + (ulong)ts.Nanoseconds / 1000UL;
    }

    /// <summary>fsync a directory so a rename inside it is durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"cannot open directory {directory} to fsync it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"fsync of directory {directory} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            close(fd);
        }
    }
}
