using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Appliance.Tftp;

/// <summary>
/// "Receive one datagram or time out" without allocating: one reused SocketAsyncEventArgs, one reused Timer and one
/// reused value-task source. A receive that outlives a timeout stays posted and is picked up by the next wait, so there is
/// never more than one receive outstanding and nothing is cancelled (cancellation tokens cost a registration per wait).
/// </summary>
internal sealed class TransferReceiver : IValueTaskSource<int>, IDisposable
{
    public const int TimedOut = -1;
    public const int Aborted = -2;
    public const int Failed = -3;

    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _args = new();
    private readonly Timer _timer;
    private readonly object _gate = new();
    private ManualResetValueTaskSourceCore<int> _core;
    private bool _receivePosted;
    private bool _waiting;
    private int _buffered = int.MinValue; // a completed receive nobody was waiting for
    private bool _aborted;

    public TransferReceiver(Socket socket, byte[] buffer)
    {
        _socket = socket;
        _args.SetBuffer(buffer, 0, buffer.Length);
        _args.Completed += static (_, e) => ((TransferReceiver)e.UserToken!).OnReceived();
        _args.UserToken = this;
        _timer = new Timer(static s => ((TransferReceiver)s!).Signal(TimedOut), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The socket error of the last <see cref="Failed"/> result.</summary>
    public SocketError LastError { get; private set; }

    /// <summary>Bytes received into the buffer, or <see cref="TimedOut"/>, <see cref="Aborted"/>, <see cref="Failed"/>.</summary>
    public ValueTask<int> ReceiveAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_aborted) return new ValueTask<int>(Aborted);
            if (_buffered != int.MinValue)
            {
                var r = _buffered;
                _buffered = int.MinValue;
                return new ValueTask<int>(r);
            }
            if (!_receivePosted)
            {
                _receivePosted = true;
                bool pending;
                try
                {
                    pending = _socket.ReceiveAsync(_args);
                }
                catch (ObjectDisposedException)
                {
                    _receivePosted = false;
                    return new ValueTask<int>(Aborted);
                }
                if (!pending)
                {
                    _receivePosted = false;
                    return new ValueTask<int>(Result());
                }
            }
            _core.Reset();
            _waiting = true;
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
            return new ValueTask<int>(this, _core.Version);
        }
    }

    /// <summary>Ends the current and every later wait with <see cref="Aborted"/>.</summary>
    public void Abort()
    {
        lock (_gate) _aborted = true;
        Signal(Aborted);
    }

    private int Result()
    {
        if (_args.SocketError == SocketError.Success) return _args.BytesTransferred;
        LastError = _args.SocketError;
        return _args.SocketError == SocketError.OperationAborted ? Aborted : Failed;
    }

    private void OnReceived()
    {
        int result;
        lock (_gate)
        {
            _receivePosted = false;
            result = Result();
            if (!_waiting)
            {
                _buffered = result;
                return;
            }
            _waiting = false;
        }
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        _core.SetResult(result);
    }

    private void Signal(int result)
    {
        lock (_gate)
        {
            if (!_waiting) return;
            _waiting = false;
        }
        _core.SetResult(result);
    }

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose()
    {
        _timer.Dispose();
        _args.Dispose();
    }
}
