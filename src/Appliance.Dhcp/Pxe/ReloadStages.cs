namespace Appliance.Dhcp.Pxe;

/// <summary>
/// Where a reload's time went: the node and osimage tables (parse and node maps, or only the two stat calls when
/// <see cref="TablesReused"/>), the record file (read and validate), and joining records to nodes.
/// </summary>
public readonly record struct ReloadStages(bool TablesReused, TimeSpan Tables, TimeSpan Records, TimeSpan Index)
{
    public TimeSpan Total => Tables + Records + Index;

    public override string ToString() =>
        $"tables {Tables.TotalMilliseconds:0.0} ms{(TablesReused ? " (unchanged, reused)" : "")}, " +
        $"records {Records.TotalMilliseconds:0.0} ms, index {Index.TotalMilliseconds:0.0} ms";
}
