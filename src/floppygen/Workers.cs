using System.Runtime.ExceptionServices;

namespace Appliance.Hosts.Floppygen;

/// <summary>
/// Runs a loop body over <c>[0, count)</c> on one thread per core (the caller's thread is one of them), handing out
/// indices in small chunks so a slow node does not hold up a whole partition. Each thread builds its own body, so
/// buffers live per thread. Plain threads rather than the thread pool: a short-lived CLI gains nothing from the pool's
/// warm-up, and small ranges run on the caller's thread alone.
/// </summary>
internal static class Workers
{
    private const int Chunk = 8;
    /// <summary>Below this many items per thread, another thread costs more than it saves.</summary>
    private const int MinimumPerThread = 32;

    /// <summary>Runs every index; the first exception stops the other threads at their next chunk and is rethrown.</summary>
    public static void Run(int count, Func<Action<int>> createBody)
    {
        var threads = Math.Clamp(count / MinimumPerThread, 1, Environment.ProcessorCount);
        var next = 0;
        Exception? failure = null;
        void Loop()
        {
            try
            {
                var body = createBody();
                while (Volatile.Read(ref failure) is null)
                {
                    var start = Interlocked.Add(ref next, Chunk) - Chunk;
                    if (start >= count) break;
                    var end = Math.Min(start + Chunk, count);
                    for (var i = start; i < end; i++) body(i);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }
        var others = new Thread[threads - 1];
        for (var t = 0; t < others.Length; t++)
        {
            others[t] = new Thread(Loop) { IsBackground = true, Name = "floppygen worker" };
            others[t].Start();
        }
        Loop();
        foreach (var t in others) t.Join();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }
}
