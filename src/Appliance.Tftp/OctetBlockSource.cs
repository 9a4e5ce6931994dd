using Microsoft.Win32.SafeHandles;

namespace Appliance.Tftp;

/// <summary>Octet mode: block n is bytes [(n-1)·blksize, n·blksize) of the file, read with pread (RandomAccess), no copies.</summary>
internal sealed class OctetBlockSource(SafeFileHandle file, long length, int blockSize) : ITftpBlockSource
{
    public SafeFileHandle File => file;
    public long Length => length;
    public int BlockSize => blockSize;

    public int Read(long block, Span<byte> destination)
    {
        var offset = (block - 1) * blockSize;
        if (offset >= length) return 0;
        var want = (int)Math.Min(blockSize, length - offset);
        var total = 0;
        while (total < want)
        {
            var n = RandomAccess.Read(file, destination.Slice(total, want - total), offset + total);
            if (n == 0) break; // the file shrank under us: end the transfer with what there is
            total += n;
        }
        return total;
    }

    public void Dispose() => file.Dispose();
}
