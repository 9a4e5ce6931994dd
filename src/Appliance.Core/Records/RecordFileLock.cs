using System.Runtime.InteropServices;
using Appliance.Core.Interop;

namespace Appliance.Core.Records;

/// <summary>
/// The writers' exclusive lock: a blocking flock(2) on a sidecar <c>&lt;file&gt;.lock</c> (the record file itself is
/// replaced by rename, so locking it would lock an inode that disappears). Released on dispose or process death.
/// </summary>
public sealed class RecordFileLock : IDisposable
{
    private readonly int _fd;

    private RecordFileLock(int fd) => _fd = fd;

    public static RecordFileLock Acquire(string recordFile)
    {
        var lockPath = Path.GetFullPath(recordFile) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var fd = Libc.OpenForLocking(lockPath);
        while (Libc.flock(fd, Libc.LOCK_EX) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int EINTR = 4;
            if (errno == EINTR) continue;
            Libc.close(fd);
            throw new IOException($"cannot lock {lockPath}: errno {errno}");
        }
        return new RecordFileLock(fd);
    }

    public void Dispose()
    {
        Libc.flock(_fd, Libc.LOCK_UN);
        Libc.close(_fd);
    }
}
