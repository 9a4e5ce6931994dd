namespace Appliance.Nodeset;

/// <summary>What happened to one node: done (with what it will boot) or failed (with why).</summary>
public sealed record NodeOutcome(string Node, bool Ok, string Message)
{
    public static NodeOutcome Done(string node, string message) => new(node, true, message);
    public static NodeOutcome Failed(string node, string reason) => new(node, false, reason);

    public override string ToString() => Ok ? $"{Node}: {Message}" : $"{Node}: error: {Message}";
}
