using Microsoft.Win32.SafeHandles;

namespace Appliance.Media;

/// <summary>
/// Writes an image file so that readers see either the old file or the whole new one, never a partial image: the
/// bytes go to a temporary file in the same directory, which is then renamed over the target. Zero bytes at the end
/// of the image are left as a hole (the file still has the full length), so a mostly empty floppy costs a few
/// kilobytes of disk and of write bandwidth.
/// </summary>
public static class AtomicImageFile
{
    /// <summary>
    /// Writes <paramref name="data"/> (the image's leading bytes; the rest are zeros) as <paramref name="path"/> with
    /// total length <paramref name="length"/>. With <paramref name="durable"/> the file is fsynced before the rename.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> data, long length, bool durable = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, length);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            using (SafeFileHandle handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, data, 0);
                RandomAccess.SetLength(handle, length);
                if (durable) RandomAccess.FlushToDisk(handle);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
