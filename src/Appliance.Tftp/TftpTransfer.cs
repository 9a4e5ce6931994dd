using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;

namespace Appliance.Tftp;

/// <summary>
/// One read transfer from its own UDP socket (its TID, RFC 1350 §4), connected to the client so the kernel drops
/// datagrams from any other address and port. Sends windows of blocks (RFC 7440; 1 = lock-step RFC 1350);
/// what each ACK and each timeout means is decided by <see cref="TftpSendWindow"/> (slide, roll back to a reported gap,
/// ignore a duplicate, resend from the first unacknowledged block on timeout). The retransmission timeout adapts to the
/// measured round trip (Jacobson/Karels, RFC 6298 §2, Karn's rule: no samples from resent blocks) between
/// <see cref="MinRetransmitTimeout"/> and the negotiated RFC 2349 timeout; the transfer gives up after timeout × retries
/// without progress.
/// Block numbers on the wire are the low 16 bits of an absolute 64-bit block index: after 65535 comes 0, as tftp-hpa
/// sends, so files of any size transfer at any block size. Steady state allocates nothing: one pooled send buffer, one
/// receive buffer, the transfer's own thread waiting in poll(2); octet payloads come by one preadv per GSO batch or by
/// sendfile for large blocks (<see cref="OctetSender"/>), other modes by the block source's read into the packet.
/// </summary>
internal sealed class TftpTransfer : IDisposable
{
    public static readonly TimeSpan MinRetransmitTimeout = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan InitialRetransmitTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The backoff ceiling when the client did not ask for an RFC 2349 timeout. It must exceed the clients' own wait
    /// before they repeat an ACK (5 s in atftp and tftp-hpa): atftp restarts that wait at every packet it receives, and
    /// when it is ahead of us (its ACK was lost, then its one extra ACK for our duplicate too) it drops our resends
    /// silently. Only a silence longer than its wait makes it repeat the ACK; with a 1 s ceiling the server gave up
    /// first (seen in AtftpWindowTests).
    /// </summary>
    public static readonly TimeSpan UnnegotiatedMaxRetransmitTimeout = TimeSpan.FromSeconds(6);
    private const int ReceiveBufferLength = 1024;
    /// <summary>A transfer thread's stack: the loop is flat (no recursion, a few hundred bytes of locals).</summary>
    private const int TransferThreadStackSize = 256 * 1024;

    /// <summary>Linux UDP_SEGMENT (SOL_UDP 17, option 103): UDP generic segmentation offload.</summary>
    private const int SolUdp = 17, UdpSegment = 103;
    /// <summary>The kernel's UDP_MAX_SEGMENTS, and a whole send must fit one IPv4 UDP datagram's payload.</summary>
    private const int MaxGsoSegments = 64, MaxGsoBytes = 65000;

    private readonly Socket _socket;
    private readonly ITftpBlockSource _source;
    private readonly TftpTransferInfo _info;
    private readonly int _retries;
    private readonly byte[] _tx;
    private readonly byte[] _rx;
    private readonly int _blockSize;
    private readonly int _segment; // one DATA packet's length at full size
    private readonly int _batch;   // DATA packets per send (1 without GSO)
    private readonly TimeSpan _maxRto;
    private readonly TransferReceiver _receiver;
    private readonly OctetSender? _octet; // octet mode: batches by preadv, large blocks by sendfile
    private readonly bool _sendFile; // large blocks: header corked, payload by sendfile
    private volatile bool _aborting;
    private int _window;
    private TimeSpan _rto;      // the timer in use: _baseRto, doubled per timeout until an ACK of new data
    private TimeSpan _baseRto;  // from the round-trip samples
    private double _srtt = -1, _rttvar;
    private long _retransmits;
    private long _timeoutResends;

    public TftpTransfer(Socket socket, ITftpBlockSource source, TftpTransferInfo info, int retries)
    {
        _socket = socket;
        _source = source;
        _info = info;
        _retries = Math.Max(1, retries);
        _blockSize = info.Negotiation.BlockSize;
        _window = info.Negotiation.WindowSize;
        _segment = TftpWire.DataHeaderLength + _blockSize;
        _batch = EnableSegmentation(socket, _segment, _window);
        _sendFile = _batch == 1 && source is OctetBlockSource && _blockSize >= OctetSender.SendFileMinBlock;
        _tx = ArrayPool<byte>.Shared.Rent(Math.Max(_segment * _batch, TftpWire.DataHeaderLength + TftpWire.DefaultBlockSize));
        _rx = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        _receiver = new TransferReceiver(socket, _rx);
        if (source is OctetBlockSource octet) _octet = new OctetSender(socket, octet, _tx);
        _maxRto = info.Negotiation.AckTimeout ? TimeSpan.FromSeconds(info.Negotiation.TimeoutSeconds) : UnnegotiatedMaxRetransmitTimeout;
        _rto = _baseRto = _maxRto < InitialRetransmitTimeout ? _maxRto : InitialRetransmitTimeout;
    }

    public TftpTransferInfo Info => _info;

    /// <summary>
    /// Windows of Ethernet-sized blocks go out as one send per up to 64 blocks: the packets are laid end to end in the
    /// buffer and the kernel cuts them at <paramref name="segment"/> bytes (UDP_SEGMENT), each its own datagram, the
    /// last one possibly shorter (the file's last block). One system call instead of one per block halves the server's
    /// CPU per packet. Only for blocks of 512 bytes or more, so an OACK or ERROR (shorter than a segment) still leaves
    /// as one datagram; lock-step transfers gain nothing. Returns the packets per send (1: no segmentation).
    /// </summary>
    private static int EnableSegmentation(Socket socket, int segment, int window)
    {
        var batch = Math.Min(Math.Min(window, MaxGsoSegments), MaxGsoBytes / segment);
        if (batch < 2 || segment < TftpWire.DataHeaderLength + TftpWire.DefaultBlockSize) return 1;
        try
        {
            Span<byte> value = stackalloc byte[sizeof(int)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(value, segment);
            socket.SetRawSocketOption(SolUdp, UdpSegment, value);
            return batch;
        }
        catch (SocketException)
        {
            return 1; // kernel without UDP GSO (before 4.18): one send per block
        }
    }

    /// <summary>Stops the transfer at its next wait; it tells the client with an ERROR and ends as Aborted.</summary>
    public void Abort()
    {
        _aborting = true;
        _receiver.Abort();
    }

    /// <summary>
    /// Runs the transfer on a thread of its own (a small stack; ended with the transfer): it sleeps in poll(2) between
    /// windows, so an ACK costs one wake-up of exactly this thread (see <see cref="TransferReceiver"/>). A TFTP server
    /// holds at most a few hundred transfers (<see cref="TftpServerOptions.MaxTransfers"/>); atftpd and tftp-hpa
    /// likewise give each its own thread or process.
    /// </summary>
    public Task<TftpTransferResult> RunAsync()
    {
        var done = new TaskCompletionSource<TftpTransferResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(static state =>
        {
            var (transfer, done) = ((TftpTransfer, TaskCompletionSource<TftpTransferResult>))state!;
            try
            {
                done.SetResult(transfer.Run());
            }
            catch (Exception e)
            {
                done.SetException(e); // never let an exception end the process from a thread of its own
            }
        }, TransferThreadStackSize)
        {
            IsBackground = true,
            Name = "tftp transfer",
        };
        thread.Start((this, done));
        return done.Task;
    }

    private TftpTransferResult Run()
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var (outcome, detail) = Transfer();
            return Result(outcome, detail, start);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            return Result(TftpTransferOutcome.ClientUnreachable, $"client unreachable ({e.SocketErrorCode})", start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SendError(TftpErrorCode.NotDefined, "read error");
            return Result(TftpTransferOutcome.ReadError, $"read error: {e.Message}", start);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && _aborting))
        {
            SendError(TftpErrorCode.NotDefined, "server shutting down");
            return Result(TftpTransferOutcome.Aborted, "server stopped", start);
        }
    }

    private TftpTransferResult Result(TftpTransferOutcome outcome, string detail, long start) =>
        new(outcome, _info.BytesAcknowledged, Stopwatch.GetElapsedTime(start), Volatile.Read(ref _retransmits), detail)
        {
            TimeoutResends = Volatile.Read(ref _timeoutResends),
        };

    private (TftpTransferOutcome, string) Transfer()
    {
        var negotiation = _info.Negotiation;
        var last = _info.Size is { } size ? size / _blockSize + 1 : long.MaxValue;
        var window = new TftpSendWindow(negotiation.HasOack ? 0 : 1, last, _window);
        var lastProgress = Stopwatch.GetTimestamp();
        var giveUp = _maxRto * _retries;
        var resent = false; // Karn's rule: no round-trip sample from an ACK that may answer a resent block
        var sentAt = lastProgress;
        var resentAt = long.MinValue; // the last rollback or timeout resend

        while (true)
        {
            // Put every block the window has room for on the wire (after a rollback or timeout: from the first unacknowledged).
            if (window.TryNext(out _))
            {
                sentAt = Stopwatch.GetTimestamp();
                while (window.TryNext(out var k))
                {
                    if (k == 0 || _batch == 1)
                    {
                        var length = SendBlock(k);
                        window.Sent(k, length < _blockSize);
                        continue;
                    }
                    // Consecutive blocks end to end; the kernel sends each _segment bytes as its own datagram.
                    var count = 0;
                    var bytes = 0;
                    if (_octet is not null)
                    {
                        // Octet: every payload of the batch in one preadv, then the headers.
                        var room = (int)Math.Min(_batch, window.End - k + 1);
                        var read = _octet.ReadBatch(k, room, _segment);
                        for (; count < room; count++)
                        {
                            var length = (int)Math.Clamp(read - (long)count * _blockSize, 0, _blockSize);
                            TftpPacket.WriteDataHeader(_tx.AsSpan(count * _segment), unchecked((ushort)(k + count)));
                            bytes = count * _segment + TftpWire.DataHeaderLength + length;
                            window.Sent(k + count, length < _blockSize);
                            if (length < _blockSize) break;
                        }
                    }
                    while (count < _batch && window.TryNext(out var b))
                    {
                        var offset = count * _segment;
                        var length = _source.Read(b, _tx.AsSpan(offset + TftpWire.DataOffset, _blockSize));
                        TftpPacket.WriteDataHeader(_tx.AsSpan(offset), unchecked((ushort)b));
                        bytes = offset + TftpWire.DataHeaderLength + length;
                        count++;
                        window.Sent(b, length < _blockSize);
                    }
                    _socket.Send(_tx.AsSpan(0, bytes));
                }
            }

            // Wait for an ACK that acknowledges something new.
            while (true)
            {
                var remaining = _rto - Stopwatch.GetElapsedTime(sentAt);
                var n = _receiver.Receive(remaining); // looks at the socket once even when the time is up
                if (n == TransferReceiver.Aborted) throw new OperationCanceledException("transfer aborted");
                if (n == TransferReceiver.Failed) throw new SocketException((int)_receiver.LastError);
                if (n < 0)
                {
                    if (Stopwatch.GetElapsedTime(lastProgress) >= giveUp)
                        return (TftpTransferOutcome.TimedOut, $"no acknowledgment of block {window.First} within {giveUp.TotalSeconds:0.#} s");
                    // RFC 7440 §4: resend the window from the first unacknowledged block; back off (RFC 6298 §5.5).
                    _rto = _rto * 2 < _maxRto ? _rto * 2 : _maxRto;
                    var count = window.OnTimeout();
                    CountRetransmits(count);
                    Interlocked.Add(ref _timeoutResends, count);
                    resent = true;
                    resentAt = Stopwatch.GetTimestamp();
                    break;
                }

                var packet = _rx.AsSpan(0, n);
                if (TftpPacket.TryReadAck(packet, out var wire, out var extra))
                {
                    var sentUpTo = window.Next;
                    // "Within a round trip" of the resend, generously: the base retransmission timeout (SRTT + 4·RTTVAR).
                    var decision = window.OnAck(wire, resentAt != long.MinValue && Stopwatch.GetElapsedTime(resentAt) < _baseRto);
                    if (decision == TftpAckDecision.Ignore) continue;
                    var now = Stopwatch.GetTimestamp();
                    if (!resent && window.InFlight == 0) SampleRoundTrip(Stopwatch.GetElapsedTime(sentAt, now));
                    resent = decision == TftpAckDecision.Rollback;
                    if (resent)
                    {
                        CountRetransmits(sentUpTo - window.Next);
                        resentAt = now;
                    }
                    // The backoff ends with the first ACK of new data: the path delivers again. Without this, a transfer
                    // that needs one resend per window (a reordering path) never takes a round-trip sample (Karn) and
                    // doubles its way to the RFC 2349 timeout, one second or more per window: the stall seen with atftp.
                    _rto = _baseRto;
                    lastProgress = now;
                    sentAt = now; // the retransmission timer restarts at every acknowledgment of new data
                    _info.SetAcknowledged(window.Acknowledged);
                    if (decision == TftpAckDecision.Complete) return (TftpTransferOutcome.Completed, "");
                    if (negotiation.MsftWindow && extra.Length > 0 && extra[0] > 0) window.Window = extra[0];
                    break;
                }
                if (TftpPacket.TryReadError(packet, out var code, out var message))
                {
                    var text = TftpNames.Escape(System.Text.Encoding.Latin1.GetString(message));
                    if (window.First == 0 && negotiation.TransferSize.HasValue)
                        return (TftpTransferOutcome.SizeProbe, $"client took tsize and ended with error {(int)code} \"{text}\"");
                    return (TftpTransferOutcome.ClientError, $"client sent error {(int)code} \"{text}\" at block {window.First}");
                }
                // Anything else on this TID (a stray DATA, a repeated request) is ignored.
            }
        }
    }

    private int SendBlock(long block)
    {
        if (block == 0)
        {
            var oack = _info.Negotiation.WriteOack(_tx);
            _socket.Send(_tx.AsSpan(0, oack));
            return 0;
        }
        if (_sendFile) return _octet!.SendFromFile(block);
        var length = _source.Read(block, _tx.AsSpan(TftpWire.DataOffset, _blockSize));
        TftpPacket.WriteDataHeader(_tx, unchecked((ushort)block));
        _socket.Send(_tx.AsSpan(0, TftpWire.DataHeaderLength + length));
        return length;
    }

    private void SampleRoundTrip(TimeSpan rtt)
    {
        // RFC 6298 §2: SRTT and RTTVAR with alpha 1/8, beta 1/4; RTO = SRTT + 4·RTTVAR, clamped.
        var r = rtt.TotalMilliseconds;
        if (_srtt < 0)
        {
            _srtt = r;
            _rttvar = r / 2;
        }
        else
        {
            _rttvar = 0.75 * _rttvar + 0.25 * Math.Abs(_srtt - r);
            _srtt = 0.875 * _srtt + 0.125 * r;
        }
        var rto = TimeSpan.FromMilliseconds(_srtt + 4 * _rttvar);
        _rto = _baseRto = rto < MinRetransmitTimeout ? MinRetransmitTimeout : rto > _maxRto ? _maxRto : rto;
    }

    private void CountRetransmits(long blocks)
    {
        Interlocked.Add(ref _retransmits, blocks);
        _info.AddRetransmits(blocks);
    }

    private void SendError(TftpErrorCode code, string message)
    {
        try
        {
            var n = TftpPacket.WriteError(_tx, code, message);
            _socket.Send(_tx.AsSpan(0, n));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // best effort: the client may be gone
        }
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _octet?.Dispose();
        _socket.Dispose();
        _source.Dispose();
        ArrayPool<byte>.Shared.Return(_tx);
        ArrayPool<byte>.Shared.Return(_rx);
    }
}
