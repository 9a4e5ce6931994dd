namespace Appliance.Tftp;

/// <summary>A malformed TFTP packet. The message says what was expected, what was seen, and at which offset.</summary>
public sealed class TftpException : Exception
{
    public TftpException(TftpFailure reason, string message) : base(message) => Reason = reason;

    public TftpException(TftpFailure reason, string message, Exception inner) : base(message, inner) => Reason = reason;

    public TftpFailure Reason { get; }

    [System.Diagnostics.StackTraceHidden]
    internal static TftpException Throw(TftpFailure reason, string message) => throw new TftpException(reason, message);
}
