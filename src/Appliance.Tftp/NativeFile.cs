using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Tftp;

/// <summary>
/// The two POSIX calls the BCL does not expose: realpath(3) (to see where a symlink chain really ends) and statx(2)
/// (file type on an open handle, so a device file swapped in after lookup is still refused). statx's layout is the same
/// on every Linux architecture, unlike struct stat.
/// </summary>
internal static unsafe partial class NativeFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxBufferLength = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int FileTypeMask = 0xF000;

    public const int TypeRegular = 0x8000;
    public const int TypeDirectory = 0x4000;
    public const int TypeSymlink = 0xA000;

    /// <summary>The canonical absolute path with every symlink resolved, or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var p = realpath(path, 0);
        if (p == 0) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { free(p); }
    }

    /// <summary>File type bits (S_IFMT) and size of a path, not following a final symlink; false if it cannot be stat'ed.</summary>
    public static bool TryStat(string path, out int type, out long size)
    {
        var buf = stackalloc byte[StatxBufferLength];
        type = 0;
        size = 0;
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxSize, buf) != 0) return false;
        var span = new ReadOnlySpan<byte>(buf, StatxBufferLength);
        type = BinaryPrimitives.ReadUInt16LittleEndian(span[StatxModeOffset..]) & FileTypeMask;
        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[StatxSizeOffset..]);
        return true;
    }

    /// <summary>File type and size of an open handle (fstat through statx with AT_EMPTY_PATH).</summary>
    public static bool TryStat(SafeFileHandle handle, out int type, out long size)
    {
        var buf = stackalloc byte[StatxBufferLength];
        type = 0;
        size = 0;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType | StatxSize, buf) != 0) return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        var span = new ReadOnlySpan<byte>(buf, StatxBufferLength);
        type = BinaryPrimitives.ReadUInt16LittleEndian(span[StatxModeOffset..]) & FileTypeMask;
        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[StatxSizeOffset..]);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void free(nint p);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
