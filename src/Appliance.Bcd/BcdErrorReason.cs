namespace Appliance.Bcd;

/// <summary>Why a BCD store or element could not be read or built.</summary>
public enum BcdErrorReason
{
    NotABcdStore,
    BadObjectKey,
    MissingObjectType,
    BadElementKey,
    MissingElementValue,
    WrongValueType,
    BadElementData,
    BadDevice,
    FormatMismatch,
    InvalidName,
}
