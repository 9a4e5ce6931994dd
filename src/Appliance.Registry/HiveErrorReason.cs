namespace Appliance.Registry;

/// <summary>Why a hive could not be read or written.</summary>
public enum HiveErrorReason
{
    Truncated,
    BadSignature,
    BadChecksum,
    UnsupportedVersion,
    BadBin,
    BadCell,
    BadOffset,
    BadKey,
    BadValue,
    BadSubkeyList,
    CycleDetected,
    InvalidName,
    TooLarge,
}
