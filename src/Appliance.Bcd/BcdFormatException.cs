namespace Appliance.Bcd;

/// <summary>A store or element that breaks the BCD layout; the message names the object, element, expected and seen.</summary>
public sealed class BcdFormatException(BcdErrorReason reason, string message) : Exception(message)
{
    public BcdErrorReason Reason { get; } = reason;
}
