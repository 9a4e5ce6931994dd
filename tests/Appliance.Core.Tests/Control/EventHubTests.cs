using Appliance.Core.Control;
using System.Text.Json;

namespace Appliance.Core.Tests.Control;

public sealed class EventHubTests
{
    private static List<(string Node, int Step)> Read(IEnumerable<byte[]> lines) => lines.Select(l =>
    {
        using var d = JsonDocument.Parse(l);
        return (d.RootElement.GetProperty("node").GetString()!, d.RootElement.GetProperty("step").GetInt32());
    }).ToList();

    [Fact]
    public void History_keeps_every_node_of_a_rollout_larger_than_the_recent_ring()
    {
        var hub = new EventHub(recentCapacity: 256, perNode: 4);
        for (var step = 0; step < 3; step++)
        {
            for (var n = 0; n < 500; n++) hub.Publish("transfer-done", $"n{n:000}", w => w.WriteNumber("step", step));
        }

        Assert.Equal(256, hub.Recent().Count);
        var history = Read(hub.History([]));
        Assert.Equal(1500, history.Count);
        Assert.Equal(500, history.Select(h => h.Node).Distinct().Count());
        // Publish order across nodes: every step-0 event before any step-1 event.
        Assert.Equal(history.OrderBy(h => h.Step).ToList(), history);
    }

    [Fact]
    public void History_keeps_the_last_events_of_a_node_oldest_first()
    {
        var hub = new EventHub(perNode: 3);
        for (var step = 0; step < 7; step++) hub.Publish("offer", "n1", w => w.WriteNumber("step", step));
        hub.Publish("offer", "n2", w => w.WriteNumber("step", 99));

        Assert.Equal([("n1", 4), ("n1", 5), ("n1", 6)], Read(hub.History(["n1"])));
        Assert.Equal([("n2", 99)], Read(hub.History(["n2"])));
        Assert.Empty(hub.History(["n3"]));
    }

    [Fact]
    public void Beyond_the_node_bound_the_node_heard_from_longest_ago_is_evicted()
    {
        var hub = new EventHub(perNode: 2, maxNodes: 3);
        foreach (var node in new[] { "a", "b", "c" }) hub.Publish("offer", node, w => w.WriteNumber("step", 0));
        hub.Publish("offer", "a", w => w.WriteNumber("step", 1)); // a is now newer than b
        hub.Publish("offer", "d", w => w.WriteNumber("step", 0));

        var nodes = Read(hub.History([])).Select(h => h.Node).Distinct().Order().ToList();
        Assert.Equal(["a", "c", "d"], nodes);
        Assert.Equal((3, 1L), hub.HistoryCounts());
    }

    [Fact]
    public void Events_without_a_node_stay_out_of_history()
    {
        var hub = new EventHub();
        hub.Publish("reload", null);
        Assert.Single(hub.Recent());
        Assert.Empty(hub.History([]));
    }
}
