namespace Appliance.Core.Control;

/// <summary>One request line, split into its verb and the rest, with the peer that sent it.</summary>
public sealed class ControlRequest(string verb, string arguments, PeerCredentials peer)
{
    public string Verb { get; } = verb;
    /// <summary>Everything after the verb and one space (may be empty).</summary>
    public string Arguments { get; } = arguments;
    public PeerCredentials Peer { get; } = peer;
}
