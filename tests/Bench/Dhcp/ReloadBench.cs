using System.Diagnostics;
using System.Text;
using Appliance.Core.Records;
using Appliance.Dhcp.Pxe;

namespace Appliance.Bench.Dhcp;

/// <summary>Time to build the boot index from an N-node table and an N-record file (what `reload` does), median of 7.</summary>
internal static class ReloadBench
{
    public static int Run(int count, string dir)
    {
        Directory.CreateDirectory(dir);
        var nodes = Path.Combine(dir, "nodes");
        var osimages = Path.Combine(dir, "osimages");
        var records = Path.Combine(dir, "proxydhcp.cfg");
        var text = new StringBuilder();
        var list = new List<NodeRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"node{i:D6}";
            text.Append(name).Append(" mac=02:00:").Append($"{(i >> 24) & 0xFF:x2}:{(i >> 16) & 0xFF:x2}:{(i >> 8) & 0xFF:x2}:{i & 0xFF:x2}")
                .Append(" ip=10.").Append((i >> 16) & 0xFF).Append('.').Append((i >> 8) & 0xFF).Append('.').Append(i & 0xFF)
                .Append(" osimage=win10\n");
            list.Add(new NodeRecord(name, $"winboot/winpe{i % 4}/"));
        }
        File.WriteAllText(nodes, text.ToString());
        File.WriteAllText(osimages, "win10 winpe=winpe0\n");
        RecordFile.Write(records, list);

        // full reloads: nothing cached (node table, osimages, record file, node maps, join)
        var full = new List<ReloadStages>();
        BootIndex? index = null;
        for (var run = 0; run < 9; run++)
        {
            index = BootIndexLoader.Load(run, nodes, osimages, records, LoaderTable.Default, null, 0, new TableCache(), out var stages);
            full.Add(stages);
        }
        // the usual reload: nodeset rewrote the record file (here one node moved to another WinPE each time), the
        // daemon reuses its parsed tables and node maps
        var cache = new TableCache();
        BootIndexLoader.Load(100, nodes, osimages, records, LoaderTable.Default, null, 0, cache);
        var cached = new List<ReloadStages>();
        var cpu = new List<double>();
        for (var run = 0; run < 15; run++)
        {
            list[run] = list[run] with { WinPePath = $"winboot/winpe{(run + 1) % 4}/" };
            RecordFile.Write(records, list);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            BootIndexLoader.Load(101 + run, nodes, osimages, records, LoaderTable.Default, null, 0, cache, out var stages);
            cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
            if (!stages.TablesReused) throw new InvalidOperationException("the node table was parsed again on a records-only reload");
            cached.Add(stages);
        }
        var f = Median(full);
        var c = Median(cached);
        Console.WriteLine($"reload n={count} nodes={index!.NodeCount} records={index.RecordCount} " +
            $"full_median_ms={f.Total.TotalMilliseconds:0.0} full_tables_ms={f.Tables.TotalMilliseconds:0.0} full_records_ms={f.Records.TotalMilliseconds:0.0} full_index_ms={f.Index.TotalMilliseconds:0.0} " +
            $"records_only_median_ms={c.Total.TotalMilliseconds:0.0} records_only_records_ms={c.Records.TotalMilliseconds:0.0} records_only_index_ms={c.Index.TotalMilliseconds:0.0} " +
            $"records_only_max_ms={cached.Max(s => s.Total.TotalMilliseconds):0.0} records_only_cpu_median_ms={cpu.Order().ElementAt(cpu.Count / 2):0.0}");
        return 0;
    }

    /// <summary>Records-only reloads in a loop over files made by <see cref="Run"/>, for a profiler.</summary>
    public static int Loop(string dir, int runs)
    {
        var (nodes, osimages, records) = (Path.Combine(dir, "nodes"), Path.Combine(dir, "osimages"), Path.Combine(dir, "proxydhcp.cfg"));
        var cache = new TableCache();
        BootIndexLoader.Load(0, nodes, osimages, records, LoaderTable.Default, null, 0, cache);
        var total = Stopwatch.StartNew();
        for (var run = 1; run <= runs; run++) BootIndexLoader.Load(run, nodes, osimages, records, LoaderTable.Default, null, 0, cache);
        Console.WriteLine($"reload-loop runs={runs} mean_ms={total.Elapsed.TotalMilliseconds / runs:0.0}");
        return 0;
    }

    private static ReloadStages Median(List<ReloadStages> runs) =>
        runs.OrderBy(s => s.Total).ElementAt(runs.Count / 2);
}
