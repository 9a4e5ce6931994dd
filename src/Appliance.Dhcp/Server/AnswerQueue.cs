namespace Appliance.Dhcp.Server;

/// <summary>
/// A fixed ring of <see cref="AnswerEvent"/>s between the receive loops (producers: copy a struct under a short lock,
/// no allocation) and one consumer thread that formats events and log lines (allocation is fine there). When the ring
/// is full the oldest event is overwritten and counted as dropped: reporting never slows answering.
/// </summary>
public sealed class AnswerQueue(int capacity = 4096)
{
    private readonly AnswerEvent[] _ring = new AnswerEvent[capacity];
    private readonly Lock _gate = new();
    private long _head;
    private long _tail;
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(in AnswerEvent item)
    {
        lock (_gate)
        {
            if (_tail - _head == _ring.Length)
            {
                _head++;
                _dropped++;
            }
            _ring[_tail++ % _ring.Length] = item;
        }
    }

    public bool TryDequeue(out AnswerEvent item)
    {
        lock (_gate)
        {
            if (_head == _tail)
            {
                item = default;
                return false;
            }
            item = _ring[_head++ % _ring.Length];
            return true;
        }
    }
}
