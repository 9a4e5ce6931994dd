using System.Buffers.Binary;

namespace Appliance.Core.Tables;

/// <summary>A 48-bit Ethernet address as a value (the low 48 bits of a ulong), cheap to hash and compare.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public const int Length = 6;

    /// <summary>From the first 6 bytes of a hardware address (DHCP chaddr).</summary>
    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> wide = stackalloc byte[8];
        wide.Clear();
        bytes[..Length].CopyTo(wide[2..]);
        return new MacAddress(BinaryPrimitives.ReadUInt64BigEndian(wide));
    }

    public void WriteTo(Span<byte> destination)
    {
        Span<byte> wide = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(wide, Value);
        wide[2..].CopyTo(destination);
    }

    /// <summary>Accepts <c>aa:bb:cc:dd:ee:ff</c>, <c>aa-bb-cc-dd-ee-ff</c> (any case) and <c>aabbccddeeff</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress mac)
    {
        mac = default;
        ulong value = 0;
        int digits = 0, i = 0;
        char separator = '\0';
        while (i < text.Length)
        {
            if (digits > 0 && digits % 2 == 0 && text.Length != 12)
            {
                var c = text[i];
                if (c is not (':' or '-') || (separator != '\0' && c != separator)) return false;
                separator = c;
                i++;
                if (i >= text.Length) return false;
            }
            var nibble = HexValue(text[i++]);
            if (nibble < 0 || digits == 12) return false;
            value = (value << 4) | (uint)nibble;
            digits++;
        }
        if (digits != 12) return false;
        mac = new MacAddress(value);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Length];
        WriteTo(b);
        return $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}";
    }
}
