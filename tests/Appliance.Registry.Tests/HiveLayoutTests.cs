using System.Buffers.Binary;

namespace Appliance.Registry.Tests;

/// <summary>The bytes our writer lays down, checked against the regf rules field by field.</summary>
public sealed class HiveLayoutTests
{
    private const int Base = 4096;
    private static readonly RegistryKey Tree = SampleHives.Build();
    private static readonly byte[] Hive = SampleHives.Write(Tree);

    private static uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Hive.AsSpan(at));
    private static int I32(int at) => BinaryPrimitives.ReadInt32LittleEndian(Hive.AsSpan(at));
    private static ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Hive.AsSpan(at));
    private static string Sig(int at) => System.Text.Encoding.ASCII.GetString(Hive, at, 2);

    [Fact]
    public void Base_block_fields_and_checksum()
    {
        Assert.Equal("regf"u8.ToArray(), Hive[..4]);
        Assert.Equal(U32(0x004), U32(0x008));                 // seq1 = seq2
        Assert.Equal(SampleHives.FixedTime.ToFileTimeUtc(), BinaryPrimitives.ReadInt64LittleEndian(Hive.AsSpan(0x00C)));
        Assert.Equal(1u, U32(0x014));                         // major
        Assert.Equal(3u, U32(0x018));                         // minor
        Assert.Equal(0u, U32(0x01C));                         // primary file
        Assert.Equal(1u, U32(0x020));                         // direct memory load
        Assert.Equal((uint)(Hive.Length - Base), U32(0x028)); // hive bins size
        var root = Base + (int)U32(0x024);
        Assert.Equal("nk", Sig(root + 4));
        Assert.Equal(0x2C, U16(root + 4 + 2));                // compressed name | no delete | hive entry
        uint xor = 0;
        for (var i = 0; i < 127; i++) xor ^= U32(i * 4);
        Assert.Equal(xor, U32(0x1FC));
    }

    [Theory]
    [InlineData(0x00000000u, 0x00000001u)]   // 0 becomes 1
    [InlineData(0xFFFFFFFFu, 0xFFFFFFFEu)]   // all ones becomes ...FE
    [InlineData(0x12345678u, 0x12345678u)]
    public void Checksum_maps_zero_and_all_ones(uint xorOfDwords, uint expected)
    {
        var block = new byte[4096];
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(0x40), xorOfDwords);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(0x200), 0xAAAAAAAA); // past dword 126: ignored
        Assert.Equal(expected, HiveWriter.Checksum(block));
    }

    [Fact]
    public void Bins_are_4096_multiples_and_cells_tile_each_bin_exactly()
    {
        var offset = Base;
        var bins = 0;
        var bigBin = false;
        var free = 0;
        while (offset < Hive.Length)
        {
            Assert.Equal("hbin"u8.ToArray(), Hive[offset..(offset + 4)]);
            Assert.Equal((uint)(offset - Base), U32(offset + 4));
            var size = (int)U32(offset + 8);
            Assert.True(size > 0 && size % 4096 == 0, $"bin at {offset:X} has size {size}");
            bigBin |= size > 4096;
            var cell = offset + 32;
            while (cell < offset + size)
            {
                Assert.Equal(0, (cell - Base) % 8);
                var raw = I32(cell);
                var len = Math.Abs(raw);
                Assert.True(len >= 8 && len % 8 == 0, $"cell at {cell:X} has size {raw}");
                if (raw > 0) free++;
                cell += len;
            }
            Assert.Equal(offset + size, cell); // cells end exactly at the bin's end
            offset += size;
            bins++;
        }
        Assert.True(bins > 10);
        Assert.True(bigBin, "the 20000-byte value needs a bin larger than 4096");
        Assert.True(free > 0, "the unused end of a bin is one free cell");
    }

    [Fact]
    public void One_shared_security_cell_referenced_by_every_key()
    {
        var nkSecurity = new HashSet<uint>();
        var keys = 0;
        var skCells = new List<int>();
        ForEachCell((cell, raw) =>
        {
            if (raw >= 0) return;
            var sig = Sig(cell + 4);
            if (sig == "nk") { keys++; nkSecurity.Add(U32(cell + 4 + 0x2C)); }
            if (sig == "sk") skCells.Add(cell);
        });
        var sk = Assert.Single(skCells);
        Assert.Equal([(uint)(sk - Base)], nkSecurity);
        Assert.Equal((uint)keys, U32(sk + 4 + 0x0C));          // reference count
        Assert.Equal((uint)(sk - Base), U32(sk + 4 + 0x04));   // flink to itself
        Assert.Equal((uint)(sk - Base), U32(sk + 4 + 0x08));   // blink to itself
        Assert.Equal(1, Hive[sk + 4 + 0x14]);                  // self-relative descriptor, revision 1
        Assert.Equal(1037, keys);
    }

    [Fact]
    public void Subkeys_are_stored_sorted_by_upper_cased_name()
    {
        var read = HiveReader.Read(Hive); // the reader keeps the file's order
        // Worked out by hand from the code points of the upper-cased names.
        string[] expected = ["AAA", "aab", "aB", "A[", "a]", "a_b", "b", "B1", "Zed", "zeta", "_x", "~tilde", "Ünïcode"];
        Assert.Equal(expected, read.GetSubKey("Sort")!.SubKeys.Select(k => k.Name));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"Key{i:D4}"), read.GetSubKey("Many")!.SubKeys.Select(k => k.Name));
    }

    [Fact]
    public void More_than_512_subkeys_go_through_an_ri_list_of_lf_leaves()
    {
        var many = CellOfKey("Many");
        var list = Base + (int)U32(many + 4 + 0x1C);
        Assert.Equal("ri", Sig(list + 4));
        Assert.Equal(2, U16(list + 4 + 2));
        var leaf = Base + (int)U32(list + 4 + 4);
        Assert.Equal("lf", Sig(leaf + 4));
        Assert.Equal(512, U16(leaf + 4 + 2));
        Assert.Equal("Key0"u8.ToArray(), Hive[(leaf + 4 + 4 + 4)..(leaf + 4 + 4 + 8)]); // name hint
        var sort = Base + (int)U32(CellOfKey("Sort") + 4 + 0x1C);
        Assert.Equal("lf", Sig(sort + 4));
    }

    [Theory]
    [InlineData("dword", 0x80000004u)]
    [InlineData("bin3", 0x80000003u)]
    [InlineData("bin4", 0x80000004u)]
    [InlineData("bin0", 0x80000000u)]
    [InlineData("qword", 8u)]
    [InlineData("bin-big", 20000u)]
    public void Data_of_four_bytes_or_less_is_inline(string name, uint sizeField)
    {
        var vk = CellOfValue(name);
        Assert.Equal(sizeField, U32(vk + 4 + 0x04));
        var value = Tree.GetSubKey("Types")!.GetValue(name)!;
        if ((sizeField & 0x80000000) != 0)
        {
            Assert.Equal(value.Data.ToArray(), Hive[(vk + 4 + 8)..(vk + 4 + 8 + value.Data.Length)]);
        }
        else
        {
            var data = Base + (int)U32(vk + 4 + 0x08);
            Assert.True(-I32(data) >= value.Data.Length + 4);
            Assert.Equal(value.Data.ToArray(), Hive[(data + 4)..(data + 4 + value.Data.Length)]);
        }
        Assert.Equal(1, U16(vk + 4 + 0x10)); // ASCII name
    }

    [Fact]
    public void Non_ascii_names_are_stored_as_utf16_without_the_ascii_flag()
    {
        var vk = CellOfValue("Ünïcode-value");
        Assert.Equal(0, U16(vk + 4 + 0x10));
        Assert.Equal("Ünïcode-value".Length * 2, U16(vk + 4 + 0x02));
    }

    [Fact]
    public void Writer_output_is_deterministic_and_round_trips_through_our_reader()
    {
        Assert.Equal(Hive, SampleHives.Write(SampleHives.Build()));
        Rows.AssertSame(SampleHives.Flatten(Tree), SampleHives.Flatten(HiveReader.Read(Hive)));
    }

    private static void ForEachCell(Action<int, int> visit)
    {
        for (var bin = Base; bin < Hive.Length; bin += (int)U32(bin + 8))
            for (int cell = bin + 32, end = bin + (int)U32(bin + 8); cell < end; cell += Math.Abs(I32(cell)))
                visit(cell, I32(cell));
    }

    private static int CellOfKey(string name)
    {
        var found = -1;
        ForEachCell((cell, raw) =>
        {
            if (raw < 0 && Sig(cell + 4) == "nk" && U16(cell + 4 + 0x48) == name.Length &&
                System.Text.Encoding.ASCII.GetString(Hive, cell + 4 + 0x4C, name.Length) == name) found = cell;
        });
        Assert.True(found > 0, $"no nk cell named {name}");
        return found;
    }

    private static int CellOfValue(string name)
    {
        var found = -1;
        ForEachCell((cell, raw) =>
        {
            if (raw >= 0 || Sig(cell + 4) != "vk") return;
            var len = U16(cell + 4 + 2);
            var ascii = (U16(cell + 4 + 0x10) & 1) != 0;
            var stored = ascii ? System.Text.Encoding.Latin1.GetString(Hive, cell + 4 + 0x14, len)
                : System.Text.Encoding.Unicode.GetString(Hive, cell + 4 + 0x14, len);
            if (stored == name) found = cell;
        });
        Assert.True(found > 0, $"no vk cell named {name}");
        return found;
    }
}
