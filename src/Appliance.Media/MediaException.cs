namespace Appliance.Media;

/// <summary>
/// A floppy or CD image could not be written. <see cref="Reason"/> says why, <see cref="FileName"/> names the file
/// concerned when there is one; the message says what was expected and what was seen.
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(MediaError reason, string message, string? fileName = null) : base(message)
    {
        Reason = reason;
        FileName = fileName;
    }

    public MediaError Reason { get; }

    public string? FileName { get; }
}
