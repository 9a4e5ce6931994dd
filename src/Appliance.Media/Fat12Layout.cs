namespace Appliance.Media;

/// <summary>
/// The fixed geometry of a 1.44 MB floppy as mkfs.fat and Windows format it, and the byte offsets of the boot sector
/// (BPB), directory entries and long-name entries. Offsets follow Microsoft's FAT specification (fatgen103):
/// §3.1 BPB, §3.2 FAT12/16 extended BPB, §6 directory entry, §7 long-name entry.
/// </summary>
public static class Fat12Layout
{
    public const int BytesPerSector = 512;
    public const int SectorsPerCluster = 1;
    public const int ReservedSectors = 1;
    public const int FatCount = 2;
    public const int SectorsPerFat = 9;
    public const int RootEntryCount = 224;
    public const int TotalSectors = 2880;
    public const byte MediaDescriptor = 0xF0;
    public const int SectorsPerTrack = 18;
    public const int Heads = 2;

    public const int ImageSize = TotalSectors * BytesPerSector;
    public const int DirectoryEntrySize = 32;
    public const int FatOffset = ReservedSectors * BytesPerSector;
    public const int FatSize = SectorsPerFat * BytesPerSector;
    public const int RootDirectoryOffset = FatOffset + FatCount * FatSize;
    public const int RootDirectorySectors = RootEntryCount * DirectoryEntrySize / BytesPerSector;
    public const int DataOffset = RootDirectoryOffset + RootDirectorySectors * BytesPerSector;
    public const int ClusterSize = SectorsPerCluster * BytesPerSector;
    public const int FirstDataCluster = 2;
    public const int DataClusterCount = (TotalSectors - DataOffset / BytesPerSector) / SectorsPerCluster;
    /// <summary>The most file bytes a floppy holds (every data cluster full).</summary>
    public const int Capacity = DataClusterCount * ClusterSize;

    /// <summary>FAT12 end-of-chain marker (any value ≥ 0xFF8; Windows and mkfs.fat write 0xFFF).</summary>
    public const int EndOfChain = 0xFFF;

    /// <summary>Boot sector and BPB fields (fatgen103 §3.1, §3.2).</summary>
    internal static class Boot
    {
        public const int Jump = 0;
        public const int OemName = 3;
        public const int BytesPerSector = 11;
        public const int SectorsPerCluster = 13;
        public const int ReservedSectors = 14;
        public const int FatCount = 16;
        public const int RootEntryCount = 17;
        public const int TotalSectors16 = 19;
        public const int Media = 21;
        public const int SectorsPerFat = 22;
        public const int SectorsPerTrack = 24;
        public const int Heads = 26;
        public const int HiddenSectors = 28;
        public const int TotalSectors32 = 32;
        public const int DriveNumber = 36;
        public const int BootSignature = 38;
        public const int VolumeId = 39;
        public const int VolumeLabel = 43;
        public const int FileSystemType = 54;
        public const int Code = 62;
        public const int Signature = 510;

        public const byte ExtendedBootSignature = 0x29;
        public const byte FloppyDrive = 0x00;
    }

    /// <summary>Short directory entry fields (fatgen103 §6).</summary>
    internal static class Entry
    {
        public const int Name = 0;
        public const int Attributes = 11;
        public const int NtCase = 12;
        public const int CreateTimeTenths = 13;
        public const int CreateTime = 14;
        public const int CreateDate = 16;
        public const int AccessDate = 18;
        public const int FirstClusterHigh = 20;
        public const int WriteTime = 22;
        public const int WriteDate = 24;
        public const int FirstClusterLow = 26;
        public const int FileSize = 28;

        public const byte AttributeVolumeId = 0x08;
        public const byte AttributeArchive = 0x20;
        public const byte AttributeLongName = 0x0F;
    }

    /// <summary>Long-name (VFAT) entry fields (fatgen103 §7).</summary>
    internal static class LongEntry
    {
        public const int Ordinal = 0;
        public const int Name1 = 1;
        public const int Attributes = 11;
        public const int Type = 12;
        public const int Checksum = 13;
        public const int Name2 = 14;
        public const int FirstClusterLow = 26;
        public const int Name3 = 28;

        public const int Name1Chars = 5;
        public const int Name2Chars = 6;
        public const int Name3Chars = 2;
        public const int CharsPerEntry = Name1Chars + Name2Chars + Name3Chars;
        public const byte LastEntryFlag = 0x40;
        public const int MaxNameLength = 255;
    }
}
