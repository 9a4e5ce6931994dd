using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Server;

/// <summary>Counters since start, updated with Interlocked from both receive loops, read by `stats`/`status`.</summary>
public sealed class DhcpCounters
{
    private readonly long[] _received = new long[2];
    private readonly long[] _answered = new long[2];
    private readonly long[] _ignored = new long[Enum.GetValues<NoAnswerReason>().Length];
    private long _sendErrors;
    private long _receiveErrors;
    private long _faults;
    private long _repeatsFolded;

    public long Received(DhcpService service) => Interlocked.Read(ref _received[(int)service]);
    public long Answered(DhcpService service) => Interlocked.Read(ref _answered[(int)service]);
    public long Ignored(NoAnswerReason reason) => Interlocked.Read(ref _ignored[(int)reason]);
    public long TotalAnswered => Answered(DhcpService.ProxyDhcp) + Answered(DhcpService.BootServer);
    public long SendErrors => Interlocked.Read(ref _sendErrors);
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);
    /// <summary>Exceptions caught in a receive loop (a bug if ever non-zero; the loop goes on).</summary>
    public long Faults => Interlocked.Read(ref _faults);
    /// <summary>Answers sent but not reported again: repeats of an answer reported within the repeat interval.</summary>
    public long RepeatsFolded => Interlocked.Read(ref _repeatsFolded);

    internal void CountReceived(DhcpService service, int count) => Interlocked.Add(ref _received[(int)service], count);
    internal void CountAnswered(DhcpService service, int count) => Interlocked.Add(ref _answered[(int)service], count);
    internal void CountIgnored(NoAnswerReason reason) => Interlocked.Increment(ref _ignored[(int)reason]);
    internal void CountSendError() => Interlocked.Increment(ref _sendErrors);
    internal void CountReceiveError() => Interlocked.Increment(ref _receiveErrors);
    internal void CountFault() => Interlocked.Increment(ref _faults);
    internal void CountRepeatsFolded(int count) => Interlocked.Add(ref _repeatsFolded, count);
}
