using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Control;

/// <summary>
/// A daemon's control socket: Unix stream socket (mode 0660, group appliance when it exists); each request is one
/// UTF-8 line <c>verb [args]</c> of at most 4 KiB, each answer one JSON line. Built-in verbs: <c>ping</c>, <c>status</c>,
/// <c>stats</c>, <c>help</c>, <c>recent</c>, <c>history [node…]</c>, <c>events</c> (streams JSON lines until the client hangs up). Mutating verbs are
/// refused to peers other than root and the appliance group (SO_PEERCRED). A bad request gets an error answer; the
/// server keeps serving.
/// </summary>
public sealed partial class ControlServer : IAsyncDisposable
{
    public const int MaxRequestBytes = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly string _daemon;
    private readonly ILogger _logger;
    private readonly ControlAccess _access;
    private readonly UnixFileMode _mode;
    private readonly Dictionary<string, (ControlHandler Handler, string Help, bool Mutating)> _verbs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private Socket? _listener;
    private Task? _acceptLoop;

    public ControlServer(string daemon, string socketPath, ILogger logger, ControlAccess? access = null,
        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)
    {
        _daemon = daemon;
        SocketPath = socketPath;
        _logger = logger;
        _access = access ?? new ControlAccess();
        _mode = mode;
        Register("ping", "Is the daemon alive (pid, version, uptime).", Ping);
        Register("help", "List the verbs.", ListVerbs);
        Register("status", "Configuration state: generation, counts, sockets.", (_, w) => Status?.Invoke(w));
        Register("stats", "Counters since start.", (_, w) => Stats?.Invoke(w));
        Register("recent", "The last events, oldest first.", Recent);
        Register("history", "The last events of each node (or of the named nodes), oldest first.", History);
    }

    public string SocketPath { get; }
    public EventHub Events { get; } = new();
    /// <summary>Writes the daemon's fields of the <c>status</c> answer.</summary>
    public Action<Utf8JsonWriter>? Status { get; set; }
    /// <summary>Writes the daemon's fields of the <c>stats</c> answer.</summary>
    public Action<Utf8JsonWriter>? Stats { get; set; }
    public long Requests => Interlocked.Read(ref _requests);
    public long BadRequests => Interlocked.Read(ref _badRequests);

    private long _requests;
    private long _badRequests;

    public void Register(string verb, string help, ControlHandler handler, bool mutating = false) =>
        _verbs[verb] = (handler, help, mutating);

    /// <summary>Binds the socket (replacing a stale one, refusing if another daemon answers on it) and starts accepting.</summary>
    public void Start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(SocketPath))!);
        if (File.Exists(SocketPath))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new IOException($"another {_daemon} answers on {SocketPath}; stop it first");
            }
            catch (SocketException)
            {
                File.Delete(SocketPath); // stale socket of a daemon that died
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        File.SetUnixFileMode(SocketPath, _mode);
        if (_access.GroupId is { } gid) _ = Interop.Libc.chown(SocketPath, uint.MaxValue, gid);
        listener.Listen(64);
        _listener = listener;
        _acceptLoop = AcceptLoop(listener);
        LogListening(SocketPath);
    }

    private async Task AcceptLoop(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                LogAcceptFailed(e.Message);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            _ = Task.Run(() => ServeConnection(client));
        }
    }

    private async Task ServeConnection(Socket socket)
    {
        PeerCredentials peer;
        try
        {
            peer = PeerCredentials.Of(socket);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        try
        {
            await ServeRequests(reader, writer, peer).ConfigureAwait(false);
        }
        catch (IOException) { }             // client hung up mid-answer
        catch (SocketException) { }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogConnectionFailed(peer.Pid, e.Message);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeRequests(PipeReader reader, PipeWriter writer, PeerCredentials peer)
    {
        while (true)
        {
            var result = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            string? streamVerb = null;
            var close = false;
            try
            {
                while (TryTakeLine(ref buffer, out var line))
                {
                    if (line.Length > MaxRequestBytes)
                    {
                        WriteError(writer, $"request is {line.Length} bytes; at most {MaxRequestBytes} are accepted");
                        Interlocked.Increment(ref _badRequests);
                        continue;
                    }
                    streamVerb = Answer(line, writer, peer);
                    if (streamVerb is not null) break;
                }
                if (streamVerb is null && buffer.Length > MaxRequestBytes)
                {
                    // No newline within the limit: answer once, then drop the connection (it cannot be resynchronized).
                    WriteError(writer, $"request is longer than {MaxRequestBytes} bytes without a newline");
                    Interlocked.Increment(ref _badRequests);
                    close = true;
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            await writer.FlushAsync(_stop.Token).ConfigureAwait(false);
            if (streamVerb is not null)
            {
                await StreamEvents(reader, writer).ConfigureAwait(false);
                return;
            }
            if (close || result.IsCompleted) return;
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var position = buffer.PositionOf((byte)'\n');
        if (position is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, position.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, position.Value));
        return true;
    }

    /// <summary>Answers one line; returns "events" when the connection turns into an event stream.</summary>
    private string? Answer(ReadOnlySequence<byte> lineBytes, PipeWriter writer, PeerCredentials peer)
    {
        Interlocked.Increment(ref _requests);
        string line;
        try
        {
            line = StrictUtf8.GetString(lineBytes).TrimEnd('\r');
        }
        catch (DecoderFallbackException)
        {
            Interlocked.Increment(ref _badRequests);
            WriteError(writer, "request is not valid UTF-8");
            return null;
        }
        var space = line.IndexOf(' ');
        var verb = space < 0 ? line : line[..space];
        var args = space < 0 ? "" : line[(space + 1)..].Trim();
        if (verb.Length == 0)
        {
            Interlocked.Increment(ref _badRequests);
            WriteError(writer, "empty request; expected a verb (try: help)");
            return null;
        }
        if (verb == "events")
        {
            WriteOk(writer, w => w.WriteString("streaming", "events"));
            return verb;
        }
        if (!_verbs.TryGetValue(verb, out var entry))
        {
            Interlocked.Increment(ref _badRequests);
            WriteError(writer, $"unknown verb \"{Truncate(verb)}\"; {_daemon} knows: {string.Join(", ", _verbs.Keys.Append("events").Order(StringComparer.Ordinal))}");
            return null;
        }
        if (entry.Mutating && !_access.MayMutate(peer))
        {
            LogRefused(verb, peer.Uid, peer.Pid);
            WriteError(writer, $"permission denied: {verb} needs root or group {_access.GroupName} (peer uid {peer.Uid})");
            return null;
        }
        var request = new ControlRequest(verb, args, peer);
        try
        {
            WriteOk(writer, w => entry.Handler(request, w));
        }
        catch (ControlException e)
        {
            WriteError(writer, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHandlerFailed(verb, e.Message);
            WriteError(writer, $"{verb} failed: {e.Message}");
        }
        return null;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>Formats into a scratch buffer first, so a handler that throws half-way sends nothing partial.</summary>
    private static void WriteOk(PipeWriter writer, Action<Utf8JsonWriter> fields)
    {
        var scratch = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(scratch))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", true);
            fields(w);
            w.WriteEndObject();
        }
        writer.Write(scratch.WrittenSpan);
        writer.Write("\n"u8);
    }

    private static void WriteError(PipeWriter writer, string error)
    {
        using (var w = new Utf8JsonWriter(writer))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", false);
            w.WriteString("error", error);
            w.WriteEndObject();
        }
        writer.Write("\n"u8);
    }

    private async Task StreamEvents(PipeReader reader, PipeWriter writer)
    {
        var events = Events.Subscribe(out var unsubscribe);
        using var hangup = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        // Anything the client sends now is ignored; its end of stream is the signal to stop.
        var watch = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var r = await reader.ReadAsync(hangup.Token).ConfigureAwait(false);
                    reader.AdvanceTo(r.Buffer.End);
                    if (r.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
            hangup.Cancel();
        });
        try
        {
            while (await events.WaitToReadAsync(hangup.Token).ConfigureAwait(false))
            {
                while (events.TryRead(out var line))
                {
                    writer.Write(line);
                    writer.Write("\n"u8);
                }
                var flush = await writer.FlushAsync(hangup.Token).ConfigureAwait(false);
                if (flush.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            unsubscribe();
            hangup.Cancel();
            await watch.ConfigureAwait(false);
        }
    }

    private void Ping(ControlRequest request, Utf8JsonWriter w)
    {
        var info = new PingInfo(_daemon, Environment.ProcessId, typeof(ControlServer).Assembly.GetName().Version?.ToString() ?? "0",
            (long)Stopwatch.GetElapsedTime(_started).TotalSeconds);
        w.WriteString("daemon", info.Daemon);
        w.WriteNumber("pid", info.Pid);
        w.WriteString("version", info.Version);
        w.WriteNumber("uptimeSeconds", info.UptimeSeconds);
    }

    private void ListVerbs(ControlRequest request, Utf8JsonWriter w)
    {
        var verbs = _verbs.Select(kv => new VerbInfo(kv.Key, kv.Value.Help, kv.Value.Mutating))
            .Append(new VerbInfo("events", "Stream events as JSON lines until the client hangs up.", false))
            .OrderBy(v => v.Verb, StringComparer.Ordinal).ToArray();
        w.WritePropertyName("verbs");
        JsonSerializer.Serialize(w, verbs, ControlJsonContext.Default.VerbInfoArray);
    }

    private void Recent(ControlRequest request, Utf8JsonWriter w)
    {
        w.WriteStartArray("events");
        foreach (var line in Events.Recent()) w.WriteRawValue(line, skipInputValidation: true);
        w.WriteEndArray();
    }

    private void History(ControlRequest request, Utf8JsonWriter w)
    {
        var nodes = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (kept, evicted) = Events.HistoryCounts();
        w.WriteNumber("nodes", kept);
        w.WriteNumber("evicted", evicted);
        w.WriteStartArray("events");
        foreach (var line in Events.History(nodes.ToHashSet(StringComparer.Ordinal))) w.WriteRawValue(line, skipInputValidation: true);
        w.WriteEndArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException) { }
        _stop.Dispose();
    }

    [LoggerMessage(100, LogLevel.Information, "control socket {Path}")]
    private partial void LogListening(string path);

    [LoggerMessage(101, LogLevel.Warning, "control socket accept failed: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(102, LogLevel.Warning, "control connection from pid {Pid} failed: {Reason}")]
    private partial void LogConnectionFailed(int pid, string reason);

    [LoggerMessage(103, LogLevel.Warning, "control verb {Verb} refused to uid {Uid} (pid {Pid}): not root or the appliance group")]
    private partial void LogRefused(string verb, uint uid, int pid);

    [LoggerMessage(104, LogLevel.Error, "control verb {Verb} failed: {Reason}")]
    private partial void LogHandlerFailed(string verb, string reason);
}
