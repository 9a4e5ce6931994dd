namespace Appliance.Registry;

/// <summary>A hive that breaks the regf format, or a tree that cannot be written as one.</summary>
public sealed class HiveFormatException : Exception
{
    public HiveErrorReason Reason { get; }

    /// <summary>File offset the problem was seen at, or -1 when it is not about a place in a file.</summary>
    public long Offset { get; }

    public HiveFormatException(HiveErrorReason reason, string message, long offset = -1)
        : base(offset >= 0 ? $"{message} (at file offset 0x{offset:X})" : message)
    {
        Reason = reason;
        Offset = offset;
    }
}
