using System.Net;
using System.Net.Sockets;

namespace Appliance.Integration.Tftp;

/// <summary>
/// A bad network between TFTP clients and a server, in user space and reproducible (seeded): each datagram, in either
/// direction, is dropped with probability <c>loss</c>, sent twice with <c>duplicate</c>, or held back and sent after the
/// next one (reordered) with <c>reorder</c>. The client talks to <see cref="Port"/>; the relay keeps the TFTP transfer
/// IDs apart by giving every server port its own client-facing socket, so clients see one port per transfer as usual.
/// (The CI kernel has no sch_netem, so `tc qdisc … netem` is not available; this does the same to the packets.)
/// </summary>
public sealed class ImpairedRelay : IDisposable
{
    private readonly IPEndPoint _server;
    private readonly Socket _front = NewSocket();
    private readonly Dictionary<IPEndPoint, Session> _sessions = [];
    private readonly Dictionary<Socket, (Session Session, IPEndPoint? ServerTid)> _owners = [];
    private readonly Random _rng;
    private readonly double _loss, _duplicate, _reorder;
    private readonly Thread _thread;
    private readonly byte[] _buffer = new byte[70000];
    private volatile bool _stop;
    private (Socket Socket, byte[] Data, EndPoint To)? _held;
    private long _dropped, _duplicated, _reordered, _relayed;

    public ImpairedRelay(IPEndPoint server, int seed, double loss, double duplicate, double reorder)
    {
        _server = server;
        _rng = new Random(seed);
        (_loss, _duplicate, _reorder) = (loss, duplicate, reorder);
        _thread = new Thread(Loop) { IsBackground = true, Name = "impaired-relay" };
        _thread.Start();
    }

    public int Port => ((IPEndPoint)_front.LocalEndPoint!).Port;
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Duplicated => Interlocked.Read(ref _duplicated);
    public long Reordered => Interlocked.Read(ref _reordered);
    public long Relayed => Interlocked.Read(ref _relayed);

    private sealed class Session(IPEndPoint client, Socket upstream)
    {
        public IPEndPoint Client { get; } = client;
        public Socket Upstream { get; } = upstream;
        public Dictionary<IPEndPoint, Socket> Downstream { get; } = [];
    }

    private static Socket NewSocket()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveBufferSize = 4 << 20;
        return s;
    }

    private void Loop()
    {
        var deadline = DateTime.UtcNow.AddMinutes(5); // bounded: no test runs longer
        while (!_stop && DateTime.UtcNow < deadline)
        {
            var readable = new List<Socket> { _front };
            lock (_owners) readable.AddRange(_owners.Keys);
            try
            {
                Socket.Select(readable, null, null, 5_000);
            }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            if (readable.Count == 0 && _held is { } h)
            {
                _held = null; // nothing came after it within 5 ms: let it go
                Send(h.Socket, h.Data, h.To);
            }
            foreach (var s in readable) Pump(s);
        }
    }

    private void Pump(Socket s)
    {
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int n;
        try
        {
            n = s.ReceiveFrom(_buffer, ref from);
        }
        catch (SocketException) { return; }      // ICMP from a client that left
        catch (ObjectDisposedException) { return; }
        var data = _buffer.AsSpan(0, n).ToArray();
        var source = (IPEndPoint)from;
        if (s == _front)
        {
            // A request from a client: to the server's request port, from this client's upstream socket.
            if (!_sessions.TryGetValue(source, out var session))
            {
                session = new Session(source, NewSocket());
                _sessions[source] = session;
                lock (_owners) _owners[session.Upstream] = (session, null);
            }
            Impair(session.Upstream, data, _server);
            return;
        }
        var (owner, serverTid) = _owners[s];
        if (s == owner.Upstream)
        {
            // From the server (its transfer port): to the client, from the socket that stands for that port.
            if (!owner.Downstream.TryGetValue(source, out var down))
            {
                down = NewSocket();
                owner.Downstream[source] = down;
                lock (_owners) _owners[down] = (owner, source);
            }
            Impair(down, data, owner.Client);
        }
        else if (serverTid is not null)
        {
            Impair(owner.Upstream, data, serverTid); // from the client: to the server's transfer port
        }
    }

    private void Impair(Socket via, byte[] data, EndPoint to)
    {
        var r = _rng.NextDouble();
        if (r < _loss)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        // Requests and OACKs are dropped like anything else but never duplicated or reordered: atftp 0.8 and curl 7.88
        // abort on a second OACK ("unexpected OACK", error 0), which would test the clients, not the server.
        var handshake = data.Length >= 2 && data[0] == 0 && data[1] is 1 or 6;
        if (handshake)
        {
            Send(via, data, to);
            return;
        }
        if (r < _loss + _reorder && _held is null)
        {
            Interlocked.Increment(ref _reordered);
            _held = (via, data, to);
            return;
        }
        Send(via, data, to);
        if (r < _loss + _reorder + _duplicate)
        {
            Interlocked.Increment(ref _duplicated);
            Send(via, data, to);
        }
        if (_held is { } h)
        {
            _held = null;
            Send(h.Socket, h.Data, h.To);
        }
    }

    private void Send(Socket via, byte[] data, EndPoint to)
    {
        Interlocked.Increment(ref _relayed);
        try { via.SendTo(data, to); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        _front.Dispose();
        lock (_owners) foreach (var s in _owners.Keys) s.Dispose();
    }
}
