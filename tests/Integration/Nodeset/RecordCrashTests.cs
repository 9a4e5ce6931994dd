using System.Diagnostics;
using Appliance.Core.Records;
using Appliance.Integration.Support;

namespace Appliance.Integration.Nodeset;

/// <summary>
/// Crash safety of the record file: nodeset (the real writer, as published) is killed with SIGKILL at random moments
/// while readers read. Every read must see a complete old or new file, never a torn one.
/// </summary>
public sealed class RecordCrashTests : IDisposable
{
    private const int Nodes = 2000;
    private const int Kills = 200;
    private readonly string _prefix = Directory.CreateTempSubdirectory("crash").FullName;

    public RecordCrashTests()
    {
        Directory.CreateDirectory(Path.Combine(_prefix, "etc/appliance"));
        File.WriteAllLines(Path.Combine(_prefix, "etc/appliance/nodes"), Enumerable.Range(1, Nodes).Select(i => $"node{i:0000} groups=all"));
        File.WriteAllText(Path.Combine(_prefix, "etc/appliance/osimages"), "a winpe=winpe-a\nb winpe=winpe-b\n");
    }

    public void Dispose() => Directory.Delete(_prefix, true);

    private Process StartNodeset(string osimage) => Process.Start(new ProcessStartInfo(Tools.Binary("nodeset"))
    {
        ArgumentList = { "--prefix", _prefix, "all", $"osimage={osimage}", "--no-reload", "--quiet" },
        RedirectStandardOutput = true, RedirectStandardError = true,
    })!;

    [Fact]
    public async Task Sigkill_at_random_moments_never_leaves_a_torn_file()
    {
        var recordFile = Path.Combine(_prefix, "var/lib/appliance/proxydhcp.cfg");
        using (var first = StartNodeset("a"))
        {
            Assert.True(first.WaitForExit(30_000));
            Assert.True(first.ExitCode == 0, first.StandardError.ReadToEnd());
        }

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var torn = new List<string>();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var snapshot = RecordFile.Load(recordFile);
                    var paths = snapshot.Records.Select(r => r.WinPePath).Distinct().ToList();
                    if (snapshot.Count != Nodes || paths.Count != 1) lock (torn) torn.Add($"{snapshot.Count} records, paths {string.Join(",", paths)}");
                }
                catch (RecordFileException e)
                {
                    lock (torn) torn.Add(e.Message);
                }
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        var random = new Random(4711);
        int killed = 0, finished = 0;
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < Kills && deadline.Elapsed < TimeSpan.FromMinutes(2); i++)
        {
            using var writer = StartNodeset(i % 2 == 0 ? "b" : "a");
            Thread.Sleep(random.Next(0, 25));
            if (!writer.HasExited)
            {
                writer.Kill();
                killed++;
            }
            else finished++;
            Assert.True(writer.WaitForExit(10_000));
            var after = RecordFile.Load(recordFile);
            Assert.Equal(Nodes, after.Count);
        }
        stop.Cancel();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(torn);
        Assert.True(killed + finished >= Kills, $"only {killed + finished} writer runs in the time bound");
        Assert.True(killed >= Kills / 4, $"only {killed} of {Kills} writers were killed before finishing; the test did not exercise crashes");
        Assert.True(reads > Kills, $"readers read only {reads} times");
    }
}
