using System.Text;

namespace Appliance.Unattend.Fragments;

/// <summary>
/// One <see cref="StringBuilder"/> per thread for building fragments, so a batch of thousands of nodes does not grow a
/// fresh builder chunk by chunk for each one. <see cref="Acquire"/> hands it out (a new one when it is in use),
/// <see cref="Release"/> returns the text and keeps the builder when it stayed small.
/// </summary>
internal static class FragmentBuilder
{
    /// <summary>Enough for the network fragment of a few NICs in one chunk (a cleared multi-chunk builder reallocates).</summary>
    private const int InitialCapacity = 4096;
    private const int MaxRetainedCapacity = 64 * 1024;
    [ThreadStatic] private static StringBuilder? t_cached;

    public static StringBuilder Acquire()
    {
        var builder = t_cached;
        if (builder is null) return new StringBuilder(InitialCapacity);
        t_cached = null;
        return builder.Clear();
    }

    public static string Release(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxRetainedCapacity) t_cached = builder;
        return text;
    }
}
