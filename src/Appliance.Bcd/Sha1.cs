using System.Buffers.Binary;
using System.Numerics;

namespace Appliance.Bcd;

/// <summary>
/// SHA-1 (FIPS 180-4 §6.1) for name-based UUIDs only — not for security. Written here because the BCL's SHA1 loads
/// OpenSSL (libssl, libcrypto, openssl.cnf), which doubled the start-up time of `winpe-stage bcd`.
/// </summary>
internal static class Sha1
{
    public const int HashSize = 20;
    private const int BlockSize = 64;

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<uint> h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
        Span<uint> w = stackalloc uint[80];
        var full = data.Length / BlockSize * BlockSize;
        for (var i = 0; i < full; i += BlockSize) Block(data.Slice(i, BlockSize), h, w);

        // Padding (§5.1.1): 0x80, zeros, the message length in bits as a 64-bit big-endian number.
        Span<byte> tail = stackalloc byte[BlockSize * 2];
        tail.Clear();
        var rest = data[full..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 1 + 8 <= BlockSize ? BlockSize : BlockSize * 2;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (var i = 0; i < tailLength; i += BlockSize) Block(tail.Slice(i, BlockSize), h, w);

        for (var i = 0; i < 5; i++) BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], h[i]);
    }

    private static void Block(ReadOnlySpan<byte> block, Span<uint> h, Span<uint> w)
    {
        for (var t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        for (var t = 16; t < 80; t++) w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (var t = 0; t < 80; t++)
        {
            var (f, k) = t switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
}
