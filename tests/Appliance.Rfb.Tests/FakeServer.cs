using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Rfb.Tests;

/// <summary>A scripted RFB server on 127.0.0.1 (ephemeral port) for handshake and message tests.</summary>
internal sealed class FakeServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _thread;
    public Exception? Error;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public FakeServer(Action<NetworkStream> script)
    {
        _listener.Start();
        _thread = new Thread(() =>
        {
            try
            {
                using var client = _listener.AcceptTcpClient();
                client.ReceiveTimeout = 10_000;
                using var stream = client.GetStream();
                script(stream);
            }
            catch (Exception e) { Error = e; }
        }) { IsBackground = true };
        _thread.Start();
    }

    public static byte[] Read(Stream s, int n)
    {
        var b = new byte[n];
        s.ReadExactly(b);
        return b;
    }

    public static void U32(Stream s, uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); s.Write(b); }

    public static void ServerInit(Stream s, int w, int h, string name)
    {
        var b = new byte[24];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)w);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)h);
        b[4] = 32; b[5] = 24; b[7] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), (uint)name.Length);
        s.Write(b);
        s.Write(System.Text.Encoding.ASCII.GetBytes(name));
    }

    /// <summary>Reads SetPixelFormat, SetEncodings and the first FramebufferUpdateRequest; returns the encodings.</summary>
    public static int[] ReadSetup(Stream s)
    {
        var pf = Read(s, 20);
        if (pf[0] != 0 || pf[4] != 32 || pf[5] != 24 || pf[7] != 1) throw new InvalidOperationException("bad SetPixelFormat " + Convert.ToHexString(pf));
        var head = Read(s, 4);
        var n = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(2));
        var enc = Read(s, 4 * n);
        var request = Read(s, 10);
        if (request[0] != 3) throw new InvalidOperationException("expected FramebufferUpdateRequest");
        return Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadInt32BigEndian(enc.AsSpan(4 * i))).ToArray();
    }

    public static void Rect(Stream s, int x, int y, int w, int h, int encoding)
    {
        var b = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), (ushort)w);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(6), (ushort)h);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), encoding);
        s.Write(b);
    }

    public static void UpdateHeader(Stream s, int rects) => s.Write([0, 0, (byte)(rects >> 8), (byte)rects]);

    public void Join() => _thread.Join(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        _listener.Stop();
        _thread.Join(TimeSpan.FromSeconds(10));
    }
}
