namespace Appliance.Tftp;

/// <summary>How a transfer ended.</summary>
public enum TftpTransferOutcome
{
    /// <summary>The last block was acknowledged.</summary>
    Completed,

    /// <summary>
    /// The client asked for tsize, got the OACK and aborted with an ERROR before taking data: EDK2's PXE driver (and
    /// others) learn a file's size this way before the real download. Normal, not a failure.
    /// </summary>
    SizeProbe,

    /// <summary>The client sent an ERROR mid-transfer.</summary>
    ClientError,

    /// <summary>No progress within the retry bound (client vanished or the path is dead).</summary>
    TimedOut,

    /// <summary>The client's host answered with ICMP port unreachable: the client is gone.</summary>
    ClientUnreachable,

    /// <summary>The server stopped (SIGTERM past its grace period) and told the client so.</summary>
    Aborted,

    /// <summary>The file could not be read.</summary>
    ReadError,
}
