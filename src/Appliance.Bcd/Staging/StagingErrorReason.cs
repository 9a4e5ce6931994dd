namespace Appliance.Bcd.Staging;

/// <summary>Why a WinPE could not be staged or removed.</summary>
public enum StagingErrorReason
{
    InvalidName,
    SourceMissing,
    LoaderMissing,
    WimlibMissing,
    WimExtractFailed,
    AlreadyStaged,
    NotStaged,
    InUse,
    Io,
}
