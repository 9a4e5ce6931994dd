namespace Appliance.Bcd.Staging;

/// <summary>Pulls single files out of a WIM image (wimlib in production; a seam for tests).</summary>
public interface IWimExtractor
{
    /// <summary>
    /// Extracts the file at <paramref name="pathInWim"/> (forward slashes, matched case-insensitively) from image
    /// <paramref name="index"/> into <paramref name="destinationFile"/>. Returns false when the WIM has no such file;
    /// throws <see cref="StagingException"/> when the tool is missing or fails otherwise.
    /// </summary>
    bool TryExtract(string wimPath, int index, string pathInWim, string destinationFile);
}
