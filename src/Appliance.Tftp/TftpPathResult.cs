namespace Appliance.Tftp;

/// <summary>The outcome of resolving a client's file name: the file inside the root, or why it is refused.</summary>
public readonly record struct TftpPathResult(TftpPathRefusal Refusal, string? FullPath, string Detail)
{
    public bool IsServed => Refusal == TftpPathRefusal.None;

    /// <summary>
    /// The TFTP error the client gets: "file not found" (1) for a miss, "access violation" (2) for everything refused
    /// on purpose. The message is kept short and says nothing about the server's file system beyond the name asked for.
    /// </summary>
    public TftpErrorCode ErrorCode => Refusal == TftpPathRefusal.NotFound ? TftpErrorCode.FileNotFound : TftpErrorCode.AccessViolation;

    public string ErrorMessage => Refusal switch
    {
        TftpPathRefusal.NotFound => "file not found",
        TftpPathRefusal.Empty => "access violation: empty file name",
        TftpPathRefusal.ParentReference => "access violation: '..' is not allowed",
        TftpPathRefusal.Absolute => "access violation: absolute paths are not allowed",
        TftpPathRefusal.ControlCharacter => "access violation: control character in file name",
        TftpPathRefusal.TooLong => "access violation: file name too long",
        TftpPathRefusal.OutsideRoot => "access violation: outside the TFTP root",
        TftpPathRefusal.Directory => "access violation: is a directory",
        TftpPathRefusal.NotRegularFile => "access violation: not a regular file",
        _ => "",
    };

    internal static TftpPathResult Served(string fullPath) => new(TftpPathRefusal.None, fullPath, "");

    internal static TftpPathResult Refused(TftpPathRefusal refusal, string detail) => new(refusal, null, detail);
}
