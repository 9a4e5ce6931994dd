namespace Appliance.Tftp;

/// <summary>Produces the payload of DATA block n (1-based, absolute: never wraps). Called again for the same block after loss.</summary>
internal interface ITftpBlockSource : IDisposable
{
    /// <summary>Fills <paramref name="destination"/> (exactly one block long) and returns the payload length; shorter than a block means last.</summary>
    int Read(long block, Span<byte> destination);
}
