namespace Appliance.Dhcp.Protocol;

/// <summary>Why a buffer is not a DHCP message this library can read or write.</summary>
public enum DhcpError
{
    None = 0,
    /// <summary>Shorter than the 236-byte BOOTP header plus the 4-byte magic cookie.</summary>
    TooShort,
    /// <summary>The magic cookie is not 99.130.83.99 (RFC 2132 §2): plain BOOTP or garbage.</summary>
    BadMagicCookie,
    /// <summary>An option's length byte points past the end of its area.</summary>
    OptionOverrun,
    /// <summary>Option 52 has a length other than 1 or a value outside 1..3.</summary>
    BadOverload,
    /// <summary>The destination span cannot hold the message being written.</summary>
    BufferTooSmall,
    /// <summary>An option value is longer than the 255 bytes one option can carry (RFC 2132 §2).</summary>
    OptionTooLong,
}
