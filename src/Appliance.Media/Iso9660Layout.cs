namespace Appliance.Media;

/// <summary>
/// Sector layout and field offsets of the CD images <see cref="Iso9660Image"/> writes: ECMA-119 (ISO 9660) volume
/// descriptors (§8.4 primary, §8.5 supplementary, §8.3 terminator), directory records (§9.1) and path tables (§9.4),
/// with a Joliet supplementary descriptor (UCS-2 big-endian names, escape sequence <c>%/E</c>, level 3).
/// </summary>
public static class Iso9660Layout
{
    public const int SectorSize = 2048;
    /// <summary>Sectors 0–15 are the system area (§6.2.1), unused here.</summary>
    public const int PrimaryDescriptorSector = 16;
    public const int JolietDescriptorSector = 17;
    public const int TerminatorSector = 18;
    public const int IsoLPathTableSector = 19;
    public const int IsoMPathTableSector = 20;
    public const int JolietLPathTableSector = 21;
    public const int JolietMPathTableSector = 22;
    public const int FirstDirectorySector = 23;

    /// <summary>Joliet allows 64 UCS-2 characters in a file identifier.</summary>
    public const int JolietMaxNameLength = 64;
    public const int VolumeIdLength = 32;
    public const int JolietVolumeIdChars = VolumeIdLength / 2;

    /// <summary>Volume descriptor fields (§8.4, §8.5).</summary>
    internal static class Descriptor
    {
        public const int Type = 0;
        public const int StandardId = 1;
        public const int Version = 6;
        public const int SystemId = 8;
        public const int VolumeId = 40;
        public const int VolumeSpaceSize = 80;
        public const int EscapeSequences = 88;
        public const int VolumeSetSize = 120;
        public const int VolumeSequenceNumber = 124;
        public const int LogicalBlockSize = 128;
        public const int PathTableSize = 132;
        public const int LPathTable = 140;
        public const int MPathTable = 148;
        public const int RootDirectoryRecord = 156;
        public const int VolumeSetId = 190;
        public const int PublisherId = 318;
        public const int PreparerId = 446;
        public const int ApplicationId = 574;
        public const int CopyrightFileId = 702;
        public const int AbstractFileId = 739;
        public const int BibliographicFileId = 776;
        public const int CreationDate = 813;
        public const int ModificationDate = 830;
        public const int ExpirationDate = 847;
        public const int EffectiveDate = 864;
        public const int FileStructureVersion = 881;

        public const int SystemIdLength = 32;
        public const int LongIdLength = 128;
        public const int FileIdLength = 37;
        public const int DateLength = 17;

        public const byte TypePrimary = 1;
        public const byte TypeSupplementary = 2;
        public const byte TypeTerminator = 255;
    }

    /// <summary>Directory record fields (§9.1).</summary>
    internal static class Record
    {
        public const int Length = 0;
        public const int ExtendedAttributeLength = 1;
        public const int Extent = 2;
        public const int DataLength = 10;
        public const int RecordingDate = 18;
        public const int Flags = 25;
        public const int FileUnitSize = 26;
        public const int InterleaveGap = 27;
        public const int VolumeSequenceNumber = 28;
        public const int FileIdLength = 32;
        public const int FileId = 33;

        public const int DateLength = 7;
        public const byte FlagDirectory = 0x02;
        /// <summary>The "." and ".." records: a one-byte identifier 0x00 or 0x01 (§6.8.2.2).</summary>
        public const int DotRecordLength = FileId + 1;
    }

    /// <summary>Path table record fields (§9.4).</summary>
    internal static class PathRecord
    {
        public const int IdLength = 0;
        public const int ExtendedAttributeLength = 1;
        public const int Extent = 2;
        public const int ParentNumber = 6;
        public const int Id = 8;
        /// <summary>The root's record: identifier 0x00 plus one pad byte.</summary>
        public const int RootSize = Id + 2;
    }
}
