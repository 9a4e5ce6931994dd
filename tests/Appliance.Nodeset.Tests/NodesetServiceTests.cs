using Appliance.Core.Records;
using Appliance.Core.Tables;
using NSubstitute;

namespace Appliance.Nodeset.Tests;

public sealed class NodesetServiceTests : IDisposable
{
    private const string Nodes = """
        n1 mac=52:54:00:00:00:01 groups=all osimage=win11
        n2 mac=52:54:00:00:00:02 groups=all
        n3 mac=52:54:00:00:00:03 groups=all,legacy supportproxydhcp=no
        n4 mac=52:54:00:00:00:04 groups=all,legacy supportproxydhcp=no
        """;

    private readonly ApplianceTree _tree = new(Nodes);

    public void Dispose() => _tree.Dispose();

    private NodesetService Service(IInstallFiles? files = null) =>
        new(_tree.Paths, NodeTable.Load(_tree.Paths.NodesFile), OsImageTable.Load(_tree.Paths.OsImagesFile), files);

    private IReadOnlyList<Node> Range(string r) => NodeRange.Expand(r, NodeTable.Load(_tree.Paths.NodesFile));

    private NodeRecord[] Records() => RecordFile.Load(_tree.Paths.RecordFile).Records.ToArray();

    [Fact]
    public void Sets_records_and_replaces_in_place()
    {
        Assert.True(Service().SetOsImage(Range("n1,n2"), "win2022").AllOk);
        Assert.True(Service().SetOsImage(Range("n1"), null).AllOk); // n1's own osimage=win11
        Assert.Equal([new NodeRecord("n1", "winboot/winpe11/"), new NodeRecord("n2", "winboot/winpe10/")], Records());
    }

    [Fact]
    public void Failed_nodes_keep_their_records_and_say_why()
    {
        Service().SetOsImage(Range("n1"), "win2022");
        var r = Service().SetOsImage(Range("n1,n2"), "ghost");
        Assert.Equal(2, r.Failed);
        Assert.Contains("WinPE \"notstaged\" of osimage ghost is not staged", r.Outcomes[0].Message);
        Assert.Contains("winpe-stage add notstaged", r.Outcomes[0].Message);
        Assert.Equal([new NodeRecord("n1", "winboot/winpe10/")], Records());

        r = Service().SetOsImage(Range("n2"), "nosuch");
        Assert.Contains("unknown osimage \"nosuch\"", r.Outcomes[0].Message);
        r = Service().SetOsImage(Range("n2"), null);
        Assert.Contains("no osimage given and the node has none", r.Outcomes[0].Message);
    }

    [Fact]
    public void Unchecked_staging_when_the_tftp_root_is_absent()
    {
        Directory.Delete(_tree.Paths.TftpRoot, true);
        var service = Service();
        Assert.False(service.CanCheckStaging);
        Assert.True(service.SetOsImage(Range("n2"), "ghost").AllOk);
    }

    [Fact]
    public void Names_longer_than_a_record_field_are_refused()
    {
        var longName = new string('x', 51);
        File.AppendAllText(_tree.Paths.NodesFile, $"\n{longName} mac=52:54:00:00:00:99\n");
        var r = Service().SetOsImage(Range(longName), "win2022");
        Assert.Contains("at most 50", r.Outcomes[0].Message);
        Assert.Empty(Records());
    }

    [Fact]
    public void Nodes_without_proxydhcp_get_the_boot_bcd_of_their_winpe()
    {
        Assert.True(Service().SetOsImage(Range("legacy"), "win11").AllOk);
        Assert.Equal("bcd of winpe11", File.ReadAllText(_tree.BootBcd));
    }

    [Fact]
    public void Uefi_nodes_without_proxydhcp_get_the_uefi_store_and_cannot_share_with_bios()
    {
        File.AppendAllText(_tree.Paths.NodesFile, "\nu1 supportproxydhcp=no arch=x64\n");
        Assert.True(Service().SetOsImage(Range("u1"), "win11").AllOk);
        Assert.Equal("uefi bcd of winpe11", File.ReadAllText(_tree.BootBcd));
        var r = Service().SetOsImage(Range("n3"), "win11");
        Assert.Contains("must be winboot/winpe11/Boot/BCD, but nodes without proxyDHCP are still set to another store: u1 (winboot/winpe11/Boot/BCD.efi)", r.Outcomes[0].Message);
    }

    [Fact]
    public void One_run_needing_two_winpes_at_boot_bcd_is_refused_for_those_nodes()
    {
        File.AppendAllText(_tree.Paths.NodesFile, "\nn5 supportproxydhcp=no osimage=win2022\nn6 supportproxydhcp=no osimage=win11\n");
        var r = Service().SetOsImage(Range("n2,n5,n6"), null);
        Assert.True(r.Outcomes[0].Ok is false); // n2 has no osimage
        Assert.All(r.Outcomes.Skip(1), o => Assert.Contains("need two stores at Boot/BCD", o.Message));
        Assert.False(File.Exists(_tree.BootBcd));
    }

    [Fact]
    public void Boot_bcd_held_by_another_winpe_is_not_taken_over()
    {
        Service().SetOsImage(Range("n3"), "win2022");
        var r = Service().SetOsImage(Range("n4"), "win11");
        Assert.Contains("still set to another store: n3 (winboot/winpe10/Boot/BCD)", r.Outcomes[0].Message);
        Assert.Equal("bcd of winpe10", File.ReadAllText(_tree.BootBcd));
        Service().SetBoot(Range("n3"));
        Assert.True(Service().SetOsImage(Range("n4"), "win11").AllOk);
        Assert.Equal("bcd of winpe11", File.ReadAllText(_tree.BootBcd));
    }

    [Fact]
    public void Install_files_are_written_per_node_and_their_failure_fails_the_node()
    {
        var files = Substitute.For<IInstallFiles>();
        files.Write(Arg.Any<Node>(), Arg.Any<OsImage>()).Returns((string?)null);
        files.Write(Arg.Is<Node>(n => n.Name == "n2"), Arg.Any<OsImage>()).Returns("template server.xml:12: unknown variable ${x}");
        var r = Service(files).SetOsImage(Range("n1,n2"), "win2022");
        Assert.True(r.Outcomes[0].Ok);
        Assert.Equal("template server.xml:12: unknown variable ${x}", r.Outcomes[1].Message);
        files.Received(1).Write(Arg.Is<Node>(n => n.Name == "n1"), Arg.Is<OsImage>(i => i.Name == "win2022"));
        Assert.Equal([new NodeRecord("n1", "winboot/winpe10/")], Records());
    }

    [Fact]
    public void Boot_removes_records_and_stat_reports()
    {
        Service().SetOsImage(Range("all"), "win2022");
        var r = Service().SetBoot(Range("n2,n3"));
        Assert.Equal("boot (was winpe winboot/winpe10/)", r.Outcomes[0].Message);
        Assert.Equal(["n1", "n4"], Records().Select(x => x.Name));
        var stat = Service().Stat(Range("all"));
        Assert.Equal(["n1: winpe winboot/winpe10/", "n2: boot", "n3: boot", "n4: winpe winboot/winpe10/"], stat.Select(s => s.ToString()));
    }
}
