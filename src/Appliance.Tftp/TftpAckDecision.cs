namespace Appliance.Tftp;

/// <summary>What <see cref="TftpSendWindow.OnAck"/> made of an ACK.</summary>
internal enum TftpAckDecision
{
    /// <summary>Acknowledges nothing new; nothing is sent in answer.</summary>
    Ignore,
    /// <summary>New blocks acknowledged; the window slides and only blocks never sent go out.</summary>
    Advance,
    /// <summary>The receiver reported a gap: sending starts again right after the acknowledged block.</summary>
    Rollback,
    /// <summary>The last block is acknowledged: the transfer is done.</summary>
    Complete,
}
