namespace Appliance.Tftp;

/// <summary>The end of one transfer: outcome, payload bytes acknowledged by the client, time taken, and a reason when it failed.</summary>
public readonly record struct TftpTransferResult(TftpTransferOutcome Outcome, long Bytes, TimeSpan Duration, long Retransmits, string Detail)
{
    /// <summary>Of <see cref="Retransmits"/>, the blocks sent again because the retransmission timer fired (the rest answered a gap the client reported).</summary>
    public long TimeoutResends { get; init; }

    public bool IsFailure => Outcome is not (TftpTransferOutcome.Completed or TftpTransferOutcome.SizeProbe);

    /// <summary>Payload bytes per second (0 for an instant transfer).</summary>
    public double BytesPerSecond => Duration.TotalSeconds > 0 ? Bytes / Duration.TotalSeconds : 0;
}
