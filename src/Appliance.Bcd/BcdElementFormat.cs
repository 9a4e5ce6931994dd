namespace Appliance.Bcd;

/// <summary>
/// Bits 24–27 of an element id: the element's value format, which decides the registry type of its "Element" value
/// (Microsoft, "BCD WMI provider: BcdElementType", Format field).
/// </summary>
public enum BcdElementFormat
{
    /// <summary>Device blob, REG_BINARY.</summary>
    Device = 1,
    /// <summary>REG_SZ.</summary>
    String = 2,
    /// <summary>One object GUID "{…}" as REG_SZ.</summary>
    Object = 3,
    /// <summary>Object GUIDs as REG_MULTI_SZ.</summary>
    ObjectList = 4,
    /// <summary>64-bit little-endian integer as 8 bytes of REG_BINARY.</summary>
    Integer = 5,
    /// <summary>One byte of REG_BINARY, 0 or 1.</summary>
    Boolean = 6,
    /// <summary>64-bit little-endian integers back to back as REG_BINARY.</summary>
    IntegerList = 7,
}
