using System.Runtime.InteropServices;
using Appliance.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Core.Records;

/// <summary>
/// The writers' exclusive lock: a blocking flock(2) on a sidecar <c>&lt;file&gt;.lock</c> (the record file itself is
/// replaced by rename, so locking it would lock an inode that disappears). Released on dispose or process death.
/// </summary>
public sealed class RecordFileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private RecordFileLock(SafeFileHandle handle) => _handle = handle;

    public static RecordFileLock Acquire(string recordFile)
    {
        var lockPath = Path.GetFullPath(recordFile) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        // FileShare.ReadWrite: .NET would otherwise take its own non-blocking advisory lock and fail at once.
        var handle = File.OpenHandle(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        while (Libc.flock(handle, Libc.LOCK_EX) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int EINTR = 4;
            if (errno == EINTR) continue;
            handle.Dispose();
            throw new IOException($"cannot lock {lockPath}: errno {errno}");
        }
        return new RecordFileLock(handle);
    }

    public void Dispose()
    {
        Libc.flock(_handle, Libc.LOCK_UN);
        _handle.Dispose();
    }
}
