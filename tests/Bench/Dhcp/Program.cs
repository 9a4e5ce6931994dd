using Appliance.Bench.Dhcp;

// dhcp-bench fuzz N | reload N DIR | load IFACE SECONDS WINDOW | null IFACE SECONDS | latency IFACE SECONDS RATE
return args switch
{
    ["fuzz", var n] => Fuzz.Run(int.Parse(n)),
    ["reload", var n, var dir] => ReloadBench.Run(int.Parse(n), dir),
    ["reload-loop", var dir, var runs] => ReloadBench.Loop(dir, int.Parse(runs)),
    ["null", var iface, var seconds] => NullResponder.Run(iface, double.Parse(seconds)),
    ["load", var iface, var seconds, var window] => LoadGenerator.Throughput(iface, double.Parse(seconds), int.Parse(window)),
    ["latency", var iface, var seconds, var rate] => LatencyProbe.Run(iface, double.Parse(seconds), int.Parse(rate)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dhcp-bench fuzz N | reload N DIR | load IFACE SECONDS WINDOW | null IFACE SECONDS | latency IFACE SECONDS RATE");
    return 2;
}
