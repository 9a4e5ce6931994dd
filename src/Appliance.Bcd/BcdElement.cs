using System.Buffers.Binary;
using Appliance.Registry;

namespace Appliance.Bcd;

/// <summary>
/// One element of an object: its id and its value, stored as Elements\&lt;id&gt;\Element with the registry type its
/// format nibble demands (1 device REG_BINARY, 2 string REG_SZ, 3 object REG_SZ, 4 object list REG_MULTI_SZ,
/// 5 integer 8-byte REG_BINARY, 6 boolean 1-byte REG_BINARY, 7 integer list REG_BINARY).
/// </summary>
public sealed class BcdElement
{
    private const int IntegerSize = 8;
    private const int BooleanSize = 1;

    public uint Id { get; }
    public BcdElementFormat Format => BcdElementIds.FormatOf(Id);
    public RegistryValue Value { get; }

    private BcdElement(uint id, RegistryValue value)
    {
        Id = id;
        Value = value;
    }

    public static BcdElement Device(uint id, BcdDevice device) =>
        new(Expect(id, BcdElementFormat.Device), RegistryValue.Binary(ValueName, device.Encode()));

    public static BcdElement String(uint id, string value) =>
        new(Expect(id, BcdElementFormat.String), RegistryValue.String(ValueName, value));

    public static BcdElement Object(uint id, Guid value) =>
        new(Expect(id, BcdElementFormat.Object), RegistryValue.String(ValueName, BcdWellKnownObjects.Format(value)));

    public static BcdElement ObjectList(uint id, IEnumerable<Guid> values) =>
        new(Expect(id, BcdElementFormat.ObjectList), RegistryValue.MultiString(ValueName, values.Select(BcdWellKnownObjects.Format)));

    public static BcdElement Integer(uint id, ulong value)
    {
        var data = new byte[IntegerSize];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return new(Expect(id, BcdElementFormat.Integer), RegistryValue.Binary(ValueName, data));
    }

    public static BcdElement Boolean(uint id, bool value) =>
        new(Expect(id, BcdElementFormat.Boolean), RegistryValue.Binary(ValueName, [value ? (byte)1 : (byte)0]));

    public static BcdElement IntegerList(uint id, IEnumerable<ulong> values)
    {
        var list = values.ToArray();
        var data = new byte[list.Length * IntegerSize];
        for (var i = 0; i < list.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(i * IntegerSize), list[i]);
        return new(Expect(id, BcdElementFormat.IntegerList), RegistryValue.Binary(ValueName, data));
    }

    /// <summary>
    /// An element whose format nibble says boolean but whose documented meaning is an integer (the ramdisk TFTP tuning
    /// elements 0x36000007/0x36000008): written as an 8-byte little-endian integer. Not confirmed against a Windows
    /// boot manager.
    /// </summary>
    public static BcdElement IntegerInBooleanSlot(uint id, ulong value)
    {
        var data = new byte[IntegerSize];
        BinaryPrimitives.WriteUInt64LittleEndian(data, value);
        return new(Expect(id, BcdElementFormat.Boolean), RegistryValue.Binary(ValueName, data));
    }

    /// <summary>Wraps an Element value read from a hive, checking its registry type against the id's format nibble.</summary>
    public static BcdElement FromRegistry(uint id, RegistryValue value, string where)
    {
        var format = BcdElementIds.FormatOf(id);
        var expected = format switch
        {
            BcdElementFormat.String or BcdElementFormat.Object => RegistryValueKind.String,
            BcdElementFormat.ObjectList => RegistryValueKind.MultiString,
            _ => RegistryValueKind.Binary,
        };
        if (value.Kind != expected)
            throw new BcdFormatException(BcdErrorReason.WrongValueType,
                $"{where}: element {id:X8} (format {format}) expected {expected}, saw {value.Kind}");
        return new(id, value);
    }

    public BcdDevice AsDevice() => BcdDevice.Decode(Require(BcdElementFormat.Device).Data.Span);

    public string AsString() => Require(BcdElementFormat.String).AsString();

    public Guid AsObject() => ParseGuid(Require(BcdElementFormat.Object).AsString());

    public IReadOnlyList<Guid> AsObjectList() => Require(BcdElementFormat.ObjectList).AsMultiString().Select(ParseGuid).ToList();

    /// <summary>Integer elements: 8 bytes little-endian (shorter blobs from other writers are zero-extended).</summary>
    public ulong AsInteger()
    {
        var data = Value.Data.Span;
        if (Format is not (BcdElementFormat.Integer or BcdElementFormat.Boolean) || data.Length is 0 or > IntegerSize)
            throw new BcdFormatException(BcdErrorReason.BadElementData,
                $"element {Id:X8}: expected an integer of 1-8 bytes, saw format {Format} with {data.Length} bytes");
        Span<byte> eight = stackalloc byte[IntegerSize];
        eight.Clear();
        data.CopyTo(eight);
        return BinaryPrimitives.ReadUInt64LittleEndian(eight);
    }

    public bool AsBoolean()
    {
        var data = Require(BcdElementFormat.Boolean).Data.Span;
        if (data.Length == 0)
            throw new BcdFormatException(BcdErrorReason.BadElementData, $"element {Id:X8}: expected 1 byte of boolean, saw none");
        return data.IndexOfAnyExcept((byte)0) >= 0;
    }

    public IReadOnlyList<ulong> AsIntegerList()
    {
        var data = Require(BcdElementFormat.IntegerList).Data.Span;
        if (data.Length % IntegerSize != 0)
            throw new BcdFormatException(BcdErrorReason.BadElementData,
                $"element {Id:X8}: expected a multiple of 8 bytes, saw {data.Length}");
        var list = new ulong[data.Length / IntegerSize];
        for (var i = 0; i < list.Length; i++) list[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * IntegerSize)..]);
        return list;
    }

    /// <summary>The registry value name every element uses.</summary>
    public const string ValueName = "Element";

    private RegistryValue Require(BcdElementFormat format)
    {
        if (Format != format)
            throw new BcdFormatException(BcdErrorReason.FormatMismatch, $"element {Id:X8}: expected format {format}, it is {Format}");
        return Value;
    }

    private static uint Expect(uint id, BcdElementFormat format)
    {
        if (BcdElementIds.FormatOf(id) != format)
            throw new BcdFormatException(BcdErrorReason.FormatMismatch,
                $"element {id:X8}: its format nibble says {BcdElementIds.FormatOf(id)}, the value given is {format}");
        return id;
    }

    private Guid ParseGuid(string text) =>
        Guid.TryParseExact(text, "B", out var g) ? g
        : throw new BcdFormatException(BcdErrorReason.BadElementData, $"element {Id:X8}: expected an object \"{{guid}}\", saw \"{text}\"");
}
