using System.Buffers.Binary;
using System.Text;

namespace Appliance.Integration.Dhcp;

/// <summary>
/// Hand-built PXE requests and a minimal reply decoder for the integration tests (offsets of RFC 2131 §2 written out
/// here, independent of the library under test).
/// </summary>
public static class DhcpWire
{
    public static byte[] Request(byte type, byte[] mac, ushort? arch, uint xid, uint ciaddr = 0, bool guid = true, string? vendor = null)
    {
        var p = new List<byte>(new byte[236]);
        p[0] = 1; p[1] = 1; p[2] = 6;
        var head = p.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), xid);
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(10), 0x8000);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(12), ciaddr);
        mac.CopyTo(head, 28);
        var o = new List<byte>(head) { 99, 130, 83, 99, 53, 1, type };
        if (arch is { } a) o.AddRange([93, 2, (byte)(a >> 8), (byte)a, 94, 3, 1, 3, 16]);
        var vc = Encoding.ASCII.GetBytes(vendor ?? $"PXEClient:Arch:{arch ?? 0:D5}:UNDI:003016");
        o.Add(60); o.Add((byte)vc.Length); o.AddRange(vc);
        if (guid) { o.AddRange([97, 17, 0]); o.AddRange(Enumerable.Range(0x20, 16).Select(i => (byte)i)); }
        o.Add(255);
        while (o.Count < 300) o.Add(0);
        return o.ToArray();
    }

    public static uint Xid(ReadOnlySpan<byte> p) => BinaryPrimitives.ReadUInt32BigEndian(p[4..]);

    public static string File(ReadOnlySpan<byte> p)
    {
        var f = p.Slice(108, 128);
        var nul = f.IndexOf((byte)0);
        return Encoding.ASCII.GetString(nul < 0 ? f : f[..nul]);
    }

    /// <summary>Options of the options field (no overload: our replies never use it).</summary>
    public static Dictionary<byte, byte[]> Options(ReadOnlySpan<byte> p)
    {
        var d = new Dictionary<byte, byte[]>();
        var i = 240;
        while (i < p.Length && p[i] != 255)
        {
            if (p[i] == 0) { i++; continue; }
            d[p[i]] = p.Slice(i + 2, p[i + 1]).ToArray();
            i += 2 + p[i + 1];
        }
        return d;
    }
}
