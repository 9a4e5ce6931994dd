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
        return ReadAt(offset, destination[..(int)Math.Min(blockSize, length - offset)]);
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; fewer bytes only at the end of the file.</summary>
    public int ReadAt(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = RandomAccess.Read(file, destination[total..], offset + total);
            if (n == 0) break; // the file shrank under us: end the transfer with what there is
            total += n;
        }
        return total;
    }

    public void Dispose() => file.Dispose();
}
