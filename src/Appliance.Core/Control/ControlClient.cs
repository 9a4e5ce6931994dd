using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Appliance.Core.Control;

/// <summary>The CLI side of the control protocol: one request line, one JSON answer line, with plain-words errors.</summary>
public static class ControlClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends one request and returns the answer (ok or not); throws <see cref="ControlClientException"/> when there is no
    /// answer. Blocking I/O with socket timeouts: CLIs call this, and it never ties up a thread-pool thread.
    /// </summary>
    public static ControlReply Request(string socketPath, string daemon, string request, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var socket = Connect(socketPath, daemon);
        socket.SendTimeout = socket.ReceiveTimeout = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            stream.Write(Encoding.UTF8.GetBytes(request + "\n"));
            var line = ReadLine(new BufferedStream(stream))
                ?? throw new ControlClientException(ControlClientError.BadAnswer, $"{daemon} closed {socketPath} without answering \"{request}\"");
            return Parse(line, daemon);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            throw new ControlClientException(ControlClientError.Timeout,
                $"{daemon} did not answer \"{request}\" within {limit.TotalSeconds:0.#} s on {socketPath}");
        }
    }

    public static async Task<ControlReply> RequestAsync(string socketPath, string daemon, string request, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(socketPath, daemon, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await SendLine(stream, request, cancellationToken).ConfigureAwait(false);
        var line = await ReadLine(new BufferedStream(stream), cancellationToken).ConfigureAwait(false)
            ?? throw new ControlClientException(ControlClientError.BadAnswer, $"{daemon} closed {socketPath} without answering \"{request}\"");
        return Parse(line, daemon);
    }

    /// <summary>Subscribes to <c>events</c> and yields each event object until cancelled or the daemon stops.</summary>
    public static async IAsyncEnumerable<JsonDocument> EventsAsync(string socketPath, string daemon,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(socketPath, daemon, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await SendLine(stream, "events", cancellationToken).ConfigureAwait(false);
        var input = new BufferedStream(stream);
        var first = await ReadLine(input, cancellationToken).ConfigureAwait(false);
        using (var reply = first is null ? null : Parse(first, daemon))
        {
            if (reply is not { Ok: true })
                throw new ControlClientException(ControlClientError.BadAnswer, $"{daemon} refused events: {reply?.Error ?? "connection closed"}");
        }
        while (await ReadLine(input, cancellationToken).ConfigureAwait(false) is { } line)
            yield return JsonDocument.Parse(line);
    }

    private static Task<Socket> ConnectAsync(string socketPath, string daemon, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Connect(socketPath, daemon)); // a local Unix connect completes or fails at once
    }

    private static Socket Connect(string socketPath, string daemon)
    {
        if (!File.Exists(socketPath))
            throw new ControlClientException(ControlClientError.NotRunning, $"{daemon} is not running: no socket at {socketPath}");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new ControlClientException(ControlClientError.NotRunning,
                    $"{daemon} is not running: nothing listens on {socketPath} (a stale socket)"),
                SocketError.AccessDenied => new ControlClientException(ControlClientError.PermissionDenied,
                    $"permission denied on {socketPath}: run as root or as a member of group {ControlAccess.DefaultGroup}"),
                _ => new ControlClientException(ControlClientError.NotRunning, $"cannot reach {daemon} on {socketPath}: {e.Message}"),
            };
        }
    }

    private static async Task SendLine(NetworkStream stream, string request, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(request + "\n");
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static string? ReadLine(BufferedStream stream)
    {
        var buffer = new List<byte>(256);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return buffer.Count == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
            if (b == '\n') return Encoding.UTF8.GetString(buffer.ToArray());
            buffer.Add((byte)b);
        }
    }

    /// <summary>Reads up to a newline from a buffered stream; bytes after it stay in the buffer for the next call.</summary>
    private static async Task<string?> ReadLine(BufferedStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(256);
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (n == 0) return buffer.Count == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
            if (one[0] == '\n') return Encoding.UTF8.GetString(buffer.ToArray());
            buffer.Add(one[0]);
        }
    }

    private static ControlReply Parse(string line, string daemon)
    {
        try
        {
            var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new JsonException("not an object");
            }
            return new ControlReply(doc);
        }
        catch (JsonException e)
        {
            throw new ControlClientException(ControlClientError.BadAnswer, $"{daemon} answered something that is not a JSON object ({e.Message})");
        }
    }
}
