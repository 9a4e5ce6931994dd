using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Appliance.Tftp.Tests;

/// <summary>
/// A minimal synchronous TFTP read client for in-process engine tests, with hooks to drop DATA blocks and duplicate ACKs.
/// Its receive path allocates nothing per packet so allocation measurements see only the server.
/// </summary>
internal sealed class TestClient : IDisposable
{
    private Socket _socket = NewSocket();
    private readonly byte[] _rx = new byte[70000];
    private readonly byte[] _tx = new byte[2048];

    private static Socket NewSocket()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        s.ReceiveBufferSize = 4 << 20;
        return s;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Drop these absolute block numbers the first time they arrive (simulated loss).</summary>
    public HashSet<long> DropOnce { get; } = [];

    /// <summary>Send every ACK twice (simulated duplication: the server must not answer the copy).</summary>
    public bool DuplicateAcks { get; set; }

    /// <summary>DATA packets received, including duplicates.</summary>
    public long DataPackets { get; private set; }

    public long DuplicateDataPackets { get; private set; }

    public Dictionary<string, string> Oack { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Send(IPEndPoint server, ReadOnlySpan<byte> packet) => _socket.SendTo(packet, SocketFlags.None, server);

    public int Receive(out EndPoint from)
    {
        from = new IPEndPoint(IPAddress.Any, 0);
        return _socket.ReceiveFrom(_rx, ref from);
    }

    public ReadOnlySpan<byte> Last(int n) => _rx.AsSpan(0, n);

    /// <summary>Reads a file; returns its bytes' SHA-256 and length. Window = what the client acks per window.</summary>
    public (byte[] Sha256, long Length) Get(IPEndPoint server, string name, string mode = "octet", int window = 1,
        params (string, string)[] options)
    {
        // Every download from a fresh port, as real clients do (a new TID, RFC 1350 §4).
        _socket.Dispose();
        _socket = NewSocket();
        var n = TftpPacket.WriteRequest(_tx, TftpOpcode.ReadRequest, name, mode, options);
        Send(server, _tx.AsSpan(0, n));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long expected = 1, length = 0;
        var blockSize = 512;
        IPEndPoint? tid = null;
        var inWindow = 0;
        var dropped = new HashSet<long>();
        while (true)
        {
            int got;
            try
            {
                if (tid is null)
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    got = _socket.ReceiveFrom(_rx, ref from);
                    tid = (IPEndPoint)from;
                    _socket.Connect(tid); // from here on: no per-packet endpoint objects
                }
                else
                {
                    got = _socket.Receive(_rx);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                if (tid is null) throw new TimeoutException($"no answer from {server} for {name}");
                // RFC 7440 §4: on timeout, ack the last block received in order.
                Ack(tid, (ushort)(expected - 1));
                inWindow = 0;
                continue;
            }
            var packet = _rx.AsSpan(0, got);
            if (TftpPacket.TryReadError(packet, out var code, out var msg))
                throw new TftpClientException(code, System.Text.Encoding.ASCII.GetString(msg));
            if (TftpPacket.TryReadOpcode(packet, out var op) && op == TftpOpcode.OptionAcknowledgment)
            {
                ParseOack(packet[2..]);
                if (Oack.TryGetValue("blksize", out var b)) blockSize = int.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
                if (Oack.TryGetValue("windowsize", out var w)) window = int.Parse(w, System.Globalization.CultureInfo.InvariantCulture);
                Ack(tid, 0);
                continue;
            }
            if (!TftpPacket.TryReadData(packet, out var wire, out var payload)) continue;
            DataPackets++;
            var abs = expected - 1 + (ushort)(wire - (ushort)(expected - 1));
            if (abs != expected)
            {
                DuplicateDataPackets++;
                if (abs > expected)
                {
                    // gap: ack what we have, in order (RFC 7440 §4)
                    Ack(tid, (ushort)(expected - 1));
                    inWindow = 0;
                }
                continue;
            }
            if (DropOnce.Contains(abs) && dropped.Add(abs)) continue;
            sha.AppendData(payload);
            length += payload.Length;
            expected++;
            inWindow++;
            if (payload.Length < blockSize)
            {
                Ack(tid, wire);
                return (sha.GetHashAndReset(), length);
            }
            if (inWindow >= window)
            {
                Ack(tid, wire);
                inWindow = 0;
            }
        }
    }

    private void Ack(IPEndPoint tid, ushort block)
    {
        _ = tid;
        var n = TftpPacket.WriteAck(_tx, block);
        _socket.Send(_tx.AsSpan(0, n));
        if (DuplicateAcks) _socket.Send(_tx.AsSpan(0, n));
    }

    private void ParseOack(ReadOnlySpan<byte> options)
    {
        while (!options.IsEmpty)
        {
            var a = options.IndexOf((byte)0);
            var name = System.Text.Encoding.ASCII.GetString(options[..a]);
            options = options[(a + 1)..];
            var b = options.IndexOf((byte)0);
            Oack[name] = System.Text.Encoding.ASCII.GetString(options[..b]);
            options = options[(b + 1)..];
        }
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed class TftpClientException(TftpErrorCode code, string message) : Exception($"TFTP error {(int)code}: {message}")
{
    public TftpErrorCode Code { get; } = code;
}
