using Appliance.Core.Records;
using Appliance.Core.Tables;
using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Tests;

public sealed class BootIndexLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dhcp-loader-").FullName;
    private string Nodes => Path.Combine(_dir, "nodes");
    private string Images => Path.Combine(_dir, "osimages");
    private string Records => Path.Combine(_dir, "proxydhcp.cfg");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private BootIndex Load(TableCache cache, long generation) =>
        BootIndexLoader.Load(generation, Nodes, Images, Records, LoaderTable.Default, null, 0, cache);

    [Fact]
    public void Tables_are_reparsed_only_when_their_files_change_and_records_always()
    {
        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:01 arch=arm64 osimage=w\n");
        File.WriteAllText(Images, "w winpe=w10 loader.11=Boot/arm.efi bcd.11=Boot/BCD.arm\n");
        RecordFile.Write(Records, [new("n1", "winboot/a/")]);
        var cache = new TableCache();
        var first = Load(cache, 1);
        Assert.True(first.TryGetByName("n1", out var e1));
        Assert.Equal((ushort)11, e1.ArchitectureOverride);
        Assert.True(e1.Boot!.TryGetFile(11, out var file, out _, out _, out var bcd));
        Assert.Equal("winboot/a/Boot/arm.efi", System.Text.Encoding.ASCII.GetString(file));
        Assert.Equal(@"\winboot\a\Boot\BCD.arm", bcd);

        RecordFile.Write(Records, [new("n1", "winboot/b/")]);
        var second = Load(cache, 2);
        Assert.True(second.TryGetByName("n1", out var e2));
        Assert.Equal("winboot/b/", e2.Boot!.Path);

        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:07\n");
        var third = Load(cache, 3);
        Assert.True(third.TryGetByMac(MacAddress.FromBytes([0x52, 0x54, 0, 0, 0, 7]).Value, out var e3));
        Assert.Null(e3.ArchitectureOverride);
        Assert.False(third.TryGetByMac(MacAddress.FromBytes([0x52, 0x54, 0, 0, 0, 1]).Value, out _));
    }

    [Fact]
    public void A_records_only_reload_reuses_unchanged_entries_and_answers_changed_nodes_from_the_new_generation()
    {
        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:01\nn2 mac=52:54:00:00:00:02 ip=192.0.2.2\nn3 mac=52:54:00:00:00:03\n");
        File.WriteAllText(Images, "");
        RecordFile.Write(Records, [new("n1", "winboot/a/"), new("n2", "winboot/a/"), new("ghost", "winboot/a/")]);
        var cache = new TableCache();
        var first = BootIndexLoader.Load(1, Nodes, Images, Records, LoaderTable.Default, null, 0, cache, out var s1);
        Assert.False(s1.TablesReused);
        Assert.Equal(3, first.RecordCount);
        Assert.True(first.TryGetByName("n3", out var local));
        Assert.Null(local.Boot);

        RecordFile.Write(Records, [new("n1", "winboot/a/"), new("n2", "winboot/b/"), new("n3", "winboot/a/")]);
        var second = BootIndexLoader.Load(2, Nodes, Images, Records, LoaderTable.Default, null, 0, cache, out var s2);
        Assert.True(s2.TablesReused);
        Assert.Same(first.Nodes, second.Nodes);
        first.TryGetByName("n1", out var a1);
        second.TryGetByName("n1", out var a2);
        Assert.Same(a1, a2); // unchanged node: the same immutable entry, same boot
        Assert.True(second.TryGetByIp(0xC0000202, out var b2));
        Assert.Equal("winboot/b/", b2.Boot!.Path);
        first.TryGetByName("n2", out var b1);
        Assert.Equal("winboot/a/", b1.Boot!.Path); // the old generation is untouched
        Assert.True(second.TryGetByMac(MacAddress.FromBytes([0x52, 0x54, 0, 0, 0, 3]).Value, out var c2));
        Assert.Same(a2.Boot, c2.Boot); // one WinPeBoot per WinPE path
        Assert.Equal(3, second.RecordCount);
    }

    [Fact]
    public void A_bad_table_throws_with_file_and_line_and_does_not_poison_the_cache()
    {
        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:01\n");
        File.WriteAllText(Images, "");
        RecordFile.Write(Records, [new("n1", "winboot/a/")]);
        var cache = new TableCache();
        Load(cache, 1);
        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:01\nn2 arch=sparc\n");
        var e = Assert.Throws<TableFormatException>(() => Load(cache, 2));
        Assert.Equal(2, e.Line);
        File.WriteAllText(Nodes, "n1 mac=52:54:00:00:00:02\n");
        Assert.True(Load(cache, 3).TryGetByMac(MacAddress.FromBytes([0x52, 0x54, 0, 0, 0, 2]).Value, out _));
    }
}
