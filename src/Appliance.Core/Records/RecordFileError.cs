namespace Appliance.Core.Records;

/// <summary>Why a record file (or a record about to be written) was refused.</summary>
public enum RecordFileError
{
    /// <summary>The file length is not a multiple of 200 bytes.</summary>
    LengthNotMultipleOfRecord,
    /// <summary>A name or path holds a byte outside printable ASCII (0x21–0x7E).</summary>
    NonPrintableByte,
    /// <summary>Padding (NUL or space) is followed by more text inside a field.</summary>
    TextAfterPadding,
    /// <summary>A record has a path but no node name.</summary>
    EmptyName,
    /// <summary>A record has a node name but no WinPE path.</summary>
    EmptyPath,
    /// <summary>An all-blank record is followed by a non-blank one.</summary>
    BlankRecordBeforeData,
    /// <summary>Two records name the same node.</summary>
    DuplicateName,
    /// <summary>The WinPE path is absolute.</summary>
    AbsolutePath,
    /// <summary>The WinPE path has a <c>..</c> segment.</summary>
    ParentTraversal,
    /// <summary>A name or path is longer than its field (written records only).</summary>
    FieldTooLong,
}
