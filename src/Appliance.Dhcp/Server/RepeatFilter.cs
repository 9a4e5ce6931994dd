using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Server;

/// <summary>
/// Decides which answers become an event and a log line: an answer that repeats one already reported within the
/// interval (same client MAC, same message type, architecture and generation: the same loader and BCD) is counted,
/// not reported again. A PXE ROM retrying its DISCOVER, or a flood of them, then costs a table probe instead of a JSON
/// event and a journal line each, and the event thread never competes with the receive loop for its core; every
/// distinct answer (a new generation after nodeset, the ACK after the OFFER, another architecture) is still reported.
/// A direct-mapped table, one per receive loop (no sharing, no locks): two clients in one slot only cost an extra event.
/// </summary>
internal sealed class RepeatFilter
{
    private const int Slots = 4096; // a power of two: the hash is masked

    private readonly Entry[] _entries = new Entry[Slots];
    private readonly long _interval;

    /// <param name="interval">Stopwatch ticks a reported answer suppresses its repeats for; 0 reports every answer.</param>
    public RepeatFilter(long interval) => _interval = interval;

    /// <summary>True when <paramref name="reply"/> must be reported (and remembers it as reported at <paramref name="now"/>).</summary>
    public bool ShouldReport(in ProxyReply reply, long now)
    {
        if (_interval <= 0) return true;
        ref var entry = ref _entries[(int)((reply.Mac * 0x9E3779B97F4A7C15UL) >> 52) & (Slots - 1)];
        if (entry.Until > now && entry.Mac == reply.Mac && entry.Generation == reply.Generation
            && entry.Architecture == reply.Architecture && entry.Type == reply.MessageType)
            return false;
        entry = new Entry
        {
            Mac = reply.Mac, Generation = reply.Generation, Architecture = reply.Architecture, Type = reply.MessageType,
            Until = now + _interval,
        };
        return true;
    }

    private struct Entry
    {
        public ulong Mac;
        public long Generation;
        public long Until;
        public ushort Architecture;
        public Protocol.DhcpMessageType Type;
    }
}
