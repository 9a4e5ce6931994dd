namespace Appliance.Bcd.Staging;

/// <summary>One file of a staged WinPE: its path relative to the TFTP root, size, and where it came from.</summary>
public sealed record StagedFile(string RelativePath, long Bytes, string Origin);
