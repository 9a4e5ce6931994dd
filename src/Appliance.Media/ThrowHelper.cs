using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media;

internal static class ThrowHelper
{
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(MediaError reason, string message, string? fileName = null) =>
        throw new MediaException(reason, message, fileName);
}
