namespace Appliance.Registry;

/// <summary>
/// Byte layout of the Windows registry hive file ("regf"), as chained named offsets. Facts from Maxim Suhanov's
/// "Windows registry file format specification" and from hivex's lib/hivex-internal.h (libguestfs); every offset
/// in a cell is relative to the cell's data (after its 4-byte size), every cell offset relative to the first hbin.
/// </summary>
internal static class Regf
{
    /// <summary>The 4096-byte base block at file offset 0.</summary>
    internal static class BaseBlock
    {
        public const int Size = 4096;
        public static ReadOnlySpan<byte> Magic => "regf"u8;
        public const int Signature = 0x000;
        public const int Sequence1 = Signature + 4;          // 0x004
        public const int Sequence2 = Sequence1 + 4;          // 0x008: equal to Sequence1 when the hive is consistent
        public const int LastWritten = Sequence2 + 4;        // 0x00C: FILETIME
        public const int MajorVersion = LastWritten + 8;     // 0x014: 1
        public const int MinorVersion = MajorVersion + 4;    // 0x018: 3 (no big-data cells before 1.4)
        public const int FileType = MinorVersion + 4;        // 0x01C: 0 = primary file
        public const int FileFormat = FileType + 4;          // 0x020: 1 = direct memory load
        public const int RootCell = FileFormat + 4;          // 0x024: root nk offset, relative to the first hbin
        public const int HiveBinsSize = RootCell + 4;        // 0x028: total bytes of all hbins
        public const int ClusteringFactor = HiveBinsSize + 4; // 0x02C: 1
        public const int FileName = ClusteringFactor + 4;    // 0x030: 64 bytes UTF-16LE, informational
        public const int FileNameLength = 64;
        public const int Checksum = 0x1FC;                   // XOR of the 127 dwords before it
        public const int ChecksumDwords = Checksum / 4;      // 127

        public const uint MajorVersionValue = 1;
        public const uint MinorVersionValue = 3;
        public const uint FileTypePrimary = 0;
        public const uint FileFormatDirect = 1;
    }

    /// <summary>An hbin: a 32-byte header followed by cells; its size is a multiple of 4096.</summary>
    internal static class Bin
    {
        public static ReadOnlySpan<byte> Magic => "hbin"u8;
        public const int Signature = 0x00;
        public const int Offset = Signature + 4;       // 0x04: this bin's offset from the first hbin
        public const int Size = Offset + 4;            // 0x08
        public const int Reserved = Size + 4;          // 0x0C: 8 bytes
        public const int Timestamp = Reserved + 8;     // 0x14: FILETIME (meaningful in the first bin only)
        public const int Spare = Timestamp + 8;        // 0x1C
        public const int HeaderSize = Spare + 4;       // 0x20
        public const int Alignment = 4096;
    }

    /// <summary>A cell: a signed 32-bit size (negative when allocated) and its data; sizes are multiples of 8.</summary>
    internal static class Cell
    {
        public const int SizeField = 4;
        public const int Alignment = 8;
        public const uint NoOffset = 0xFFFFFFFF;
    }

    /// <summary>Key node ("nk").</summary>
    internal static class KeyNode
    {
        public static ReadOnlySpan<byte> Magic => "nk"u8;
        public const int Signature = 0x00;
        public const int Flags = Signature + 2;                 // 0x02
        public const int LastWritten = Flags + 2;               // 0x04
        public const int AccessBits = LastWritten + 8;          // 0x0C
        public const int Parent = AccessBits + 4;               // 0x10
        public const int SubkeyCount = Parent + 4;              // 0x14
        public const int VolatileSubkeyCount = SubkeyCount + 4; // 0x18
        public const int SubkeyList = VolatileSubkeyCount + 4;  // 0x1C
        public const int VolatileSubkeyList = SubkeyList + 4;   // 0x20
        public const int ValueCount = VolatileSubkeyList + 4;   // 0x24
        public const int ValueList = ValueCount + 4;            // 0x28
        public const int Security = ValueList + 4;              // 0x2C
        public const int Class = Security + 4;                  // 0x30
        public const int MaxSubkeyNameLength = Class + 4;       // 0x34: bytes, names counted as UTF-16
        public const int MaxSubkeyClassLength = MaxSubkeyNameLength + 4; // 0x38
        public const int MaxValueNameLength = MaxSubkeyClassLength + 4;  // 0x3C: bytes, names counted as UTF-16
        public const int MaxValueDataSize = MaxValueNameLength + 4;      // 0x40
        public const int WorkVar = MaxValueDataSize + 4;        // 0x44
        public const int NameLength = WorkVar + 4;              // 0x48
        public const int ClassLength = NameLength + 2;          // 0x4A
        public const int Name = ClassLength + 2;                // 0x4C

        public const ushort FlagHiveEntry = 0x0004;   // the root key
        public const ushort FlagNoDelete = 0x0008;
        public const ushort FlagCompressedName = 0x0020; // name stored as ASCII (Latin-1), not UTF-16LE
    }

    /// <summary>Key value ("vk").</summary>
    internal static class KeyValue
    {
        public static ReadOnlySpan<byte> Magic => "vk"u8;
        public const int Signature = 0x00;
        public const int NameLength = Signature + 2;  // 0x02: 0 = the default value
        public const int DataSize = NameLength + 2;   // 0x04: bit 31 set = data inline in DataOffset
        public const int DataOffset = DataSize + 4;   // 0x08
        public const int Type = DataOffset + 4;       // 0x0C
        public const int Flags = Type + 4;            // 0x10
        public const int Spare = Flags + 2;           // 0x12
        public const int Name = Spare + 2;            // 0x14

        public const ushort FlagCompressedName = 0x0001;
        public const uint DataInline = 0x80000000;
        public const int MaxInlineData = 4;
    }

    /// <summary>Security cell ("sk"); one shared by every key of the hives we write.</summary>
    internal static class Security
    {
        public static ReadOnlySpan<byte> Magic => "sk"u8;
        public const int Signature = 0x00;
        public const int Reserved = Signature + 2;     // 0x02
        public const int Flink = Reserved + 2;         // 0x04
        public const int Blink = Flink + 4;            // 0x08
        public const int ReferenceCount = Blink + 4;   // 0x0C
        public const int DescriptorSize = ReferenceCount + 4; // 0x10
        public const int Descriptor = DescriptorSize + 4;     // 0x14
    }

    /// <summary>Subkey index lists: "lf" (name hint), "lh" (name hash), "li" (offsets only), "ri" (list of lists).</summary>
    internal static class Index
    {
        public static ReadOnlySpan<byte> FastLeaf => "lf"u8;
        public static ReadOnlySpan<byte> HashLeaf => "lh"u8;
        public static ReadOnlySpan<byte> Leaf => "li"u8;
        public static ReadOnlySpan<byte> Root => "ri"u8;
        public const int Signature = 0x00;
        public const int Count = Signature + 2;   // 0x02
        public const int Entries = Count + 2;     // 0x04
        public const int LeafEntrySize = 8;       // lf/lh: offset + hint or hash
        public const int OffsetEntrySize = 4;     // li/ri: offset only
        public const int HintLength = 4;
        /// <summary>Leaves we write hold at most this many keys; more keys go through an "ri" list of leaves.</summary>
        public const int MaxLeafEntries = 512;
    }

    /// <summary>Big data ("db"), hive 1.4 and later: data split into segments of at most 16344 bytes.</summary>
    internal static class BigData
    {
        public static ReadOnlySpan<byte> Magic => "db"u8;
        public const int Signature = 0x00;
        public const int SegmentCount = Signature + 2; // 0x02
        public const int SegmentList = SegmentCount + 2; // 0x04
        public const int MaxSegment = 16344;
    }
}
