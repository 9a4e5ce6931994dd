using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Tftp;

public sealed partial class TftpServer
{
    /// <summary>Linux IP_MTU / IPV6_MTU (raw values: the SocketOptionName enum maps its own numbers): the route MTU of a connected socket.</summary>
    private const int SolIp = 0, IpMtu = 14, SolIpv6 = 41, Ipv6Mtu = 24;

    private void HandleRequest(ReadOnlySpan<byte> packet, IPEndPoint client, IPAddress? local)
    {
        if (_stopping) return;
        Interlocked.Increment(ref Stats._requests);
        TftpRequest request;
        try
        {
            request = TftpRequest.Read(packet);
        }
        catch (TftpException e)
        {
            Interlocked.Increment(ref Stats._malformed);
            TftpLog.Malformed(_logger, client, e.Reason, e.Message);
            // Stray DATA/ACK/ERROR on the request port get no answer (an answer could start a loop between two servers).
            if (e.Reason != TftpFailure.UnexpectedOpcode && e.Reason != TftpFailure.Truncated)
                SendError(client, TftpErrorCode.IllegalOperation, e.Reason switch
                {
                    TftpFailure.UnknownMode or TftpFailure.ObsoleteMode => "illegal operation: unsupported mode",
                    TftpFailure.InvalidFileNameEncoding => "illegal operation: file name is not UTF-8",
                    _ => "illegal operation: malformed request",
                });
            return;
        }

        var escaped = TftpNames.Escape(request.FileName);
        if (request.Opcode == TftpOpcode.WriteRequest)
        {
            // Read-only by design: RFC 1350 §7 error 2.
            Interlocked.Increment(ref Stats._writeRequests);
            TftpLog.WriteRefused(_logger, client, escaped);
            SendError(client, TftpErrorCode.AccessViolation, "access violation: this server is read-only");
            return;
        }
        if (_byEndpoint.ContainsKey(client))
        {
            // RFC 1350 §4: the client resent its RRQ because our first packet was late or lost; the transfer already answers it.
            Interlocked.Increment(ref Stats._duplicates);
            return;
        }

        var resolved = Resolver.Resolve(request.FileName);
        if (!resolved.IsServed)
        {
            Refuse(client, escaped, resolved);
            return;
        }
        if (!TryReserve(client.Address, out var running, out var limit))
        {
            Interlocked.Increment(ref Stats._busy);
            TftpLog.Busy(_logger, client, escaped, running, limit);
            return; // dropped: the client resends its request and gets in when a slot frees
        }
        var started = false;
        try
        {
            started = StartTransfer(request, client, local, resolved.FullPath!, escaped);
        }
        finally
        {
            if (!started) Release(client.Address);
        }
    }

    private void Refuse(IPEndPoint client, string escaped, TftpPathResult resolved)
    {
        Interlocked.Increment(ref Stats._refused);
        TftpLog.Refused(_logger, client, escaped, resolved.Refusal, resolved.Detail);
        SendError(client, resolved.ErrorCode, resolved.ErrorMessage);
    }

    private bool StartTransfer(TftpRequest request, IPEndPoint client, IPAddress? arrivedOn, string fullPath, string escaped)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TftpLog.OpenFailed(_logger, fullPath, client, e.Message);
            SendError(client, e is UnauthorizedAccessException ? TftpErrorCode.AccessViolation : TftpErrorCode.FileNotFound,
                e is UnauthorizedAccessException ? "access violation: permission denied" : "file not found");
            return false;
        }
        // Checked again on the open handle: the file may have been replaced by a device or fifo since it was indexed.
        if (!NativeFile.TryStat(file, out var type, out var size) || type != NativeFile.TypeRegular)
        {
            file.Dispose();
            Refuse(client, escaped, TftpPathResult.Refused(TftpPathRefusal.NotRegularFile, $"{fullPath} is no longer a regular file"));
            return false;
        }

        Socket? socket = null;
        ITftpBlockSource? source = null;
        try
        {
            socket = new Socket(client.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            BindTransfer(socket, client, arrivedOn);
            socket.Connect(client);
            var pathLimit = PathBlockLimit(socket);
            var negotiation = TftpNegotiation.Negotiate(request.Options, request.Mode, size,
                _options.MaxBlockSize, _options.MaxWindowSize, pathLimit, _options.MaxWindowBytes);
            source = request.Mode == TftpMode.Octet
                ? new OctetBlockSource(file, size, negotiation.BlockSize)
                : new NetAsciiBlockSource(file, negotiation.BlockSize, Math.Max(negotiation.WindowSize, byte.MaxValue));
            var relative = Path.GetRelativePath(Resolver.Root, fullPath);
            var info = new TftpTransferInfo(Interlocked.Increment(ref _nextId), client, request.FileName, relative,
                request.Mode, request.Mode == TftpMode.Octet ? size : null, negotiation, DateTimeOffset.UtcNow)
            {
                Node = NodeLookup?.Invoke(client.Address),
            };
            var transfer = new TftpTransfer(socket, source, info, _options.Retries);
            _byEndpoint[client] = info.Id;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = RunTransferAsync(transfer, gate.Task);
            _transfers[info.Id] = (transfer, task);
            gate.SetResult();
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket?.Dispose();
            if (source is not null) source.Dispose(); else file.Dispose();
            TftpLog.OpenFailed(_logger, fullPath, client, e.Message);
            SendError(client, TftpErrorCode.NotDefined, "server error");
            return false;
        }
    }

    /// <summary>
    /// Binds a transfer socket to the address the request arrived on (IP_PKTINFO), so the DATA comes from the address
    /// the client sent its RRQ to, as RFC 1350 §4 clients expect (they drop packets from another address); the routing
    /// table might pick another source on a multi-homed host. A request to a broadcast or multicast address, or one whose
    /// address cannot be bound (a directed broadcast looks like any other address), is answered from the configured
    /// address, the wildcard letting the route choose.
    /// </summary>
    private void BindTransfer(Socket socket, IPEndPoint client, IPAddress? arrivedOn)
    {
        if (arrivedOn is not null && arrivedOn.AddressFamily == client.AddressFamily && IsBindable(arrivedOn))
        {
            try
            {
                socket.Bind(new IPEndPoint(arrivedOn, 0));
                return;
            }
            catch (SocketException)
            {
                // fall back below
            }
        }
        var any = client.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        socket.Bind(new IPEndPoint(_options.BindAddress.AddressFamily == client.AddressFamily ? _options.BindAddress : any, 0));
    }

    private static bool IsBindable(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return !address.IsIPv6Multicast;
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] < 224; // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved
    }

    private int PathBlockLimit(Socket socket)
    {
        if (!_options.ClampToPathMtu) return TftpWire.MaxBlockSize;
        try
        {
            var v6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
            Span<byte> value = stackalloc byte[sizeof(int)];
            if (socket.GetRawSocketOption(v6 ? SolIpv6 : SolIp, v6 ? Ipv6Mtu : IpMtu, value) != sizeof(int)) return TftpWire.MaxBlockSize;
            var mtu = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(value);
            var limit = mtu - (v6 ? TftpWire.IPv6UdpTftpOverhead : TftpWire.IPv4UdpTftpOverhead);
            return Math.Clamp(limit, TftpWire.DefaultBlockSize, TftpWire.MaxBlockSize);
        }
        catch (SocketException)
        {
            return TftpWire.MaxBlockSize;
        }
    }

    private async Task RunTransferAsync(TftpTransfer transfer, Task gate)
    {
        await gate.ConfigureAwait(false); // runs on the thread pool, after the transfer is registered
        var info = transfer.Info;
        var node = info.Node is null ? "" : $" ({info.Node})";
        Interlocked.Increment(ref Stats._started);
        TftpLog.Started(_logger, info.Id, info.Client, node, info.Path, info.Mode,
            info.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", info.Negotiation.BlockSize, info.Negotiation.WindowSize);
        Notify(o => o.TransferStarted(info));
        try
        {
            var result = await transfer.RunAsync().ConfigureAwait(false);
            transfer.Dispose();
            Interlocked.Add(ref Stats._bytes, result.Bytes);
            Interlocked.Add(ref Stats._retransmits, result.Retransmits);
            Interlocked.Add(ref Stats._timeoutResends, result.TimeoutResends);
            switch (result.Outcome)
            {
                case TftpTransferOutcome.Completed:
                    Interlocked.Increment(ref Stats._completed);
                    TftpLog.Completed(_logger, info.Id, info.Client, node, info.Path, result.Bytes, result.Duration.TotalSeconds,
                        result.BytesPerSecond / (1024 * 1024), result.Retransmits);
                    break;
                case TftpTransferOutcome.SizeProbe:
                    Interlocked.Increment(ref Stats._probes);
                    TftpLog.SizeProbe(_logger, info.Id, info.Client, node, info.Path, result.Detail);
                    break;
                default:
                    Interlocked.Increment(ref Stats._failed);
                    TftpLog.Failed(_logger, info.Id, info.Client, node, info.Path, result.Bytes, result.Outcome, result.Detail);
                    break;
            }
            Notify(o => o.TransferFinished(info, result));
        }
        finally
        {
            // Last: once a transfer is gone from the table, everything about it has been counted, logged and announced.
            transfer.Dispose();
            _transfers.TryRemove(info.Id, out _);
            _byEndpoint.TryRemove(info.Client, out _);
            Release(info.Client.Address);
        }
    }

    private void Notify(Action<ITftpTransferObserver> action)
    {
        if (_observer is null) return;
        try
        {
            action(_observer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TftpLog.Malformed(_logger, new IPEndPoint(IPAddress.None, 0), TftpFailure.Truncated, $"observer failed: {e.Message}");
        }
    }

    private bool TryReserve(IPAddress client, out int running, out int limit)
    {
        lock (_perClient)
        {
            running = _transfers.Count;
            limit = _options.MaxTransfers;
            var total = 0;
            foreach (var v in _perClient.Values) total += v;
            if (total >= _options.MaxTransfers) { running = total; return false; }
            _perClient.TryGetValue(client, out var mine);
            if (mine >= _options.MaxTransfersPerClient)
            {
                running = mine;
                limit = _options.MaxTransfersPerClient;
                return false;
            }
            _perClient[client] = mine + 1;
            return true;
        }
    }

    private void Release(IPAddress client)
    {
        lock (_perClient)
        {
            if (_perClient.TryGetValue(client, out var mine))
            {
                if (mine <= 1) _perClient.Remove(client); else _perClient[client] = mine - 1;
            }
        }
    }
}
