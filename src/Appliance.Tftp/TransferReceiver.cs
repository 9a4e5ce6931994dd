using System.Net.Sockets;

namespace Appliance.Tftp;

/// <summary>
/// "Receive one datagram or time out" for a transfer's own thread: poll(2) on the transfer socket, then one recv, with
/// nothing allocated. The socket never touches the runtime's socket engine, so an ACK wakes exactly one thread (the
/// transfer's); with asynchronous receives every ACK also woke the engine's epoll thread and a pool thread (perf over
/// loopback: a third of the daemon's cycles were those wake-ups, and lock-step round trips took twice as long).
/// Waits are cut into slices of <see cref="AbortCheckInterval"/> so <see cref="Abort"/> is seen within one.
/// </summary>
internal sealed class TransferReceiver(Socket socket, byte[] buffer)
{
    public const int TimedOut = -1;
    public const int Aborted = -2;
    public const int Failed = -3;

    /// <summary>The longest a wait goes without looking at <see cref="Abort"/>.</summary>
    public static readonly TimeSpan AbortCheckInterval = TimeSpan.FromMilliseconds(100);

    private volatile bool _aborted;

    /// <summary>The socket error of the last <see cref="Failed"/> result.</summary>
    public SocketError LastError { get; private set; }

    /// <summary>
    /// Bytes received into the buffer, or <see cref="TimedOut"/>, <see cref="Aborted"/>, <see cref="Failed"/>. A timeout
    /// is reported only when nothing is queued at the deadline (poll(2) checks the socket once more as it wakes), so a
    /// late wake-up under CPU load is never taken for a lost ACK. With the asynchronous receive a pool-thread timer
    /// could fire while the ACK's completion was still queued behind it: the spurious 20 ms timeouts seen under load.
    /// </summary>
    public int Receive(TimeSpan timeout)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (_aborted) return Aborted;
            var left = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(start);
            // Even when the time is up, look once: a datagram already queued is an answer, not a timeout (a thread
            // that was not scheduled until after the deadline must not resend a window whose ACK is waiting for it).
            var wait = left <= TimeSpan.Zero ? TimeSpan.Zero : left < AbortCheckInterval ? left : AbortCheckInterval;
            bool readable;
            try
            {
                readable = socket.Poll(wait, SelectMode.SelectRead);
            }
            catch (ObjectDisposedException)
            {
                return Aborted;
            }
            if (!readable)
            {
                if (left <= wait) return TimedOut;
                continue;
            }
            var n = socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success) return n;
            if (error is SocketError.WouldBlock or SocketError.Interrupted) continue;
            LastError = error;
            return error == SocketError.OperationAborted ? Aborted : Failed;
        }
    }

    /// <summary>Ends the current wait (within <see cref="AbortCheckInterval"/>) and every later one with <see cref="Aborted"/>.</summary>
    public void Abort() => _aborted = true;
}
