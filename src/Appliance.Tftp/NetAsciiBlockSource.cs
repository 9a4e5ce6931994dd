using Microsoft.Win32.SafeHandles;

namespace Appliance.Tftp;

/// <summary>
/// Netascii mode (RFC 1350 §1, RFC 764): LF is sent as CR LF and a bare CR as CR NUL. The output is longer than the file,
/// so block n does not start at a fixed file offset; each block records where the next one starts (file offset plus the
/// second byte of a pair split across the block boundary), in a ring that spans more than a window so rollback after loss
/// finds its start. A block older than the ring is regenerated from the beginning (never happens with an honest client).
/// </summary>
internal sealed class NetAsciiBlockSource : ITftpBlockSource
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const short NoPending = -1;

    private readonly SafeFileHandle _file;
    private readonly int _blockSize;
    private readonly byte[] _scratch;
    private readonly long[] _blockIds;
    private readonly long[] _offsets;
    private readonly short[] _pending;

    public NetAsciiBlockSource(SafeFileHandle file, int blockSize, int window)
    {
        _file = file;
        _blockSize = blockSize;
        _scratch = new byte[blockSize];
        var capacity = Math.Max(window, 1) * 2 + 2;
        _blockIds = new long[capacity];
        _offsets = new long[capacity];
        _pending = new short[capacity];
        Array.Fill(_blockIds, -1);
        Remember(1, 0, NoPending);
    }

    public int Read(long block, Span<byte> destination)
    {
        if (!TryRecall(block, out var offset, out var pending))
        {
            for (long b = 1; b < block; b++) Read(b, destination);
            TryRecall(block, out offset, out pending);
        }
        var n = 0;
        if (pending != NoPending) destination[n++] = (byte)pending;
        pending = NoPending;
        var src = _scratch.AsSpan(0, _blockSize - n);
        var got = src.IsEmpty ? 0 : RandomAccess.Read(_file, src, offset);
        var i = 0;
        while (n < _blockSize && i < got)
        {
            var b = src[i++];
            offset++;
            if (b is Lf or Cr)
            {
                destination[n++] = Cr;
                var second = b == Lf ? Lf : (byte)0;
                if (n < _blockSize) destination[n++] = second;
                else pending = second;
            }
            else
            {
                destination[n++] = b;
            }
        }
        Remember(block + 1, offset, pending);
        return n;
    }

    private void Remember(long block, long offset, short pending)
    {
        var slot = (int)(block % _blockIds.Length);
        _blockIds[slot] = block;
        _offsets[slot] = offset;
        _pending[slot] = pending;
    }

    private bool TryRecall(long block, out long offset, out short pending)
    {
        var slot = (int)(block % _blockIds.Length);
        offset = _offsets[slot];
        pending = _pending[slot];
        return _blockIds[slot] == block;
    }

    public void Dispose() => _file.Dispose();
}
