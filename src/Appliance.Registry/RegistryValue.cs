using System.Buffers.Binary;
using System.Text;

namespace Appliance.Registry;

/// <summary>A named, typed value of a key. Data is kept as the raw bytes stored in the hive.</summary>
public sealed class RegistryValue
{
    /// <summary>The value name; empty for the key's default value.</summary>
    public string Name { get; }
    public RegistryValueKind Kind { get; }
    public ReadOnlyMemory<byte> Data { get; }

    public RegistryValue(string name, RegistryValueKind kind, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Kind = kind;
        Data = data;
    }

    /// <summary>REG_SZ: UTF-16LE with a terminating NUL, as Windows stores it.</summary>
    public static RegistryValue String(string name, string value) => new(name, RegistryValueKind.String, Utf16Z(value));

    /// <summary>REG_EXPAND_SZ: like REG_SZ; %variables% are expanded by the reader, not here.</summary>
    public static RegistryValue ExpandString(string name, string value) => new(name, RegistryValueKind.ExpandString, Utf16Z(value));

    /// <summary>REG_MULTI_SZ: each string NUL-terminated, the list ended by one more NUL.</summary>
    public static RegistryValue MultiString(string name, IEnumerable<string> values)
    {
        var sb = new StringBuilder();
        foreach (var v in values)
        {
            if (v.Contains('\0')) throw new ArgumentException($"REG_MULTI_SZ {name}: a string may not contain NUL", nameof(values));
            sb.Append(v).Append('\0');
        }
        sb.Append('\0');
        return new(name, RegistryValueKind.MultiString, Encoding.Unicode.GetBytes(sb.ToString()));
    }

    public static RegistryValue DWord(string name, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        return new(name, RegistryValueKind.DWord, data);
    }

    public static RegistryValue QWord(string name, ulong value)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return new(name, RegistryValueKind.QWord, data);
    }

    public static RegistryValue Binary(string name, ReadOnlySpan<byte> value) => new(name, RegistryValueKind.Binary, value.ToArray());

    /// <summary>The string of a REG_SZ/REG_EXPAND_SZ/REG_LINK value, without its terminating NUL.</summary>
    public string AsString()
    {
        RequireKind(RegistryValueKind.String, RegistryValueKind.ExpandString, RegistryValueKind.Link);
        var s = DecodeUtf16(Data.Span);
        var nul = s.IndexOf('\0');
        return nul >= 0 ? s[..nul] : s;
    }

    /// <summary>The strings of a REG_MULTI_SZ value (the empty terminator is not a string).</summary>
    public IReadOnlyList<string> AsMultiString()
    {
        RequireKind(RegistryValueKind.MultiString, RegistryValueKind.MultiString, RegistryValueKind.MultiString);
        var s = DecodeUtf16(Data.Span);
        var list = new List<string>();
        var start = 0;
        while (start < s.Length)
        {
            var nul = s.IndexOf('\0', start);
            if (nul < 0) { list.Add(s[start..]); break; }
            if (nul == start) break; // the list terminator
            list.Add(s[start..nul]);
            start = nul + 1;
        }
        return list;
    }

    public uint AsDWord()
    {
        RequireKind(RegistryValueKind.DWord, RegistryValueKind.DWord, RegistryValueKind.DWord);
        if (Data.Length != 4) throw new InvalidOperationException($"REG_DWORD {Name}: expected 4 bytes, saw {Data.Length}");
        return BinaryPrimitives.ReadUInt32LittleEndian(Data.Span);
    }

    public ulong AsQWord()
    {
        RequireKind(RegistryValueKind.QWord, RegistryValueKind.QWord, RegistryValueKind.QWord);
        if (Data.Length != 8) throw new InvalidOperationException($"REG_QWORD {Name}: expected 8 bytes, saw {Data.Length}");
        return BinaryPrimitives.ReadUInt64LittleEndian(Data.Span);
    }

    public override string ToString() => $"{(Name.Length == 0 ? "@" : Name)} ({Kind}, {Data.Length} bytes)";

    private void RequireKind(RegistryValueKind a, RegistryValueKind b, RegistryValueKind c)
    {
        if (Kind != a && Kind != b && Kind != c)
            throw new InvalidOperationException($"value {Name}: expected {a}, saw {Kind}");
    }

    private static byte[] Utf16Z(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[(value.Length + 1) * 2];
        Encoding.Unicode.GetBytes(value, bytes);
        return bytes;
    }

    private static string DecodeUtf16(ReadOnlySpan<byte> data) => Encoding.Unicode.GetString(data[..(data.Length & ~1)]);
}
