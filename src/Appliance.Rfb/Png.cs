using System.Buffers.Binary;
using System.IO.Compression;

namespace Appliance.Rfb;

/// <summary>
/// PNG (ISO/IEC 15948, the W3C PNG spec) reading and writing for screenshots and needles. Writes 8-bit RGB,
/// non-interlaced, filter Sub on every row. Reads every non-interlaced colour type and bit depth; alpha is dropped
/// (needles compare colour only, as openQA's do).
/// </summary>
public static partial class Png
{
    /// <summary>PNG spec §5.2: the 8-byte signature.</summary>
    internal static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    internal static ReadOnlySpan<byte> Ihdr => "IHDR"u8;
    internal static ReadOnlySpan<byte> Plte => "PLTE"u8;
    internal static ReadOnlySpan<byte> Idat => "IDAT"u8;
    internal static ReadOnlySpan<byte> Iend => "IEND"u8;

    // Chunk layout (§5.3): length (4, big-endian), type (4), data, CRC over type+data (4).
    internal const int ChunkLengthSize = 4;
    internal const int ChunkTypeSize = 4;
    internal const int ChunkCrcSize = 4;

    // IHDR fields (§11.2.2).
    internal const int IhdrWidth = 0;
    internal const int IhdrHeight = IhdrWidth + 4;
    internal const int IhdrBitDepth = IhdrHeight + 4;
    internal const int IhdrColourType = IhdrBitDepth + 1;
    internal const int IhdrCompression = IhdrColourType + 1;
    internal const int IhdrFilter = IhdrCompression + 1;
    internal const int IhdrInterlace = IhdrFilter + 1;
    internal const int IhdrSize = IhdrInterlace + 1;

    internal const byte ColourGray = 0, ColourRgb = 2, ColourPalette = 3, ColourGrayAlpha = 4, ColourRgba = 6;
    internal const byte FilterNone = 0, FilterSub = 1, FilterUp = 2, FilterAverage = 3, FilterPaeth = 4;

    public static PixelImage Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new RfbException(RfbErrorReason.BadPng, $"{path}: cannot read: {e.Message}", e); }
        return Decode(bytes, path);
    }

    public static void Write(string path, PixelImage image)
    {
        var tmp = path + ".tmp";
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            Encode(image, file);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="image"/> as an 8-bit RGB PNG.</summary>
    public static void Encode(PixelImage image, Stream output)
    {
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[IhdrSize];
        BinaryPrimitives.WriteInt32BigEndian(ihdr[IhdrWidth..], image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[IhdrHeight..], image.Height);
        ihdr[IhdrBitDepth] = 8;
        ihdr[IhdrColourType] = ColourRgb;
        ihdr[IhdrCompression] = 0;
        ihdr[IhdrFilter] = 0;
        ihdr[IhdrInterlace] = 0;
        WriteChunk(output, Ihdr, ihdr);

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var line = new byte[1 + image.Width * 3];
            line[0] = FilterSub;
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Row(y);
                byte pr = 0, pg = 0, pb = 0;
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    byte r = (byte)(p >> 16), g = (byte)(p >> 8), b = (byte)p;
                    line[1 + x * 3] = (byte)(r - pr);
                    line[2 + x * 3] = (byte)(g - pg);
                    line[3 + x * 3] = (byte)(b - pb);
                    (pr, pg, pb) = (r, g, b);
                }
                z.Write(line);
            }
        }
        WriteChunk(output, Idat, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, Iend, default);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[ChunkLengthSize + ChunkTypeSize];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        type.CopyTo(header[ChunkLengthSize..]);
        output.Write(header);
        output.Write(data);
        Span<byte> crc = stackalloc byte[ChunkCrcSize];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Append(Crc32.Compute(type), data));
        output.Write(crc);
    }
}
