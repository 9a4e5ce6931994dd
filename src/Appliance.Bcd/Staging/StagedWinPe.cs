namespace Appliance.Bcd.Staging;

/// <summary>A WinPE found under &lt;tftproot&gt;/winboot/.</summary>
public sealed record StagedWinPe(string Name, string Directory, bool HasBiosStore, bool HasUefiStore, long WimBytes,
    IReadOnlyList<string> Files);
