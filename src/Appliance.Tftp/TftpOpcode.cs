namespace Appliance.Tftp;

/// <summary>TFTP packet types: RFC 1350 §5 (1–5) and RFC 2347 §2 (OACK, 6).</summary>
public enum TftpOpcode : ushort
{
    ReadRequest = 1,
    WriteRequest = 2,
    Data = 3,
    Acknowledgment = 4,
    Error = 5,
    OptionAcknowledgment = 6,
}
