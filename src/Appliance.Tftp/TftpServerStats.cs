namespace Appliance.Tftp;

/// <summary>Counters since start (the <c>stats</c> verb). Updated with Interlocked; read at any time.</summary>
public sealed class TftpServerStats
{
    internal long _requests, _refused, _writeRequests, _malformed, _busy, _duplicates;
    internal long _started, _completed, _probes, _failed, _bytes, _retransmits, _timeoutResends;

    public long Requests => Interlocked.Read(ref _requests);
    public long Refused => Interlocked.Read(ref _refused);
    public long WriteRequests => Interlocked.Read(ref _writeRequests);
    public long Malformed => Interlocked.Read(ref _malformed);
    /// <summary>Requests dropped at a transfer limit (the client retries its request later).</summary>
    public long Busy => Interlocked.Read(ref _busy);
    /// <summary>Repeated requests for a transfer already running from the same client port (ignored).</summary>
    public long DuplicateRequests => Interlocked.Read(ref _duplicates);
    public long Started => Interlocked.Read(ref _started);
    public long Completed => Interlocked.Read(ref _completed);
    public long SizeProbes => Interlocked.Read(ref _probes);
    public long Failed => Interlocked.Read(ref _failed);
    public long BytesSent => Interlocked.Read(ref _bytes);
    /// <summary>Blocks sent more than once: after a timeout, or after a client reported a gap (RFC 7440 §4).</summary>
    public long RetransmittedBlocks => Interlocked.Read(ref _retransmits);
    /// <summary>Of <see cref="RetransmittedBlocks"/>, those the retransmission timer sent again.</summary>
    public long TimeoutResentBlocks => Interlocked.Read(ref _timeoutResends);
}
