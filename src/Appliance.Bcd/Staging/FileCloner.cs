using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Bcd.Staging;

/// <summary>How a staged file came to be.</summary>
internal enum CloneMethod
{
    HardLink,
    Reflink,
    Copy,
}

/// <summary>Places a file by hard link, else reflink (FICLONE), else a copy that reports progress.</summary>
internal static partial class FileCloner
{
    private const uint FICLONE = 0x40049409; // _IOW(0x94, 9, int), linux/fs.h
    private const int CopyBuffer = 1 << 20;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(SafeFileHandle fd, nuint request, nint arg);

    public static CloneMethod Place(string source, string destination, bool allowHardLink, Action<long, long>? progress)
    {
        if (allowHardLink && link(source, destination) == 0) return CloneMethod.HardLink;
        var length = new FileInfo(source).Length;
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            if (ioctl(output.SafeFileHandle, FICLONE, input.SafeFileHandle.DangerousGetHandle()) == 0)
                return CloneMethod.Reflink;
            var buffer = new byte[CopyBuffer];
            long done = 0;
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                done += n;
                progress?.Invoke(done, length);
            }
            output.Flush(flushToDisk: true);
        }
        return CloneMethod.Copy;
    }
}
