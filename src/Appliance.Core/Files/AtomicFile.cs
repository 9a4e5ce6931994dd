using Appliance.Core.Interop;

namespace Appliance.Core.Files;

/// <summary>
/// Replaces a file so readers see the old or the new content, never half of it: a temporary file in the same folder
/// (<c>.&lt;name&gt;.&lt;pid&gt;.&lt;thread&gt;.tmp</c>), renamed over the target. <c>durable</c> adds fsync of the file
/// before the rename and of the folder after it, so the new content also survives a power loss.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> data, bool durable)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? "/";
        Directory.CreateDirectory(dir);
        var temp = TempName(full);
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(data);
                if (durable) fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        if (durable) Libc.FsyncDirectory(dir);
    }

    /// <summary>The temporary name <see cref="Write"/> uses; <c>.&lt;name&gt;.*.tmp</c> matches every writer's.</summary>
    public static string TempName(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? "/",
            $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
}
