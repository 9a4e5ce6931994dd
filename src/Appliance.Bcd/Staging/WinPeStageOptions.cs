namespace Appliance.Bcd.Staging;

/// <summary>What `winpe-stage add` was asked to do.</summary>
public sealed class WinPeStageOptions
{
    public required string Name { get; init; }

    /// <summary>An ADK media folder (copype layout) or a boot.wim file.</summary>
    public required string From { get; init; }

    /// <summary>boot.sdi when it is neither in the folder, next to the WIM, nor in the WIM.</summary>
    public string? Sdi { get; init; }

    /// <summary>The WIM image to take loaders from (WinPE boot.wim: 1).</summary>
    public int ImageIndex { get; init; } = 1;

    public bool Bios { get; init; } = true;
    public bool Uefi { get; init; } = true;

    /// <summary>Replace a WinPE staged under the same name.</summary>
    public bool Force { get; init; }

    /// <summary>Copy big files even when a hard link would do (the source may change later).</summary>
    public bool NoHardLinks { get; init; }

    public string? Description { get; init; }
    public uint? TftpBlockSize { get; init; }
    public uint? TftpWindowSize { get; init; }
    public DateTime TimestampUtc { get; init; } = DateTime.UtcNow;
}
