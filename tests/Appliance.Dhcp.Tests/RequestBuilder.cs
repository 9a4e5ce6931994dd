using System.Buffers.Binary;

namespace Appliance.Dhcp.Tests;

/// <summary>
/// Builds request bytes by hand (not with the library's writer), so reader and responder tests do not check the
/// library against itself. Offsets are RFC 2131 §2's, written out here on purpose.
/// </summary>
public sealed class RequestBuilder
{
    public byte Op = 1, HType = 1, HLen = 6;
    public uint Xid = 0x11223344;
    public ushort Flags = 0x8000;
    public uint Ciaddr, Giaddr;
    public byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
    public byte[] Sname = [];
    public byte[] File = [];
    public bool Cookie = true;
    public bool End = true;
    public readonly List<(byte Code, byte[] Value)> Options = [];

    public static RequestBuilder Pxe(byte type, ushort? arch, bool withGuid = true, string? vendor = null)
    {
        var b = new RequestBuilder();
        b.Add(53, type);
        if (arch is { } a)
        {
            b.Add(93, (byte)(a >> 8), (byte)a);
            b.Add(94, 1, 2, 1);
        }
        b.Add(60, System.Text.Encoding.ASCII.GetBytes(vendor ?? $"PXEClient:Arch:{arch ?? 0:D5}:UNDI:002001"));
        if (withGuid) b.Add(97, [0, .. Enumerable.Range(1, 16).Select(i => (byte)i)]);
        b.Add(55, 1, 3, 43, 60, 66, 67, 128, 129);
        return b;
    }

    public RequestBuilder Add(byte code, params byte[] value)
    {
        Options.Add((code, value));
        return this;
    }

    public byte[] Build(int padTo = 300)
    {
        var buf = new List<byte>(new byte[236]);
        buf[0] = Op; buf[1] = HType; buf[2] = HLen;
        var p = buf.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), Xid);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), Flags);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(12), Ciaddr);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(24), Giaddr);
        Mac.CopyTo(p, 28);
        Sname.CopyTo(p, 44);
        File.CopyTo(p, 108);
        var list = new List<byte>(p);
        list.AddRange(Cookie ? [99, 130, 83, 99] : [1, 2, 3, 4]);
        foreach (var (code, value) in Options)
        {
            list.Add(code);
            list.Add((byte)value.Length);
            list.AddRange(value);
        }
        if (End) list.Add(255);
        while (list.Count < padTo) list.Add(0);
        return list.ToArray();
    }
}
