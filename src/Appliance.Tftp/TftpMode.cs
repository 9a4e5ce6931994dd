namespace Appliance.Tftp;

/// <summary>Transfer modes of RFC 1350 §1. "mail" is obsolete and refused.</summary>
public enum TftpMode
{
    Octet,
    NetAscii,
}
