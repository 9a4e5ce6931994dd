using System.Buffers.Binary;
using System.Text;

namespace Appliance.Registry;

/// <summary>
/// Reads a regf hive into a key tree: ours, and hives from other writers (Windows, hivex), so it accepts every subkey
/// list kind ("lf", "lh", "li", "ri") and big data ("db"). Every structural fault is a <see cref="HiveFormatException"/>
/// naming the file offset, what was expected and what was seen.
/// </summary>
public static class HiveReader
{
    private const int MaxDepth = 512;

    public static RegistryKey Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Read(bytes);
        }
        catch (HiveFormatException e)
        {
            throw new HiveFormatException(e.Reason, $"{path}: {e.Message}", e.Offset);
        }
    }

    public static RegistryKey Read(ReadOnlySpan<byte> hive)
    {
        if (hive.Length < Regf.BaseBlock.Size + Regf.Bin.HeaderSize)
            throw new HiveFormatException(HiveErrorReason.Truncated,
                $"expected at least {Regf.BaseBlock.Size + Regf.Bin.HeaderSize} bytes (base block and one hbin), saw {hive.Length}");
        if (!hive.StartsWith(Regf.BaseBlock.Magic))
            throw new HiveFormatException(HiveErrorReason.BadSignature,
                $"expected signature \"regf\", saw {Printable(hive[..4])}", 0);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(hive[Regf.BaseBlock.Checksum..]);
        var computed = HiveWriter.Checksum(hive);
        if (stored != computed)
            throw new HiveFormatException(HiveErrorReason.BadChecksum,
                $"base block checksum: expected 0x{computed:X8} (XOR of dwords 0..126), saw 0x{stored:X8}", Regf.BaseBlock.Checksum);
        var major = BinaryPrimitives.ReadUInt32LittleEndian(hive[Regf.BaseBlock.MajorVersion..]);
        if (major != Regf.BaseBlock.MajorVersionValue)
            throw new HiveFormatException(HiveErrorReason.UnsupportedVersion,
                $"expected major version 1, saw {major}", Regf.BaseBlock.MajorVersion);
        var binsSize = BinaryPrimitives.ReadUInt32LittleEndian(hive[Regf.BaseBlock.HiveBinsSize..]);
        if (binsSize == 0 || binsSize > hive.Length - Regf.BaseBlock.Size || binsSize % Regf.Bin.Alignment != 0)
            throw new HiveFormatException(HiveErrorReason.Truncated,
                $"hive bins size: expected a non-zero multiple of 4096 within the {hive.Length - Regf.BaseBlock.Size} bytes after the base block, saw {binsSize}",
                Regf.BaseBlock.HiveBinsSize);
        var data = hive.Slice(Regf.BaseBlock.Size, (int)binsSize);
        CheckBins(data);
        var root = BinaryPrimitives.ReadUInt32LittleEndian(hive[Regf.BaseBlock.RootCell..]);
        var visited = new HashSet<uint>();
        return ReadKey(data, root, 0, visited);
    }

    /// <summary>Each hbin: signature, its own offset, and a 4096-multiple size that stays inside the file.</summary>
    private static void CheckBins(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            var bin = data[offset..];
            if (bin.Length < Regf.Bin.HeaderSize || !bin.StartsWith(Regf.Bin.Magic))
                throw new HiveFormatException(HiveErrorReason.BadBin,
                    $"expected \"hbin\", saw {Printable(bin[..Math.Min(4, bin.Length)])}", FileOffset(offset));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bin[Regf.Bin.Size..]);
            if (size == 0 || size % Regf.Bin.Alignment != 0 || size > bin.Length)
                throw new HiveFormatException(HiveErrorReason.BadBin,
                    $"hbin size: expected a multiple of 4096 within the remaining {bin.Length} bytes, saw {size}", FileOffset(offset));
            offset += (int)size;
        }
    }

    private static RegistryKey ReadKey(ReadOnlySpan<byte> data, uint offset, int depth, HashSet<uint> visited)
    {
        if (depth > MaxDepth)
            throw new HiveFormatException(HiveErrorReason.CycleDetected, $"keys nested deeper than {MaxDepth}", FileOffset(offset));
        if (!visited.Add(offset))
            throw new HiveFormatException(HiveErrorReason.CycleDetected, "key cell referenced twice", FileOffset(offset));
        var nk = Cell(data, offset, Regf.KeyNode.Name, "nk");
        if (!nk.StartsWith(Regf.KeyNode.Magic))
            throw new HiveFormatException(HiveErrorReason.BadKey, $"expected \"nk\", saw {Printable(nk[..2])}", FileOffset(offset));
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(nk[Regf.KeyNode.Flags..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(nk[Regf.KeyNode.NameLength..]);
        if (Regf.KeyNode.Name + nameLength > nk.Length)
            throw new HiveFormatException(HiveErrorReason.BadKey,
                $"key name of {nameLength} bytes: expected it within the {nk.Length}-byte cell", FileOffset(offset));
        var name = DecodeName(nk.Slice(Regf.KeyNode.Name, nameLength), (flags & Regf.KeyNode.FlagCompressedName) != 0);
        var key = new RegistryKey(name, validate: false)
        {
            LastWriteTimeUtc = FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(nk[Regf.KeyNode.LastWritten..])),
        };

        var valueCount = BinaryPrimitives.ReadUInt32LittleEndian(nk[Regf.KeyNode.ValueCount..]);
        var subkeyCount = BinaryPrimitives.ReadUInt32LittleEndian(nk[Regf.KeyNode.SubkeyCount..]);
        if (valueCount > data.Length / 4 || subkeyCount > data.Length / 4)
            throw new HiveFormatException(HiveErrorReason.BadKey,
                $"key \"{name}\": {valueCount} values and {subkeyCount} subkeys cannot fit a hive of {data.Length} bytes", FileOffset(offset));
        if (valueCount > 0)
        {
            var listOffset = BinaryPrimitives.ReadUInt32LittleEndian(nk[Regf.KeyNode.ValueList..]);
            var list = Cell(data, listOffset, checked((int)valueCount * 4), "value list");
            for (var i = 0; i < valueCount; i++)
                key.SetValue(ReadValue(data, BinaryPrimitives.ReadUInt32LittleEndian(list[(i * 4)..])));
        }

        if (subkeyCount > 0)
        {
            var children = new List<uint>();
            ReadSubkeyList(data, BinaryPrimitives.ReadUInt32LittleEndian(nk[Regf.KeyNode.SubkeyList..]), children, allowRoot: true);
            if (children.Count != subkeyCount)
                throw new HiveFormatException(HiveErrorReason.BadSubkeyList,
                    $"key \"{name}\": expected {subkeyCount} subkeys (nk count), its lists hold {children.Count}", FileOffset(offset));
            foreach (var child in children)
            {
                var sub = ReadKey(data, child, depth + 1, visited);
                if (key.GetSubKey(sub.Name) is not null)
                    throw new HiveFormatException(HiveErrorReason.BadKey,
                        $"key \"{name}\": two subkeys named \"{sub.Name}\" (names are case-insensitive)", FileOffset(child));
                key.AddSubKey(sub);
            }
        }
        return key;
    }

    private static void ReadSubkeyList(ReadOnlySpan<byte> data, uint offset, List<uint> into, bool allowRoot)
    {
        var list = Cell(data, offset, Regf.Index.Entries, "subkey list");
        var count = BinaryPrimitives.ReadUInt16LittleEndian(list[Regf.Index.Count..]);
        var sig = list[..2];
        var isLeafWithHint = sig.SequenceEqual(Regf.Index.FastLeaf) || sig.SequenceEqual(Regf.Index.HashLeaf);
        var isRoot = sig.SequenceEqual(Regf.Index.Root);
        if (!isLeafWithHint && !isRoot && !sig.SequenceEqual(Regf.Index.Leaf))
            throw new HiveFormatException(HiveErrorReason.BadSubkeyList,
                $"expected a subkey list \"lf\", \"lh\", \"li\" or \"ri\", saw {Printable(sig)}", FileOffset(offset));
        if (isRoot && !allowRoot)
            throw new HiveFormatException(HiveErrorReason.BadSubkeyList, "\"ri\" list inside an \"ri\" list", FileOffset(offset));
        var entrySize = isLeafWithHint ? Regf.Index.LeafEntrySize : Regf.Index.OffsetEntrySize;
        if (Regf.Index.Entries + count * entrySize > list.Length)
            throw new HiveFormatException(HiveErrorReason.BadSubkeyList,
                $"{count} entries of {entrySize} bytes do not fit the {list.Length}-byte cell", FileOffset(offset));
        for (var i = 0; i < count; i++)
        {
            var target = BinaryPrimitives.ReadUInt32LittleEndian(list[(Regf.Index.Entries + i * entrySize)..]);
            if (isRoot) ReadSubkeyList(data, target, into, allowRoot: false);
            else into.Add(target);
        }
    }

    private static RegistryValue ReadValue(ReadOnlySpan<byte> data, uint offset)
    {
        var vk = Cell(data, offset, Regf.KeyValue.Name, "vk");
        if (!vk.StartsWith(Regf.KeyValue.Magic))
            throw new HiveFormatException(HiveErrorReason.BadValue, $"expected \"vk\", saw {Printable(vk[..2])}", FileOffset(offset));
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(vk[Regf.KeyValue.NameLength..]);
        if (Regf.KeyValue.Name + nameLength > vk.Length)
            throw new HiveFormatException(HiveErrorReason.BadValue,
                $"value name of {nameLength} bytes: expected it within the {vk.Length}-byte cell", FileOffset(offset));
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(vk[Regf.KeyValue.Flags..]);
        var name = DecodeName(vk.Slice(Regf.KeyValue.Name, nameLength), (flags & Regf.KeyValue.FlagCompressedName) != 0);
        var kind = (RegistryValueKind)BinaryPrimitives.ReadUInt32LittleEndian(vk[Regf.KeyValue.Type..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(vk[Regf.KeyValue.DataSize..]);
        var dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(vk[Regf.KeyValue.DataOffset..]);
        byte[] bytes;
        if ((size & Regf.KeyValue.DataInline) != 0)
        {
            var length = (int)(size & ~Regf.KeyValue.DataInline);
            if (length > Regf.KeyValue.MaxInlineData)
                throw new HiveFormatException(HiveErrorReason.BadValue,
                    $"value \"{name}\": inline data of at most 4 bytes expected, saw {length}", FileOffset(offset));
            bytes = vk.Slice(Regf.KeyValue.DataOffset, length).ToArray();
        }
        else if (size > Regf.BigData.MaxSegment && IsBigData(data, dataOffset))
        {
            bytes = ReadBigData(data, dataOffset, (int)size, name);
        }
        else
        {
            bytes = Cell(data, dataOffset, checked((int)size), $"data of value \"{name}\"")[..(int)size].ToArray();
        }
        return new RegistryValue(name, kind, bytes);
    }

    private static bool IsBigData(ReadOnlySpan<byte> data, uint offset)
    {
        var cell = Cell(data, offset, 2, "data");
        return cell.StartsWith(Regf.BigData.Magic);
    }

    /// <summary>"db" cell: a count and a list of segment cells, each holding up to 16344 bytes of the value.</summary>
    private static byte[] ReadBigData(ReadOnlySpan<byte> data, uint offset, int size, string name)
    {
        var db = Cell(data, offset, Regf.BigData.SegmentList + 4, "db");
        var count = BinaryPrimitives.ReadUInt16LittleEndian(db[Regf.BigData.SegmentCount..]);
        var list = Cell(data, BinaryPrimitives.ReadUInt32LittleEndian(db[Regf.BigData.SegmentList..]), count * 4, "db segment list");
        var bytes = new byte[size];
        var at = 0;
        for (var i = 0; i < count && at < size; i++)
        {
            var take = Math.Min(Regf.BigData.MaxSegment, size - at);
            Cell(data, BinaryPrimitives.ReadUInt32LittleEndian(list[(i * 4)..]), take, "db segment")[..take].CopyTo(bytes.AsSpan(at));
            at += take;
        }
        if (at != size)
            throw new HiveFormatException(HiveErrorReason.BadValue,
                $"value \"{name}\": expected {size} bytes of big data, its {count} segments hold {at}", FileOffset(offset));
        return bytes;
    }

    /// <summary>The data of the allocated cell at <paramref name="offset"/>, at least <paramref name="minimum"/> bytes long.</summary>
    private static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> data, uint offset, int minimum, string what)
    {
        if (offset >= (uint)data.Length - Regf.Cell.SizeField || offset % 4 != 0)
            throw new HiveFormatException(HiveErrorReason.BadOffset,
                $"{what}: expected a 4-aligned cell offset below 0x{data.Length:X}, saw 0x{offset:X}");
        var raw = BinaryPrimitives.ReadInt32LittleEndian(data[(int)offset..]);
        if (raw >= 0)
            throw new HiveFormatException(HiveErrorReason.BadCell,
                $"{what}: expected an allocated cell (negative size), saw size {raw}", FileOffset(offset));
        var size = -(long)raw;
        if (size < Regf.Cell.SizeField + minimum || offset + size > data.Length)
            throw new HiveFormatException(HiveErrorReason.BadCell,
                $"{what}: cell of {size} bytes cannot hold {minimum} bytes of data inside the hive", FileOffset(offset));
        return data.Slice((int)offset + Regf.Cell.SizeField, (int)size - Regf.Cell.SizeField);
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes, bool compressed) =>
        compressed ? Encoding.Latin1.GetString(bytes) : Encoding.Unicode.GetString(bytes[..(bytes.Length & ~1)]);

    private static DateTime FromFileTime(long fileTime) =>
        fileTime > 0 && fileTime < DateTime.MaxValue.ToFileTimeUtc() ? DateTime.FromFileTimeUtc(fileTime) : default;

    private static long FileOffset(long cellOffset) => Regf.BaseBlock.Size + cellOffset;

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("\"");
        foreach (var b in bytes) sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        return sb.Append("\" (").Append(Convert.ToHexString(bytes)).Append(')').ToString();
    }
}
