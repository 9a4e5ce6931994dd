using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Rfb;

/// <summary>The one exception type of this library: a reason and a message saying what was expected, seen, and where.</summary>
public sealed class RfbException : Exception
{
    public RfbErrorReason Reason { get; }

    public RfbException(RfbErrorReason reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    [DoesNotReturn, StackTraceHidden]
    internal static void Throw(RfbErrorReason reason, string message) => throw new RfbException(reason, message);
}
