using System.Buffers.Binary;

namespace Appliance.Dhcp.Pxe;

/// <summary>48-bit Ethernet addresses as the low bits of a ulong: the key of the boot index.</summary>
public static class MacAddress
{
    public const int Length = 6;

    /// <summary>The first six bytes of chaddr, big-endian: 52:54:00:12:34:56 is 0x525400123456.</summary>
    public static ulong FromBytes(ReadOnlySpan<byte> chaddr) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(chaddr) << 32) | BinaryPrimitives.ReadUInt32BigEndian(chaddr[2..]);

    public static void WriteBytes(ulong mac, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)mac);
    }

    /// <summary>Accepts `aa:bb:cc:dd:ee:ff` and `aa-bb-cc-dd-ee-ff`, any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong mac)
    {
        mac = 0;
        text = text.Trim();
        if (text.Length != 17) return false;
        for (var i = 0; i < Length; i++)
        {
            var hi = HexValue(text[i * 3]);
            var lo = HexValue(text[i * 3 + 1]);
            if (hi < 0 || lo < 0) return false;
            if (i < Length - 1 && text[i * 3 + 2] is not (':' or '-')) return false;
            mac = (mac << 8) | (uint)(hi << 4 | lo);
        }
        return true;
    }

    public static string Format(ulong mac) => string.Create(17, mac, static (chars, m) =>
    {
        const string hex = "0123456789abcdef";
        for (var i = 0; i < Length; i++)
        {
            var b = (int)(m >> (8 * (Length - 1 - i))) & 0xFF;
            chars[i * 3] = hex[b >> 4];
            chars[i * 3 + 1] = hex[b & 0xF];
            if (i < Length - 1) chars[i * 3 + 2] = ':';
        }
    });

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
