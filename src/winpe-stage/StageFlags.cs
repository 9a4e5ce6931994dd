using Appliance.Core.Hosting;

namespace Appliance.Hosts.WinPeStage;

/// <summary>The flags of every winpe-stage command (each command reads the ones it uses).</summary>
internal sealed class StageFlags
{
    public required Flag<string?> From { get; init; }
    public required Flag<string?> Sdi { get; init; }
    public required Flag<int> Index { get; init; }
    public required Flag<string> Firmware { get; init; }
    public required Flag<bool> Force { get; init; }
    public required Flag<bool> Copy { get; init; }
    public required Flag<string?> Description { get; init; }
    public required Flag<int> TftpBlockSize { get; init; }
    public required Flag<int> TftpWindowSize { get; init; }
    public required Flag<string?> WinPe { get; init; }
    public required Flag<string?> Out { get; init; }
    public required Flag<bool> Verbose { get; init; }
    public required Flag<bool> NoReindex { get; init; }
    public required Flag<TimeSpan> Timeout { get; init; }
}
