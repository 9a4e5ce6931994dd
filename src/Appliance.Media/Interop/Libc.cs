using System.Runtime.InteropServices;

namespace Appliance.Media.Interop;

/// <summary>
/// The *at(2) calls <see cref="ImageDirectory"/> needs: paths relative to one open directory, so writing an image
/// costs the five system calls it must (create, write, truncate, close or link, rename) and no path walk, lock or stat.
/// Paths are NUL-terminated UTF-8 the caller formats on the stack.
/// </summary>
internal static unsafe partial class Libc
{
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_RDONLY = 0;
    /// <summary>__O_TMPFILE | O_DIRECTORY: an unnamed file in the directory (open(2)).</summary>
    public const int O_TMPFILE = 0x410000;
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;
    /// <summary>statfs(2) f_type of tmpfs.</summary>
    public const long TMPFS_MAGIC = 0x01021994;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    /// <summary>rw-rw-rw-, narrowed by the umask as open(2) and the BCL do.</summary>
    public const uint DefaultFileMode = 0b110_110_110;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openat(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int renameat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlinkat(int dirfd, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int linkat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, int flags);

    /// <summary>fstatfs(2) into a buffer of at least 120 bytes (struct statfs on 64-bit Linux; f_type first).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fstatfs(int fd, byte* buffer);

    /// <summary>strerror text and number of the last failed call, for messages.</summary>
    public static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}
