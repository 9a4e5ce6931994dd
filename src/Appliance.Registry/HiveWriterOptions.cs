namespace Appliance.Registry;

/// <summary>Settings of a written hive that are not part of the key tree.</summary>
public sealed class HiveWriterOptions
{
    /// <summary>Last-write time of the base block, the first bin and every key whose own time is unset.</summary>
    public DateTime TimestampUtc { get; init; } = DateTime.UtcNow;

    /// <summary>The informational file name of the base block (at most 31 characters are kept).</summary>
    public string FileName { get; init; } = "";
}
