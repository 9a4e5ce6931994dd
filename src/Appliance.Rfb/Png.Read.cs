using System.Buffers.Binary;
using System.IO.Compression;

namespace Appliance.Rfb;

public static partial class Png
{
    /// <summary>Decodes a PNG file's bytes; <paramref name="where"/> names the file in error messages.</summary>
    public static PixelImage Decode(ReadOnlySpan<byte> bytes, string where = "PNG")
    {
        if (bytes.Length < Signature.Length || !bytes[..Signature.Length].SequenceEqual(Signature))
            throw Bad(where, 0, $"expected the PNG signature 89 50 4E 47 0D 0A 1A 0A, saw {Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)])}");
        var offset = Signature.Length;
        int width = 0, height = 0, bitDepth = 0, colourType = -1;
        byte[]? palette = null;
        var idat = new MemoryStream();
        var sawEnd = false;
        while (!sawEnd)
        {
            if (bytes.Length - offset < ChunkLengthSize + ChunkTypeSize + ChunkCrcSize)
                throw Bad(where, offset, "expected another chunk (no IEND yet), saw the end of the file");
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes[offset..]);
            if (length < 0 || length > bytes.Length - offset - ChunkLengthSize - ChunkTypeSize - ChunkCrcSize)
                throw Bad(where, offset, $"chunk length {length} runs past the end of the file");
            var type = bytes.Slice(offset + ChunkLengthSize, ChunkTypeSize);
            var data = bytes.Slice(offset + ChunkLengthSize + ChunkTypeSize, length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(bytes[(offset + ChunkLengthSize + ChunkTypeSize + length)..]);
            var crc = Crc32.Append(Crc32.Compute(type), data);
            var name = System.Text.Encoding.ASCII.GetString(type);
            if (crc != storedCrc)
                throw Bad(where, offset, $"chunk {name}: CRC expected {crc:X8}, saw {storedCrc:X8}");
            if (type.SequenceEqual(Ihdr))
            {
                if (length != IhdrSize) throw Bad(where, offset, $"IHDR length expected {IhdrSize}, saw {length}");
                width = BinaryPrimitives.ReadInt32BigEndian(data[IhdrWidth..]);
                height = BinaryPrimitives.ReadInt32BigEndian(data[IhdrHeight..]);
                bitDepth = data[IhdrBitDepth];
                colourType = data[IhdrColourType];
                if (width <= 0 || height <= 0 || (long)width * height > PixelImage.MaxPixels)
                    throw Bad(where, offset, $"image size {width}x{height} is outside 1..16384 squared");
                if (data[IhdrInterlace] != 0)
                    throw Bad(where, offset, "interlaced (Adam7) PNGs are not supported: save the image without interlacing");
                if (data[IhdrCompression] != 0 || data[IhdrFilter] != 0)
                    throw Bad(where, offset, $"compression/filter method expected 0/0, saw {data[IhdrCompression]}/{data[IhdrFilter]}");
                if (!ValidDepth(colourType, bitDepth))
                    throw Bad(where, offset, $"colour type {colourType} with bit depth {bitDepth} is not a valid PNG combination");
            }
            else if (type.SequenceEqual(Plte)) palette = data.ToArray();
            else if (type.SequenceEqual(Idat)) idat.Write(data);
            else if (type.SequenceEqual(Iend)) sawEnd = true;
            else if ((type[0] & 0x20) == 0 && colourType >= 0)
                throw Bad(where, offset, $"critical chunk {name} is not known"); // §5.4: unknown critical chunks are fatal
            offset += ChunkLengthSize + ChunkTypeSize + length + ChunkCrcSize;
        }
        if (colourType < 0) throw Bad(where, Signature.Length, "expected IHDR first, saw none");
        if (colourType == ColourPalette && palette is null) throw Bad(where, offset, "palette image without PLTE");
        return Unfilter(idat, width, height, bitDepth, colourType, palette, where);
    }

    private static bool ValidDepth(int colourType, int depth) => colourType switch
    {
        ColourGray => depth is 1 or 2 or 4 or 8 or 16,
        ColourPalette => depth is 1 or 2 or 4 or 8,
        ColourRgb or ColourGrayAlpha or ColourRgba => depth is 8 or 16,
        _ => false,
    };

    private static PixelImage Unfilter(MemoryStream idat, int width, int height, int bitDepth, int colourType, byte[]? palette, string where)
    {
        var channels = colourType switch { ColourRgb => 3, ColourGrayAlpha => 2, ColourRgba => 4, _ => 1 };
        var bitsPerPixel = channels * bitDepth;
        var bpp = Math.Max(1, bitsPerPixel / 8); // §9.2: filter byte distance, at least one byte
        var stride = (int)(((long)width * bitsPerPixel + 7) / 8);
        var image = new PixelImage(width, height);
        var previous = new byte[stride];
        var current = new byte[stride];
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        Span<byte> filter = stackalloc byte[1];
        for (var y = 0; y < height; y++)
        {
            if (z.ReadAtLeast(filter, 1, throwOnEndOfStream: false) != 1 || z.ReadAtLeast(current, stride, throwOnEndOfStream: false) != stride)
                throw Bad(where, -1, $"image data ends at row {y} of {height}");
            Reconstruct(filter[0], current, previous, bpp, where, y);
            Expand(current, image.Row(y), bitDepth, colourType, palette, where);
            (previous, current) = (current, previous);
        }
        return image;
    }

    /// <summary>PNG spec §9.2–9.4: undo the row filter in place.</summary>
    private static void Reconstruct(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp, string where, int y)
    {
        switch (filter)
        {
            case FilterNone: break;
            case FilterSub:
                for (var i = bpp; i < row.Length; i++) row[i] += row[i - bpp];
                break;
            case FilterUp:
                for (var i = 0; i < row.Length; i++) row[i] += above[i];
                break;
            case FilterAverage:
                for (var i = 0; i < row.Length; i++) row[i] += (byte)(((i >= bpp ? row[i - bpp] : 0) + above[i]) >> 1);
                break;
            case FilterPaeth:
                for (var i = 0; i < row.Length; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
                break;
            default:
                throw Bad(where, -1, $"row {y}: filter type expected 0..4, saw {filter}");
        }
    }

    private static void Expand(ReadOnlySpan<byte> row, Span<uint> pixels, int bitDepth, int colourType, byte[]? palette, string where)
    {
        var step = bitDepth / 8; // bytes per sample for 8/16-bit (16-bit: take the high byte)
        for (var x = 0; x < pixels.Length; x++)
        {
            uint r, g, b;
            switch (colourType)
            {
                case ColourRgb: r = row[x * 3 * step]; g = row[(x * 3 + 1) * step]; b = row[(x * 3 + 2) * step]; break;
                case ColourRgba: r = row[x * 4 * step]; g = row[(x * 4 + 1) * step]; b = row[(x * 4 + 2) * step]; break;
                case ColourGrayAlpha: r = g = b = row[x * 2 * step]; break;
                default:
                    int sample;
                    if (bitDepth >= 8) sample = row[x * step];
                    else
                    {
                        var perByte = 8 / bitDepth;
                        var shift = 8 - bitDepth * (x % perByte + 1);
                        sample = (row[x / perByte] >> shift) & ((1 << bitDepth) - 1);
                    }
                    if (colourType == ColourPalette)
                    {
                        if (sample * 3 + 2 >= palette!.Length) throw Bad(where, -1, $"palette index {sample} beyond {palette.Length / 3} entries");
                        r = palette[sample * 3]; g = palette[sample * 3 + 1]; b = palette[sample * 3 + 2];
                    }
                    else
                    {
                        r = g = b = bitDepth >= 8 ? (uint)sample : (uint)(sample * 255 / ((1 << bitDepth) - 1));
                    }
                    break;
            }
            pixels[x] = (r << 16) | (g << 8) | b;
        }
    }

    private static RfbException Bad(string where, int offset, string message) =>
        new(RfbErrorReason.BadPng, offset >= 0 ? $"{where}: byte {offset}: {message}" : $"{where}: {message}");
}
