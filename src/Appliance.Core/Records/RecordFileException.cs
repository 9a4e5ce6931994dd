namespace Appliance.Core.Records;

/// <summary>
/// A record file that was refused as a whole. <see cref="RecordNumber"/> is 1-based (0 when the reason concerns the
/// whole file); the message names the file, the record, what was expected and what was seen.
/// </summary>
public sealed class RecordFileException : Exception
{
    public RecordFileException(RecordFileError reason, string source, int recordNumber, string detail)
        : base(Format(source, recordNumber, detail))
    {
        Reason = reason;
        FileName = source;
        RecordNumber = recordNumber;
        Detail = detail;
    }

    public RecordFileError Reason { get; }
    public string FileName { get; }
    public int RecordNumber { get; }
    public string Detail { get; }

    private static string Format(string source, int record, string detail) =>
        record > 0 ? $"{source}: record {record} (bytes {(record - 1) * RecordLayout.RecordLength}–{record * RecordLayout.RecordLength - 1}): {detail}"
                   : $"{source}: {detail}";
}
