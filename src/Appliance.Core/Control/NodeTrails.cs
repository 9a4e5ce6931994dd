namespace Appliance.Core.Control;

/// <summary>
/// The last <see cref="PerNode"/> events of each node, so that <c>nodeset stat</c> sees every node of a rollout of hundreds,
/// not only the nodes that made the daemon-wide recent ring. At most <see cref="MaxNodes"/> nodes are kept; a new node
/// beyond that evicts the node whose last event is the oldest. Not thread-safe: <see cref="EventHub"/> holds its lock.
/// </summary>
internal sealed class NodeTrails(int perNode, int maxNodes)
{
    private sealed class Trail(int capacity)
    {
        public readonly (long Sequence, byte[] Line)[] Events = new (long, byte[])[capacity];
        public int Next, Count;
        public long Last;
    }

    private readonly Dictionary<string, Trail> _trails = new(StringComparer.Ordinal);

    public int PerNode => perNode;
    public int MaxNodes => maxNodes;
    public int Nodes => _trails.Count;
    public long Evicted { get; private set; }

    public void Add(string node, long sequence, byte[] line)
    {
        if (perNode == 0 || maxNodes == 0) return;
        if (!_trails.TryGetValue(node, out var trail))
        {
            if (_trails.Count >= maxNodes) EvictOldest();
            _trails[node] = trail = new Trail(perNode);
        }
        trail.Events[trail.Next] = (sequence, line);
        trail.Next = (trail.Next + 1) % perNode;
        trail.Count = Math.Min(trail.Count + 1, perNode);
        trail.Last = sequence;
    }

    /// <summary>The kept events of the named nodes (all nodes when <paramref name="nodes"/> is empty), in publish order.</summary>
    public List<byte[]> Collect(IReadOnlyCollection<string> nodes)
    {
        var picked = new List<(long Sequence, byte[] Line)>();
        foreach (var (name, trail) in _trails)
        {
            if (nodes.Count > 0 && !nodes.Contains(name)) continue;
            for (var i = 0; i < trail.Count; i++) picked.Add(trail.Events[(trail.Next - trail.Count + i + perNode) % perNode]);
        }
        picked.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return picked.ConvertAll(p => p.Line);
    }

    private void EvictOldest()
    {
        string? oldest = null;
        var last = long.MaxValue;
        foreach (var (name, trail) in _trails)
        {
            if (trail.Last < last) (oldest, last) = (name, trail.Last);
        }
        if (oldest is not null && _trails.Remove(oldest)) Evicted++;
    }
}
