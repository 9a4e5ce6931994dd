using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Dhcp.Protocol;

/// <summary>The one exception of the DHCP library: a reason, plus a message with expected, seen and where.</summary>
public sealed class DhcpException : Exception
{
    public DhcpError Reason { get; }

    public DhcpException(DhcpError reason, string message) : base(message) => Reason = reason;

    [DoesNotReturn, StackTraceHidden]
    internal static void Throw(DhcpError reason, string message) => throw new DhcpException(reason, message);
}
