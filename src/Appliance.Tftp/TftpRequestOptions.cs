namespace Appliance.Tftp;

/// <summary>
/// Options a client asked for in its RRQ/WRQ (RFC 2347 §2). Null means "not asked for, or asked with a value we do not
/// accept": RFC 2347 §4 lets a server ignore options it does not recognise or cannot honour, and we do that rather than
/// failing the transfer.
/// </summary>
public readonly record struct TftpRequestOptions(
    int? BlockSize,
    long? TransferSize,
    int? TimeoutSeconds,
    int? WindowSize,
    bool MsftWindow)
{
    /// <summary>True when the request carried at least one option we understood (so we answer with an OACK).</summary>
    public bool Any => BlockSize.HasValue || TransferSize.HasValue || TimeoutSeconds.HasValue || WindowSize.HasValue || MsftWindow;
}
