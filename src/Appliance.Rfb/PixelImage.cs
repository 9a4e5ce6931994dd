namespace Appliance.Rfb;

/// <summary>
/// A 24-bit RGB image, one <see cref="uint"/> per pixel as 0x00RRGGBB, rows top to bottom, no padding. It is the
/// framebuffer's layout (RFB pixel format 32 bpp, depth 24, red-shift 16, little-endian) so screens, needles and
/// PNG files share one type and comparisons never convert.
/// </summary>
public sealed class PixelImage
{
    public int Width { get; private set; }
    public int Height { get; private set; }
    public uint[] Pixels { get; private set; }

    public PixelImage(int width, int height)
    {
        if (width < 0 || height < 0 || (long)width * height > MaxPixels)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is outside 0..{MaxPixels} pixels");
        Width = width;
        Height = height;
        Pixels = new uint[width * height];
    }

    /// <summary>The largest image accepted anywhere (PNG files and framebuffers): 16384×16384.</summary>
    public const long MaxPixels = 16384L * 16384;

    public uint this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value & 0xFFFFFF;
    }

    public Span<uint> Row(int y) => Pixels.AsSpan(y * Width, Width);

    /// <summary>Changes the size, keeping the overlapping top-left part (RFC 6143 §7.8.2: DesktopSize).</summary>
    public void Resize(int width, int height)
    {
        if (width == Width && height == Height) return;
        var next = new PixelImage(width, height);
        var w = Math.Min(width, Width);
        for (var y = 0; y < Math.Min(height, Height); y++)
            Pixels.AsSpan(y * Width, w).CopyTo(next.Pixels.AsSpan(y * width, w));
        (Width, Height, Pixels) = (width, height, next.Pixels);
    }

    /// <summary>Copies this image into <paramref name="target"/>, resizing it when the sizes differ.</summary>
    public void CopyTo(PixelImage target)
    {
        if (target.Width != Width || target.Height != Height)
        {
            target.Width = Width;
            target.Height = Height;
            target.Pixels = new uint[Pixels.Length];
        }
        Pixels.AsSpan().CopyTo(target.Pixels);
    }

    public PixelImage Clone()
    {
        var copy = new PixelImage(Width, Height);
        CopyTo(copy);
        return copy;
    }

    /// <summary>A new image holding the rectangle (clipped to this image).</summary>
    public PixelImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 0 || height < 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"crop {width}x{height}+{x}+{y} is outside the {Width}x{Height} image");
        var part = new PixelImage(width, height);
        for (var row = 0; row < height; row++)
            Pixels.AsSpan((y + row) * Width + x, width).CopyTo(part.Pixels.AsSpan(row * width, width));
        return part;
    }

    /// <summary>True when both images have the same size and pixels.</summary>
    public bool SameAs(PixelImage other) =>
        other.Width == Width && other.Height == Height && Pixels.AsSpan().SequenceEqual(other.Pixels);
}
