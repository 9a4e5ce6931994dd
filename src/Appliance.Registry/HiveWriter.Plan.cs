using System.Buffers.Binary;

namespace Appliance.Registry;

public static partial class HiveWriter
{
    private const int MaxValueNameLength = 16383;
    private const int MaxDataLength = 64 * 1024 * 1024;

    private sealed class KeyPlan(RegistryKey key, int node, int parent)
    {
        public RegistryKey Key { get; } = key;
        public int Node { get; } = node;
        public int Parent { get; } = parent;
        public List<KeyPlan> Children { get; } = [];
        public int ValueList { get; set; } = -1;
        public List<(int Vk, int Data)> Values { get; } = [];
        public int SubkeyList { get; set; } = -1;
        public List<(int Leaf, int Start, int Count)> Leaves { get; } = [];
    }

    private sealed class Layout
    {
        public CellAllocator Allocator { get; } = new();
        public int Security { get; set; }
        public List<KeyPlan> Keys { get; } = [];
    }

    /// <summary>Allocates every cell first (sk, then each key depth first), so pointers are known before bytes are written.</summary>
    private static Layout Plan(RegistryKey root)
    {
        var layout = new Layout();
        layout.Security = layout.Allocator.Allocate(Regf.Security.Descriptor + SecurityDescriptors.Default.Length);
        PlanKey(layout, root, -1);
        return layout;
    }

    private static KeyPlan PlanKey(Layout layout, RegistryKey key, int parent)
    {
        var a = layout.Allocator;
        var plan = new KeyPlan(key, a.Allocate(Regf.KeyNode.Name + KeyNames.StoredLength(key.Name)), parent);
        layout.Keys.Add(plan);

        if (key.Values.Count > 0)
        {
            plan.ValueList = a.Allocate(key.Values.Count * 4);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var v in key.Values)
            {
                if (v.Name.Length > MaxValueNameLength || !names.Add(v.Name))
                    throw new HiveFormatException(HiveErrorReason.InvalidName,
                        $"key {key}: value name \"{v.Name}\" is a duplicate or longer than {MaxValueNameLength} characters");
                if (v.Data.Length > MaxDataLength)
                    throw new HiveFormatException(HiveErrorReason.TooLarge,
                        $"key {key}: value \"{v.Name}\" has {v.Data.Length} bytes; expected at most {MaxDataLength}");
                var vk = a.Allocate(Regf.KeyValue.Name + KeyNames.StoredLength(v.Name));
                var dataCell = v.Data.Length > Regf.KeyValue.MaxInlineData ? a.Allocate(v.Data.Length) : -1;
                plan.Values.Add((vk, dataCell));
            }
        }

        var children = key.SubKeys.ToList();
        children.Sort(KeyNames.KeyOrder);
        for (var i = 1; i < children.Count; i++)
            if (KeyNames.Compare(children[i - 1].Name, children[i].Name) == 0)
                throw new HiveFormatException(HiveErrorReason.InvalidName,
                    $"key {key}: subkeys \"{children[i - 1].Name}\" and \"{children[i].Name}\" differ only in case");
        if (children.Count > 0)
        {
            if (children.Count <= Regf.Index.MaxLeafEntries)
            {
                plan.SubkeyList = a.Allocate(Regf.Index.Entries + children.Count * Regf.Index.LeafEntrySize);
            }
            else
            {
                var leaves = (children.Count + Regf.Index.MaxLeafEntries - 1) / Regf.Index.MaxLeafEntries;
                plan.SubkeyList = a.Allocate(Regf.Index.Entries + leaves * Regf.Index.OffsetEntrySize);
                for (var start = 0; start < children.Count; start += Regf.Index.MaxLeafEntries)
                {
                    var count = Math.Min(Regf.Index.MaxLeafEntries, children.Count - start);
                    plan.Leaves.Add((a.Allocate(Regf.Index.Entries + count * Regf.Index.LeafEntrySize), start, count));
                }
            }
        }
        foreach (var child in children) plan.Children.Add(PlanKey(layout, child, plan.Node));
        return plan;
    }

    private static void WriteKey(Span<byte> data, KeyPlan plan, Layout layout, long defaultTimestamp)
    {
        var key = plan.Key;
        var nk = CellData(data, plan.Node);
        var isRoot = plan.Parent < 0;
        var ascii = KeyNames.IsAscii(key.Name);
        Regf.KeyNode.Magic.CopyTo(nk);
        var flags = (ushort)((ascii ? Regf.KeyNode.FlagCompressedName : 0)
            | (isRoot ? Regf.KeyNode.FlagHiveEntry | Regf.KeyNode.FlagNoDelete : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(nk[Regf.KeyNode.Flags..], flags);
        var time = key.LastWriteTimeUtc == default ? defaultTimestamp : key.LastWriteTimeUtc.ToFileTimeUtc();
        BinaryPrimitives.WriteInt64LittleEndian(nk[Regf.KeyNode.LastWritten..], time);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.Parent..], isRoot ? Regf.Cell.NoOffset : (uint)plan.Parent);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.SubkeyCount..], (uint)plan.Children.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.SubkeyList..], Pointer(plan.SubkeyList));
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.VolatileSubkeyList..], Regf.Cell.NoOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.ValueCount..], (uint)key.Values.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.ValueList..], Pointer(plan.ValueList));
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.Security..], (uint)layout.Security);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.Class..], Regf.Cell.NoOffset);
        var maxSubkeyName = plan.Children.Count == 0 ? 0 : plan.Children.Max(c => c.Key.Name.Length * 2);
        var maxValueName = key.Values.Count == 0 ? 0 : key.Values.Max(v => v.Name.Length * 2);
        var maxData = key.Values.Count == 0 ? 0 : key.Values.Max(v => v.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.MaxSubkeyNameLength..], (uint)maxSubkeyName);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.MaxValueNameLength..], (uint)maxValueName);
        BinaryPrimitives.WriteUInt32LittleEndian(nk[Regf.KeyNode.MaxValueDataSize..], (uint)maxData);
        BinaryPrimitives.WriteUInt16LittleEndian(nk[Regf.KeyNode.NameLength..], (ushort)KeyNames.StoredLength(key.Name));
        KeyNames.WriteName(key.Name, nk[Regf.KeyNode.Name..]);

        if (plan.ValueList >= 0)
        {
            var list = CellData(data, plan.ValueList);
            for (var i = 0; i < key.Values.Count; i++)
            {
                var (vkOffset, dataOffset) = plan.Values[i];
                BinaryPrimitives.WriteUInt32LittleEndian(list[(i * 4)..], (uint)vkOffset);
                WriteValue(data, key.Values[i], vkOffset, dataOffset);
            }
        }

        if (plan.SubkeyList >= 0)
        {
            if (plan.Leaves.Count == 0)
            {
                WriteLeaf(CellData(data, plan.SubkeyList), plan.Children, 0, plan.Children.Count);
            }
            else
            {
                var ri = CellData(data, plan.SubkeyList);
                Regf.Index.Root.CopyTo(ri);
                BinaryPrimitives.WriteUInt16LittleEndian(ri[Regf.Index.Count..], (ushort)plan.Leaves.Count);
                for (var i = 0; i < plan.Leaves.Count; i++)
                {
                    var (leaf, start, count) = plan.Leaves[i];
                    BinaryPrimitives.WriteUInt32LittleEndian(ri[(Regf.Index.Entries + i * Regf.Index.OffsetEntrySize)..], (uint)leaf);
                    WriteLeaf(CellData(data, leaf), plan.Children, start, count);
                }
            }
        }
    }

    /// <summary>An "lf" leaf: per key its nk offset and the first four name characters as a search hint.</summary>
    private static void WriteLeaf(Span<byte> lf, List<KeyPlan> children, int start, int count)
    {
        Regf.Index.FastLeaf.CopyTo(lf);
        BinaryPrimitives.WriteUInt16LittleEndian(lf[Regf.Index.Count..], (ushort)count);
        for (var i = 0; i < count; i++)
        {
            var entry = lf[(Regf.Index.Entries + i * Regf.Index.LeafEntrySize)..];
            var child = children[start + i];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)child.Node);
            var name = child.Key.Name;
            for (var c = 0; c < Regf.Index.HintLength && c < name.Length; c++) entry[4 + c] = (byte)name[c];
        }
    }

    private static void WriteValue(Span<byte> data, RegistryValue value, int vkOffset, int dataOffset)
    {
        var vk = CellData(data, vkOffset);
        Regf.KeyValue.Magic.CopyTo(vk);
        var ascii = KeyNames.IsAscii(value.Name);
        BinaryPrimitives.WriteUInt16LittleEndian(vk[Regf.KeyValue.NameLength..], (ushort)KeyNames.StoredLength(value.Name));
        var length = value.Data.Length;
        if (dataOffset < 0)
        {
            // Data of 4 bytes or fewer lives in the offset field itself; bit 31 of the size says so.
            BinaryPrimitives.WriteUInt32LittleEndian(vk[Regf.KeyValue.DataSize..], (uint)length | Regf.KeyValue.DataInline);
            value.Data.Span.CopyTo(vk[Regf.KeyValue.DataOffset..]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(vk[Regf.KeyValue.DataSize..], (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(vk[Regf.KeyValue.DataOffset..], (uint)dataOffset);
            value.Data.Span.CopyTo(CellData(data, dataOffset));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(vk[Regf.KeyValue.Type..], (uint)value.Kind);
        BinaryPrimitives.WriteUInt16LittleEndian(vk[Regf.KeyValue.Flags..], ascii ? Regf.KeyValue.FlagCompressedName : (ushort)0);
        KeyNames.WriteName(value.Name, vk[Regf.KeyValue.Name..]);
    }

    private static uint Pointer(int offset) => offset < 0 ? Regf.Cell.NoOffset : (uint)offset;
}
