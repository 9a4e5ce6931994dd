namespace Appliance.Dhcp.Pxe;

/// <summary>Length and modification time of a file (a writer that renames a new file over it changes both or the time).</summary>
public readonly record struct FileStamp(bool Exists, long Length, long LastWriteTicks)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks) : new FileStamp(false, 0, 0);
    }
}
