using System.Buffers.Binary;
using System.Text;

namespace Appliance.Registry;

/// <summary>
/// Writes a key tree as a regf hive, version 1.3: base block with checksum, hbins, one shared sk cell, nk/vk cells,
/// value lists, "lf" subkey lists (through an "ri" root above 512 subkeys) sorted by upper-cased name, data of at most
/// 4 bytes stored inline in the vk cell. Output depends only on the tree and the options (deterministic).
/// </summary>
public static partial class HiveWriter
{
    public static byte[] Write(RegistryKey root, HiveWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new HiveWriterOptions();
        var layout = Plan(root);
        var bins = layout.Allocator.Bins;
        var hive = new byte[Regf.BaseBlock.Size + layout.Allocator.TotalSize];
        var timestamp = options.TimestampUtc.ToFileTimeUtc();
        var data = hive.AsSpan(Regf.BaseBlock.Size);

        for (var i = 0; i < bins.Count; i++)
        {
            var (offset, size, used) = bins[i];
            var bin = data.Slice(offset, size);
            Regf.Bin.Magic.CopyTo(bin);
            BinaryPrimitives.WriteUInt32LittleEndian(bin[Regf.Bin.Offset..], (uint)offset);
            BinaryPrimitives.WriteUInt32LittleEndian(bin[Regf.Bin.Size..], (uint)size);
            if (i == 0) BinaryPrimitives.WriteInt64LittleEndian(bin[Regf.Bin.Timestamp..], timestamp);
            if (used < size) BinaryPrimitives.WriteInt32LittleEndian(bin[used..], size - used); // free: positive size
        }
        foreach (var (offset, size) in layout.Allocator.Cells)
            BinaryPrimitives.WriteInt32LittleEndian(data[offset..], -size); // allocated: negative size

        var sk = CellData(data, layout.Security);
        Regf.Security.Magic.CopyTo(sk);
        BinaryPrimitives.WriteUInt32LittleEndian(sk[Regf.Security.Flink..], (uint)layout.Security);
        BinaryPrimitives.WriteUInt32LittleEndian(sk[Regf.Security.Blink..], (uint)layout.Security);
        BinaryPrimitives.WriteUInt32LittleEndian(sk[Regf.Security.ReferenceCount..], (uint)layout.Keys.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(sk[Regf.Security.DescriptorSize..], (uint)SecurityDescriptors.Default.Length);
        SecurityDescriptors.Default.CopyTo(sk[Regf.Security.Descriptor..]);

        foreach (var plan in layout.Keys) WriteKey(data, plan, layout, timestamp);

        WriteBaseBlock(hive, layout, options, timestamp);
        return hive;
    }

    public static void Write(RegistryKey root, Stream destination, HiveWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Write(root, options));
    }

    /// <summary>The XOR of dwords 0..126 of the base block; 0xFFFFFFFF becomes 0xFFFFFFFE and 0 becomes 1.</summary>
    public static uint Checksum(ReadOnlySpan<byte> baseBlock)
    {
        uint sum = 0;
        for (var i = 0; i < Regf.BaseBlock.ChecksumDwords; i++) sum ^= BinaryPrimitives.ReadUInt32LittleEndian(baseBlock[(i * 4)..]);
        return sum switch { 0xFFFFFFFF => 0xFFFFFFFE, 0 => 1, _ => sum };
    }

    private static void WriteBaseBlock(byte[] hive, Layout layout, HiveWriterOptions options, long timestamp)
    {
        var b = hive.AsSpan(0, Regf.BaseBlock.Size);
        Regf.BaseBlock.Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.Sequence1..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.Sequence2..], 1);
        BinaryPrimitives.WriteInt64LittleEndian(b[Regf.BaseBlock.LastWritten..], timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.MajorVersion..], Regf.BaseBlock.MajorVersionValue);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.MinorVersion..], Regf.BaseBlock.MinorVersionValue);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.FileType..], Regf.BaseBlock.FileTypePrimary);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.FileFormat..], Regf.BaseBlock.FileFormatDirect);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.RootCell..], (uint)layout.Keys[0].Node);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.HiveBinsSize..], (uint)layout.Allocator.TotalSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.ClusteringFactor..], 1);
        var name = options.FileName.Length > 31 ? options.FileName[^31..] : options.FileName;
        Encoding.Unicode.GetBytes(name, b.Slice(Regf.BaseBlock.FileName, Regf.BaseBlock.FileNameLength));
        BinaryPrimitives.WriteUInt32LittleEndian(b[Regf.BaseBlock.Checksum..], Checksum(b));
    }

    private static Span<byte> CellData(Span<byte> data, int offset)
    {
        var size = -BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
        return data.Slice(offset + Regf.Cell.SizeField, size - Regf.Cell.SizeField);
    }
}
