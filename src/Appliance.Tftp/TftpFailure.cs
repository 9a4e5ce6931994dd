namespace Appliance.Tftp;

/// <summary>Why a TFTP packet was rejected.</summary>
public enum TftpFailure
{
    Truncated,
    UnexpectedOpcode,
    MissingTerminator,
    EmptyFileName,
    InvalidFileNameEncoding,
    UnknownMode,
    ObsoleteMode,
}
