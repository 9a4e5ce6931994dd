namespace Appliance.Bcd.Staging;

/// <summary>The outcome of a successful `add`.</summary>
public sealed record StageResult(string Directory, IReadOnlyList<StagedFile> Files, IReadOnlyList<string> Warnings);
