using System.Buffers;
using Appliance.Media;
using Appliance.Unattend.Templates;

namespace Appliance.Hosts.Floppygen;

/// <summary>
/// One worker's buffers, reused node after node: the rendered files, a floppy buffer sized to the used part of the
/// image (the rest is a hole in the file), of which only the bytes the previous image dirtied are cleared, and a CD
/// buffer grown as needed.
/// </summary>
internal sealed class ImageBuffers
{
    private readonly List<ArrayBufferWriter<byte>> _files = [];

    private byte[] _floppy = [];
    private int _dirty;
    private byte[] _iso = [];

    /// <summary>Renders file <paramref name="index"/> of a node into its buffer; the bytes stay valid until that file of the next node is rendered.</summary>
    public ReadOnlyMemory<byte> Render(int index, Template template, TemplateVariables variables, string node)
    {
        while (_files.Count <= index) _files.Add(new ArrayBufferWriter<byte>(16 * 1024));
        var buffer = _files[index];
        buffer.ResetWrittenCount();
        template.RenderUtf8(variables, node, buffer);
        return buffer.WrittenMemory;
    }

    /// <summary>Writes the floppy image of <paramref name="files"/> (<paramref name="used"/> from <see cref="Fat12Image.Measure"/>); returns its leading, non-zero bytes.</summary>
    public ReadOnlySpan<byte> Floppy(int used, ReadOnlySpan<MediaFile> files, string label, DateTime timestamp)
    {
        if (_floppy.Length < used)
        {
            // A fresh array is all zeros.
            _floppy = new byte[Math.Min(Fat12Layout.ImageSize, Math.Max(used, 2 * _floppy.Length))];
            _dirty = 0;
        }
        _dirty = Fat12Image.Write(files, _floppy, label, timestamp, _dirty);
        return _floppy.AsSpan(0, _dirty);
    }

    /// <summary>Writes the CD image of <paramref name="files"/> (<paramref name="size"/> from <see cref="Iso9660Image.GetSize"/>).</summary>
    public ReadOnlySpan<byte> Iso(int size, ReadOnlySpan<MediaFile> files, string label, DateTime timestamp)
    {
        if (_iso.Length < size) _iso = new byte[size];
        Iso9660Image.Write(files, _iso, label, timestamp);
        return _iso.AsSpan(0, size);
    }
}
