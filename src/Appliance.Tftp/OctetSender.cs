using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Appliance.Tftp;

/// <summary>
/// Octet-mode DATA with fewer copies and system calls than a pread per block, for <see cref="TftpTransfer"/>:
/// <list type="bullet">
/// <item><see cref="ReadBatch"/>: the payloads of a whole UDP GSO batch (up to 64 Ethernet-sized blocks) in one
/// preadv(2), each straight into its slot behind its 4-byte header: one read per batch instead of one per block.</item>
/// <item><see cref="SendFromFile"/>: a large block (loopback, 64 KiB) as its header sent with MSG_MORE, then its
/// payload by sendfile(2) into the same corked UDP datagram (Linux appends the page-cache pages to the datagram: no copy
/// into a buffer and none into the socket), so the server copies nothing; the receiver's own copy is the only one.</item>
/// </list>
/// A file that shrinks during the transfer ends it with a short block, as pread does; sendfile never raises SIGBUS the
/// way a mapped file would. Nothing here allocates: the header and slots live in the transfer's pinned send buffer.
/// </summary>
internal sealed unsafe partial class OctetSender : IDisposable
{
    /// <summary>Blocks from this size on go by sendfile (below it a copy costs less than the second system call).</summary>
    public const int SendFileMinBlock = 8192;
    private const int MsgMore = 0x8000;
    private const int Eintr = 4, Eagain = 11;
    private const int MaxIovecs = 64;
    private static readonly TimeSpan WritableWait = TimeSpan.FromSeconds(1);
    private const int MaxWritableWaits = 10;

    private readonly Socket _socket;
    private readonly OctetBlockSource _source;
    private readonly SafeHandle _file;
    private readonly long _length;
    private readonly int _blockSize;
    private readonly byte* _tx;
    private GCHandle _pin;
    private bool _socketRef, _fileRef;
    private readonly int _socketFd, _fileFd;
    private bool _sendFileBroken;

    public OctetSender(Socket socket, OctetBlockSource source, byte[] tx)
    {
        _socket = socket;
        _source = source;
        _file = source.File;
        _length = source.Length;
        _blockSize = source.BlockSize;
        _pin = GCHandle.Alloc(tx, GCHandleType.Pinned);
        _tx = (byte*)_pin.AddrOfPinnedObject();
        socket.SafeHandle.DangerousAddRef(ref _socketRef);
        _socketFd = (int)socket.SafeHandle.DangerousGetHandle();
        _file.DangerousAddRef(ref _fileRef);
        _fileFd = (int)_file.DangerousGetHandle();
    }

    /// <summary>
    /// Reads the payloads of blocks <paramref name="first"/>… (at most <paramref name="count"/>) into the send buffer, block
    /// j at j·<paramref name="segment"/> + 4. Returns the payload bytes read in all: less than count·blksize at the end of
    /// the file.
    /// </summary>
    public long ReadBatch(long first, int count, int segment)
    {
        var offset = (first - 1) * _blockSize;
        var want = Math.Min((long)count * _blockSize, Math.Max(0, _length - offset));
        var done = 0L;
        var iov = stackalloc Iovec[MaxIovecs];
        while (done < want)
        {
            var n = 0;
            for (var at = done; at < want && n < MaxIovecs; n++)
            {
                var j = (int)(at / _blockSize);
                var inBlock = (int)(at % _blockSize);
                var length = (int)Math.Min(_blockSize - inBlock, want - at);
                iov[n] = new Iovec { Base = _tx + (long)j * segment + TftpWire.DataHeaderLength + inBlock, Length = (nuint)length };
                at += length;
            }
            var r = preadv(_fileFd, iov, n, offset + done);
            if (r > 0) { done += r; continue; }
            if (r == 0) break; // the file shrank under us: end the transfer with what there is
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr) continue;
            throw new IOException($"preadv at offset {offset + done}: errno {errno}");
        }
        return done;
    }

    /// <summary>Sends block <paramref name="block"/> (header, then payload from the file) as one datagram; returns its payload length.</summary>
    public int SendFromFile(long block)
    {
        var offset = (block - 1) * _blockSize;
        var want = offset >= _length ? 0 : (int)Math.Min(_blockSize, _length - offset);
        TftpPacket.WriteDataHeader(new Span<byte>(_tx, TftpWire.DataHeaderLength), unchecked((ushort)block));
        if (want == 0 || _sendFileBroken)
        {
            var read = _source.ReadAt(offset, new Span<byte>(_tx + TftpWire.DataHeaderLength, want));
            Send(_tx, TftpWire.DataHeaderLength + read, 0);
            return read;
        }

        Send(_tx, TftpWire.DataHeaderLength, MsgMore); // corked: the payload joins this datagram
        var done = 0;
        var position = offset;
        while (done < want)
        {
            var r = sendfile(_socketFd, _fileFd, &position, (nuint)(want - done));
            if (r > 0) { done += (int)r; continue; }
            if (r == 0) break; // the file shrank: the datagram ends here
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr) continue;
            if (errno == Eagain) { WaitWritable(); continue; }
            if (errno is 111 or 113 or 101) throw new SocketException(SocketErrorOf(errno));
            // sendfile cannot do this (an odd file system): finish this datagram with a copy, and copy from now on.
            _sendFileBroken = true;
            var rest = _source.ReadAt(offset + done, new Span<byte>(_tx + TftpWire.DataHeaderLength, want - done));
            Send(_tx + TftpWire.DataHeaderLength, rest, 0);
            return done + rest;
        }
        if (done < want) Send(_tx, 0, 0); // an empty send pushes the corked datagram (RFC 1350: a short block ends it)
        return done;
    }

    private void Send(byte* data, int length, int flags)
    {
        while (true)
        {
            if (send(_socketFd, data, (nuint)length, flags) >= 0) return;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr) continue;
            if (errno == Eagain) { WaitWritable(); continue; }
            throw new SocketException(SocketErrorOf(errno));
        }
    }

    /// <summary>The socket is non-blocking (the runtime's asynchronous receive made it so): wait for room, bounded.</summary>
    private void WaitWritable()
    {
        for (var i = 0; i < MaxWritableWaits; i++)
            if (_socket.Poll(WritableWait, SelectMode.SelectWrite)) return;
        throw new SocketException((int)SocketError.TimedOut);
    }

    private static int SocketErrorOf(int errno) => (int)(errno switch
    {
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        _ => SocketError.SocketError,
    });

    public void Dispose()
    {
        if (_socketRef) { _socket.SafeHandle.DangerousRelease(); _socketRef = false; }
        if (_fileRef) { _file.DangerousRelease(); _fileRef = false; }
        if (_pin.IsAllocated) _pin.Free();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Iovec
    {
        public byte* Base;
        public nuint Length;
    }

    [LibraryImport("libc", EntryPoint = "preadv", SetLastError = true)]
    private static partial nint preadv(int fd, Iovec* iov, int count, long offset);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint sendfile(int outFd, int inFd, long* offset, nuint count);
}
