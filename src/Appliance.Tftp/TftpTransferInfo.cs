using System.Net;

namespace Appliance.Tftp;

/// <summary>A live transfer as the <c>transfers</c> verb and the events show it. Counters are updated by the transfer as it runs.</summary>
public sealed class TftpTransferInfo
{
    private long _blocksAcked;
    private long _retransmits;

    internal TftpTransferInfo(long id, IPEndPoint client, string requestedName, string path, TftpMode mode, long? size,
        TftpNegotiation negotiation, DateTimeOffset started)
    {
        Id = id;
        Client = client;
        RequestedName = requestedName;
        Path = path;
        Mode = mode;
        Size = size;
        Negotiation = negotiation;
        Started = started;
    }

    public long Id { get; }
    public IPEndPoint Client { get; }
    /// <summary>The name as the client sent it (escape it before logging: <see cref="TftpNames.Escape"/>).</summary>
    public string RequestedName { get; }
    /// <summary>The file served, relative to the root.</summary>
    public string Path { get; }
    public TftpMode Mode { get; }
    /// <summary>File size in bytes (null for netascii, whose wire size is known only at the end).</summary>
    public long? Size { get; }
    public TftpNegotiation Negotiation { get; }
    public DateTimeOffset Started { get; }

    /// <summary>Free-form tag the host may set (the node name when the client address is in the node table).</summary>
    public string? Node { get; set; }

    public long BlocksAcknowledged => Volatile.Read(ref _blocksAcked);
    public long Retransmits => Volatile.Read(ref _retransmits);

    /// <summary>Payload bytes the client has acknowledged so far (an estimate for netascii).</summary>
    public long BytesAcknowledged
    {
        get
        {
            var bytes = BlocksAcknowledged * Negotiation.BlockSize;
            return Size is { } s ? Math.Min(bytes, s) : bytes;
        }
    }

    internal void SetAcknowledged(long blocks) => Volatile.Write(ref _blocksAcked, blocks);
    internal void AddRetransmits(long n) => Interlocked.Add(ref _retransmits, n);
}
