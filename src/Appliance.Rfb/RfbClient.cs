using System.Net.Sockets;

namespace Appliance.Rfb;

/// <summary>
/// An RFB client (RFC 6143) that keeps a local copy of the server's framebuffer. A dedicated thread reads server
/// messages through a <see cref="BufferedStream"/> with blocking reads: RFB is one strictly ordered byte stream per
/// connection whose large payloads have known lengths (Raw: w×h×4, ZRLE: a length prefix), so reading each payload
/// into one reused buffer and decoding from a span is simpler than System.IO.Pipelines and just as copy-free where it
/// matters; there are no concurrent connections to multiplex. Every public wait takes a time bound.
/// </summary>
public sealed partial class RfbClient : IRfbSession, IDisposable
{
    private readonly Stream _transport;
    private readonly Socket? _socket;
    private readonly BufferedStream _input;
    private readonly RfbClientOptions _options;
    private readonly object _gate = new();
    private readonly object _sendGate = new();
    private readonly byte[] _sendBuffer = new byte[64];
    private readonly PixelImage _framebuffer;
    private readonly ZrleDecoder _zrle = new();
    private byte[] _payload = new byte[1 << 16];
    private Thread? _receiver;
    private Timer? _refresh;
    private long _updates;
    private long _lastUpdateTicks;
    private Exception? _failure;
    private volatile bool _disposed;

    /// <summary>The protocol version agreed: "3.3", "3.7" or "3.8".</summary>
    public string Version { get; private set; } = "";
    /// <summary>The security type used (RFC 6143 §7.1.2: 1 None, 2 VNC authentication).</summary>
    public int SecurityType { get; private set; }
    public string DesktopName { get; private set; } = "";
    /// <summary>True once the server acknowledged the QEMU extended key pseudo-encoding.</summary>
    public bool QemuKeys { get; private set; }
    /// <summary>Rectangle counts per encoding seen so far (index: Raw, CopyRect, ZRLE, DesktopSize, ExtendedDesktopSize).</summary>
    public long[] RectanglesByEncoding { get; } = new long[5];
    /// <summary>Size changes seen (DesktopSize or ExtendedDesktopSize).</summary>
    public int Resizes { get; private set; }

    public int Width { get { lock (_gate) return _framebuffer.Width; } }
    public int Height { get { lock (_gate) return _framebuffer.Height; } }

    /// <summary>Framebuffer updates applied so far; pass it to <see cref="WaitForUpdate"/>.</summary>
    public long UpdateCount { get { lock (_gate) return _updates; } }

    /// <summary>Why the receive loop stopped, once it did (the server disconnected or broke the protocol).</summary>
    public Exception? Failure { get { lock (_gate) return _failure; } }

    private RfbClient(Stream transport, Socket? socket, RfbClientOptions options)
    {
        _transport = transport;
        _socket = socket;
        _options = options;
        Stream source = options.RecordTo is null ? transport : new RecordingStream(transport, options.RecordTo);
        _input = new BufferedStream(source, 1 << 16);
        _framebuffer = new PixelImage(0, 0);
    }

    /// <summary>Connects over TCP, runs the handshake and starts receiving.</summary>
    public static RfbClient Connect(string host, int port, RfbClientOptions options)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var cts = new CancellationTokenSource(options.ConnectTimeout))
                socket.ConnectAsync(host, port, cts.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var why = e is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0} s" : e.Message;
            throw new RfbException(RfbErrorReason.ConnectFailed, $"connect to {host}:{port}: {why}", e);
        }
        socket.ReceiveTimeout = (int)options.ReadTimeout.TotalMilliseconds;
        socket.SendTimeout = (int)options.ReadTimeout.TotalMilliseconds;
        return Start(new NetworkStream(socket, ownsSocket: true), socket, options);
    }

    /// <summary>Runs the handshake over an already open stream (tests replay recorded server bytes this way).</summary>
    public static RfbClient Connect(Stream stream, RfbClientOptions options) => Start(stream, null, options);

    private static RfbClient Start(Stream stream, Socket? socket, RfbClientOptions options)
    {
        var client = new RfbClient(stream, socket, options);
        try
        {
            client.Handshake();
            client.SendSetup();
        }
        catch
        {
            client.Dispose();
            throw;
        }
        client._lastUpdateTicks = Environment.TickCount64;
        client._receiver = new Thread(client.ReceiveLoop) { IsBackground = true, Name = "rfb-receive" };
        client._receiver.Start();
        var period = options.RefreshAfter;
        client._refresh = new Timer(_ => client.RefreshIfIdle(), null, period, period);
        return client;
    }

    /// <summary>A copy of the current screen (into <paramref name="into"/> when given, resized as needed).</summary>
    public PixelImage Snapshot(PixelImage? into = null)
    {
        lock (_gate)
        {
            if (into is null) return _framebuffer.Clone();
            _framebuffer.CopyTo(into);
            return into;
        }
    }

    /// <summary>
    /// Waits until more than <paramref name="after"/> updates were applied, the connection failed (throws), or the time
    /// bound passed (returns false).
    /// </summary>
    public bool WaitForUpdate(long after, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_updates <= after)
            {
                ThrowIfFailed();
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
            }
            return true;
        }
    }

    /// <summary>Throws the receive loop's failure, if any (called by waiters so a dead server is seen at once).</summary>
    public void ThrowIfFailed()
    {
        Exception? failure;
        lock (_gate) failure = _failure;
        if (failure is RfbException rfb) throw new RfbException(rfb.Reason, rfb.Message, rfb);
        if (failure is IOException io) throw new RfbException(RfbErrorReason.Disconnected, LostConnection(io), failure);
        if (failure is not null) throw new RfbException(RfbErrorReason.Disconnected, "connection lost: " + failure.Message, failure);
    }

    private void RefreshIfIdle()
    {
        if (_disposed || Failure is not null) return;
        if (Environment.TickCount64 - Interlocked.Read(ref _lastUpdateTicks) < (long)_options.RefreshAfter.TotalMilliseconds) return;
        try { RequestUpdate(incremental: false); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or RfbException) { Fail(e); }
    }

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            _failure ??= e;
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _refresh?.Dispose();
        try { _socket?.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _transport.Dispose();
        _receiver?.Join(TimeSpan.FromSeconds(5));
        _zrle.Dispose();
        lock (_gate)
        {
            _failure ??= new RfbException(RfbErrorReason.Disconnected, "the client was closed");
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Copies every byte read from the server to a recording.</summary>
    private sealed class RecordingStream(Stream inner, Stream record) : Stream
    {
        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            record.Write(buffer[..n]);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Flush() => inner.Flush();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override bool CanTimeout => inner.CanTimeout;
        public override int ReadTimeout { get => inner.ReadTimeout; set => inner.ReadTimeout = value; }
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
