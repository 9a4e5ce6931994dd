namespace Appliance.Media;

/// <summary>Why a floppy or CD image could not be written.</summary>
public enum MediaError
{
    /// <summary>The files need more data clusters or sectors than the medium has.</summary>
    DoesNotFit,
    /// <summary>More directory entries than the root directory holds (FAT12: 224 entries, long names use several).</summary>
    DirectoryFull,
    /// <summary>A file name is empty, too long, or contains a character the file system forbids.</summary>
    InvalidName,
    /// <summary>Two files have the same name once case is ignored (FAT and Joliet are case-insensitive).</summary>
    DuplicateName,
    /// <summary>The volume label is too long or contains a forbidden character.</summary>
    InvalidLabel,
    /// <summary>The destination buffer is smaller than the image.</summary>
    DestinationTooSmall,
}
