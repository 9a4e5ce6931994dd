namespace Appliance.Tftp;

/// <summary>Why a requested file name was not served.</summary>
public enum TftpPathRefusal
{
    None,
    Empty,
    ParentReference,
    Absolute,
    ControlCharacter,
    TooLong,
    NotFound,
    OutsideRoot,
    Directory,
    NotRegularFile,
}
