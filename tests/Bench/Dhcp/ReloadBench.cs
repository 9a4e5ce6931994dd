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

        // where the time goes, once (after a warm-up load)
        BootIndexLoader.Load(-1, nodes, osimages, records, LoaderTable.Default, null, 0);
        var stage = Stopwatch.StartNew();
        var table = Appliance.Core.Tables.NodeTable.Load(nodes);
        var tNodes = stage.Elapsed.TotalMilliseconds; stage.Restart();
        var images = Appliance.Core.Tables.OsImageTable.Load(osimages);
        var snapshot = RecordFile.Load(records);
        var tRecords = stage.Elapsed.TotalMilliseconds; stage.Restart();
        BootIndexLoader.Build(-2, table, images, snapshot, LoaderTable.Default, null, 0);
        var tIndex = stage.Elapsed.TotalMilliseconds;
        Console.WriteLine($"reload-stages node_table_ms={tNodes:0.0} records_ms={tRecords:0.0} index_ms={tIndex:0.0}");

        var times = new List<double>();
        var recordsOnly = new List<double>();
        BootIndex? index = null;
        for (var run = 0; run < 7; run++)
        {
            var sw = Stopwatch.StartNew();
            index = BootIndexLoader.Load(run, nodes, osimages, records, LoaderTable.Default, null, 0);
            times.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            RecordFile.Load(records);
            recordsOnly.Add(sw.Elapsed.TotalMilliseconds);
        }
        // the usual reload: nodeset rewrote only the record file, the daemon reuses its parsed tables
        var cache = new TableCache();
        BootIndexLoader.Load(100, nodes, osimages, records, LoaderTable.Default, null, 0, cache);
        var cached = new List<double>();
        for (var run = 0; run < 7; run++)
        {
            RecordFile.Write(records, list);
            var sw = Stopwatch.StartNew();
            BootIndexLoader.Load(101 + run, nodes, osimages, records, LoaderTable.Default, null, 0, cache);
            cached.Add(sw.Elapsed.TotalMilliseconds);
        }
        cached.Sort();
        Console.WriteLine($"reload-cached records_changed_median_ms={cached[3]:0.0}");
        times.Sort();
        recordsOnly.Sort();
        Console.WriteLine($"reload n={count} nodes={index!.NodeCount} records={index.RecordCount} total_median_ms={times[3]:0.0} total_min_ms={times[0]:0.0} " +
            $"records_median_ms={recordsOnly[3]:0.0}");
        return 0;
    }
}
