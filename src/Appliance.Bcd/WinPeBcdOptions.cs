namespace Appliance.Bcd;

/// <summary>What varies between WinPE RAM-disk stores.</summary>
public sealed class WinPeBcdOptions
{
    public required string WinPeName { get; init; }
    public BcdFirmware Firmware { get; init; } = BcdFirmware.Bios;

    /// <summary>The loader's description (boot menu text); default "WinPE &lt;name&gt;".</summary>
    public string? Description { get; init; }

    /// <summary>Boot manager menu timeout in seconds (the menu shows only with more than one entry).</summary>
    public ulong TimeoutSeconds { get; init; } = 30;

    /// <summary>RamdiskTftpBlockSize (0x36000007); unverified encoding, written only when set.</summary>
    public uint? TftpBlockSize { get; init; }

    /// <summary>RamdiskTftpWindowSize (0x36000008); unverified encoding, written only when set.</summary>
    public uint? TftpWindowSize { get; init; }

    /// <summary>RamdiskTftpVarWindow (0x3600000B); written only when set.</summary>
    public bool? TftpVariableWindow { get; init; }
}
