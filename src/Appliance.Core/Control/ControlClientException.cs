namespace Appliance.Core.Control;

/// <summary>Talking to a daemon failed; the message is written for the person at the terminal.</summary>
public sealed class ControlClientException(ControlClientError reason, string message) : Exception(message)
{
    public ControlClientError Reason { get; } = reason;
}
