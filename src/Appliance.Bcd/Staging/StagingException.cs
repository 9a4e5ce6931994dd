namespace Appliance.Bcd.Staging;

/// <summary>A staging step that failed; the message names the file, what was expected and what was seen.</summary>
public sealed class StagingException(StagingErrorReason reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public StagingErrorReason Reason { get; } = reason;
}
