using System.Net;

namespace Appliance.Tftp;

/// <summary>Server settings (the daemon's flags). Defaults suit a PXE appliance on Ethernet.</summary>
public sealed class TftpServerOptions
{
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>RFC 1350 §4: requests go to port 69.</summary>
    public int Port { get; set; } = 69;

    /// <summary>Upper bound for a negotiated blksize (RFC 2348); also bounded by the path MTU of each client.</summary>
    public int MaxBlockSize { get; set; } = TftpWire.MaxBlockSize;

    /// <summary>Upper bound for a negotiated windowsize (RFC 7440). 1 disables windowing.</summary>
    public int MaxWindowSize { get; set; } = 64;

    /// <summary>Upper bound for a window's payload in bytes (a window is one burst; see <see cref="TftpNegotiation.Negotiate"/>).</summary>
    public int MaxWindowBytes { get; set; } = TftpNegotiation.DefaultMaxWindowBytes;

    /// <summary>Consecutive retransmission timeouts (at the negotiated timeout) without progress before a transfer is given up.</summary>
    public int Retries { get; set; } = 5;

    public int MaxTransfers { get; set; } = 256;

    public int MaxTransfersPerClient { get; set; } = 8;

    /// <summary>How long a stopping server lets running transfers finish before aborting them.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Clamp blksize to the route MTU of each client (IP_MTU on the connected transfer socket).</summary>
    public bool ClampToPathMtu { get; set; } = true;

    /// <summary>Validates ranges; the message names the setting, the allowed range and the value seen.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "port: expected 0–65535");
        if (MaxBlockSize is < TftpWire.MinBlockSize or > TftpWire.MaxBlockSize)
            throw new ArgumentOutOfRangeException(nameof(MaxBlockSize), MaxBlockSize, $"max blksize: expected {TftpWire.MinBlockSize}–{TftpWire.MaxBlockSize} (RFC 2348)");
        if (MaxWindowSize is < TftpWire.MinWindowSize or > TftpWire.MaxWindowSize)
            throw new ArgumentOutOfRangeException(nameof(MaxWindowSize), MaxWindowSize, $"max windowsize: expected {TftpWire.MinWindowSize}–{TftpWire.MaxWindowSize} (RFC 7440)");
        if (MaxWindowBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxWindowBytes), MaxWindowBytes, "max window bytes: expected at least 1");
        if (Retries is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "retries: expected 1–100");
        if (MaxTransfers < 1) throw new ArgumentOutOfRangeException(nameof(MaxTransfers), MaxTransfers, "max transfers: expected at least 1");
        if (MaxTransfersPerClient < 1) throw new ArgumentOutOfRangeException(nameof(MaxTransfersPerClient), MaxTransfersPerClient, "max transfers per client: expected at least 1");
    }
}
