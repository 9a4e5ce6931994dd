namespace Appliance.Media;

/// <summary>
/// Writes one image file atomically (see <see cref="ImageDirectory"/>, which a batch should use to open its folder
/// once): readers see either the old file or the whole new one, never a partial image, and the zero tail of the image
/// is left as a hole.
/// </summary>
public static class AtomicImageFile
{
    /// <summary>
    /// Writes <paramref name="data"/> (the image's leading bytes; the rest are zeros) as <paramref name="path"/> with
    /// total length <paramref name="length"/>. With <paramref name="durable"/> the file is fsynced before the rename
    /// and the folder after it.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> data, long length, bool durable = false)
    {
        var full = Path.GetFullPath(path);
        using var dir = new ImageDirectory(Path.GetDirectoryName(full)!, durable);
        dir.Write(Path.GetFileName(full), data, length);
        dir.Flush();
    }
}
