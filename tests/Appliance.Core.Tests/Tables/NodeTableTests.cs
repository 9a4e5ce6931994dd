using System.Net;
using Appliance.Core.Tables;

namespace Appliance.Core.Tests.Tables;

public class NodeTableTests
{
    private const string Sample = """
        node01 mac=52:54:00:AA:00:01 ip=192.0.2.1 arch=X64 groups=compute,rack1 osimage=win2022 product="Windows & more"
        node02 mac=52-54-00-aa-00-02|525400aa00ff groups=compute supportproxydhcp=no postscripts="a.ps1 x=1 'two words',b.cmd"
        node03
        """;

    [Fact]
    public void Parses_nodes_with_indexes()
    {
        var t = NodeTable.Parse(Sample, "nodes");
        Assert.Equal(["node01", "node02", "node03"], t.Nodes.Select(n => n.Name));
        var n1 = t.Nodes[0];
        Assert.Equal("x64", n1.Arch);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), n1.Ip);
        Assert.Equal(["compute", "rack1"], n1.Groups);
        Assert.Equal("Windows & more", n1.Attributes["product"]);
        Assert.True(n1.SupportProxyDhcp);
        Assert.False(t.Nodes[1].SupportProxyDhcp);
        Assert.Equal("a.ps1 x=1 'two words',b.cmd", t.Nodes[1].Postscripts);
        Assert.True(t.TryGetByMac(MacAddress.FromBytes([0x52, 0x54, 0x00, 0xaa, 0x00, 0xff]), out var byMac));
        Assert.Equal("node02", byMac.Name);
        Assert.True(t.TryGetByIp(BitConverter.ToUInt32([192, 0, 2, 1]), out var byIp));
        Assert.Same(n1, byIp);
        Assert.True(t.TryGetGroup("compute", out var members));
        Assert.Equal(["node01", "node02"], members.Select(m => m.Name));
    }

    public static TheoryData<string, string, int, int, string> Errors() => new()
    {
        { "bad mac", "n1 mac=52:54:00:00:00", 1, 8, "expected six hex pairs" },
        { "mac with mixed separators", "n1 mac=52:54-00:00:00:01", 1, 8, "expected six hex pairs" },
        { "bad ip", "n1 ip=192.0.2", 1, 7, "expected dotted quad" },
        { "ipv6 ip", "n1 ip=::1", 1, 7, "not an IPv4 address" },
        { "bad arch", "n1 arch=sparc", 1, 9, "expected one of bios, ia32, x64, arm64" },
        { "bad proxydhcp", "n1 supportproxydhcp=maybe", 1, 21, "expected yes or no" },
        { "duplicate mac", "n1 mac=52:54:00:00:00:01\nn2 mac=52:54:00:00:00:01", 2, 8, "already the MAC of node \"n1\"" },
        { "duplicate ip", "n1 ip=192.0.2.1\nn2 ip=192.0.2.1", 2, 7, "already the IP" },
        { "group named like node", "n1 groups=n2\nn2", 2, 1, "name of a group" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validation_errors_point_at_the_value(string row, string text, int line, int column, string expected)
    {
        var e = Assert.Throws<TableFormatException>(() => NodeTable.Parse(text, "nodes"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(expected, e.Message);
        Assert.NotEmpty(row);
    }

    [Theory]
    [InlineData("52:54:00:12:34:56", 0x525400123456UL)]
    [InlineData("52-54-00-12-34-56", 0x525400123456UL)]
    [InlineData("525400123456", 0x525400123456UL)]
    [InlineData("FF:ff:00:00:00:01", 0xffff00000001UL)]
    public void Mac_parses_common_forms(string text, ulong value)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(value, mac.Value);
        Span<byte> bytes = stackalloc byte[6];
        mac.WriteTo(bytes);
        Assert.Equal(mac, MacAddress.FromBytes(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("52:54:00:12:34")]
    [InlineData("52:54:00:12:34:56:78")]
    [InlineData("52:54:00:12:34:5g")]
    [InlineData("5254.0012.3456")]
    [InlineData("52:54:00:12:34:")]
    public void Mac_rejects_malformed(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void Osimage_accepts_winpe_and_xcat_winpepath()
    {
        var t = OsImageTable.Parse("a winpe=winpe10 template=t.xml\nb winpepath=winboot/winpe11/", "osimages");
        Assert.True(t.TryGet("b", out var b));
        Assert.Equal("winpe11", b.WinPe);
        Assert.Equal("winboot/winpe11/", b.WinPePath);
        Assert.True(t.TryGet("a", out var a));
        Assert.Equal("t.xml", a.Template);
    }

    [Theory]
    [InlineData("a template=x", "has no winpe=")]
    [InlineData("a winpepath=boot/x/", "expected winboot/<winpe>/")]
    [InlineData("a winpe=../x", "expected a plain folder name")]
    public void Osimage_errors(string text, string expected)
    {
        var e = Assert.Throws<TableFormatException>(() => OsImageTable.Parse(text, "osimages"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("osimages:1:", e.Message);
    }
}
