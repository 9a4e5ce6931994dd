using Appliance.Core.Hosting;

namespace Appliance.Hosts.Floppygen;

/// <summary>floppygen's flags beyond the shared path flags.</summary>
internal sealed class MediaOptions
{
    public required Flag<string> Format { get; init; }
    public required Flag<List<string>> Files { get; init; }
    public required Flag<string?> Template { get; init; }
    public required Flag<string?> Templates { get; init; }
    public required Flag<string> AnswerName { get; init; }
    public required Flag<string> Label { get; init; }
    public required Flag<string?> Output { get; init; }
    public required Flag<string?> Site { get; init; }
    public required Flag<bool> Quiet { get; init; }
    public required Flag<bool> Sync { get; init; }

    public bool Floppy => Format.Value is "floppy" or "both";
    public bool Iso => Format.Value is "iso" or "both";
}
