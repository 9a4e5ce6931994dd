using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;

namespace Appliance.Tftp;

/// <summary>
/// One read transfer from its own UDP socket (its TID, RFC 1350 §4), connected to the client so the kernel drops
/// datagrams from any other address and port. Sends a window of blocks (RFC 7440; 1 = lock-step RFC 1350), then waits
/// for the ACK that moves the window:
/// <list type="bullet">
/// <item>An ACK for block k inside the window acknowledges everything up to k; sending resumes at k+1. When k is short of
/// the window's end, this is the rollback of RFC 7440 §4: the client saw a gap and the rest is sent again.</item>
/// <item>An ACK that acknowledges nothing new (a duplicate, or an old one) never triggers a send: that is what cures the
/// Sorcerer's Apprentice syndrome (RFC 1123 §4.2.3.1).</item>
/// <item>Silence for the retransmission timeout resends the window from the first unacknowledged block. The timeout adapts
/// to the measured round trip (Jacobson/Karels, RFC 6298 §2, Karn's rule: no samples from resent windows) between
/// <see cref="MinRetransmitTimeout"/> and the negotiated RFC 2349 timeout; the transfer gives up after
/// timeout × retries without progress.</item>
/// </list>
/// Block numbers on the wire are the low 16 bits of an absolute 64-bit block index: after 65535 comes 0, as tftp-hpa
/// sends, so files of any size transfer at any block size. Steady state allocates nothing: one pooled send buffer, one
/// receive buffer, a reused timer, pread into the packet.
/// </summary>
internal sealed class TftpTransfer : IDisposable
{
    public static readonly TimeSpan MinRetransmitTimeout = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan InitialRetransmitTimeout = TimeSpan.FromMilliseconds(250);
    private const int ReceiveBufferLength = 1024;

    private readonly Socket _socket;
    private readonly ITftpBlockSource _source;
    private readonly TftpTransferInfo _info;
    private readonly int _retries;
    private readonly byte[] _tx;
    private readonly byte[] _rx;
    private readonly int _blockSize;
    private readonly TimeSpan _maxRto;
    private readonly TransferReceiver _receiver;
    private volatile bool _aborting;
    private int _window;
    private TimeSpan _rto;
    private double _srtt = -1, _rttvar;
    private long _retransmits;

    public TftpTransfer(Socket socket, ITftpBlockSource source, TftpTransferInfo info, int retries)
    {
        _socket = socket;
        _source = source;
        _info = info;
        _retries = Math.Max(1, retries);
        _blockSize = info.Negotiation.BlockSize;
        _window = info.Negotiation.WindowSize;
        _tx = ArrayPool<byte>.Shared.Rent(TftpWire.DataHeaderLength + Math.Max(_blockSize, TftpWire.DefaultBlockSize));
        _rx = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        _receiver = new TransferReceiver(socket, _rx);
        _maxRto = TimeSpan.FromSeconds(info.Negotiation.TimeoutSeconds);
        _rto = _maxRto < InitialRetransmitTimeout ? _maxRto : InitialRetransmitTimeout;
    }

    public TftpTransferInfo Info => _info;

    /// <summary>Stops the transfer at its next wait; it tells the client with an ERROR and ends as Aborted.</summary>
    public void Abort()
    {
        _aborting = true;
        _receiver.Abort();
    }

    public async Task<TftpTransferResult> RunAsync()
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var (outcome, detail) = await TransferAsync().ConfigureAwait(false);
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
        new(outcome, _info.BytesAcknowledged, Stopwatch.GetElapsedTime(start), Volatile.Read(ref _retransmits), detail);

    private async ValueTask<(TftpTransferOutcome, string)> TransferAsync()
    {
        var negotiation = _info.Negotiation;
        var last = _info.Size is { } size ? size / _blockSize + 1 : long.MaxValue;
        long first = negotiation.HasOack ? 0 : 1; // first unacknowledged block; block 0 is the OACK (RFC 2347 §2)
        var lastProgress = Stopwatch.GetTimestamp();
        var giveUp = _maxRto * _retries;
        var resent = false;

        while (true)
        {
            // Send the window [first, end]; the OACK travels alone.
            var end = first == 0 ? 0 : first + _window - 1;
            if (end > last) end = last;
            var sentAt = Stopwatch.GetTimestamp();
            for (var k = first; k <= end; k++)
            {
                var length = SendBlock(k);
                if (k > 0 && length < _blockSize)
                {
                    last = k;
                    end = k;
                    break;
                }
            }

            // Wait for an ACK that acknowledges something new.
            while (true)
            {
                var remaining = _rto - Stopwatch.GetElapsedTime(sentAt);
                var n = remaining <= TimeSpan.Zero ? TransferReceiver.TimedOut : await _receiver.ReceiveAsync(remaining).ConfigureAwait(false);
                if (n == TransferReceiver.Aborted) throw new OperationCanceledException("transfer aborted");
                if (n == TransferReceiver.Failed) throw new SocketException((int)_receiver.LastError);
                if (n < 0)
                {
                    if (Stopwatch.GetElapsedTime(lastProgress) >= giveUp)
                        return (TftpTransferOutcome.TimedOut, $"no acknowledgment of block {first} within {giveUp.TotalSeconds:0.#} s");
                    _rto = _rto * 2 < _maxRto ? _rto * 2 : _maxRto;
                    CountRetransmits(end - first + 1);
                    resent = true;
                    break;
                }

                var packet = _rx.AsSpan(0, n);
                if (TftpPacket.TryReadAck(packet, out var wire, out var extra))
                {
                    // Map the 16-bit block number into [first-1, end]; anything else is stale or bogus.
                    var acked = first - 1 + (ushort)(wire - (ushort)(first - 1));
                    if (acked > end)
                    {
                        // An ACK from before the window. Normally a late copy, ignored. But when the timer has already
                        // fired and the client still repeats it, the client is stuck there: atftp 0.8's windowsize
                        // receiver, under reordering, acknowledges blocks it has not kept and then waits for them
                        // forever. Going back to it sends only real file blocks again, and only while stalled, so
                        // ordinary duplicates still never cause a send.
                        var stale = acked - 65536;
                        if (!resent || stale < 1 || first - stale > 65535) continue;
                        first = stale + 1;
                        _info.SetAcknowledged(stale);
                        break;
                    }
                    // A duplicate or old ACK acknowledges nothing new and is never answered with data (Sorcerer's
                    // Apprentice): a copy made by the network cannot be told from a client's repeated ACK, and answering
                    // both would send every later window twice. Loss of a window's first block is repaired by the timer.
                    if (acked < first) continue;
                    if (!resent) SampleRoundTrip(Stopwatch.GetElapsedTime(sentAt));
                    resent = false;
                    lastProgress = Stopwatch.GetTimestamp();
                    first = acked + 1;
                    _info.SetAcknowledged(acked);
                    if (negotiation.MsftWindow && extra.Length > 0 && extra[0] > 0) _window = extra[0];
                    if (acked == last) return (TftpTransferOutcome.Completed, "");
                    break;
                }
                if (TftpPacket.TryReadError(packet, out var code, out var message))
                {
                    var text = TftpNames.Escape(System.Text.Encoding.Latin1.GetString(message));
                    if (first == 0 && negotiation.TransferSize.HasValue)
                        return (TftpTransferOutcome.SizeProbe, $"client took tsize and ended with error {(int)code} \"{text}\"");
                    return (TftpTransferOutcome.ClientError, $"client sent error {(int)code} \"{text}\" at block {first}");
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
        _rto = rto < MinRetransmitTimeout ? MinRetransmitTimeout : rto > _maxRto ? _maxRto : rto;
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
        _socket.Dispose();
        _source.Dispose();
        _receiver.Dispose();
        ArrayPool<byte>.Shared.Return(_tx);
        ArrayPool<byte>.Shared.Return(_rx);
    }
}
