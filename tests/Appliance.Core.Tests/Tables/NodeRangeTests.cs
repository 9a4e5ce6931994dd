using Appliance.Core.Tables;

namespace Appliance.Core.Tests.Tables;

public sealed class NodeRangeTests : IDisposable
{
    private readonly NodeTable _table;
    private readonly string _dir = Directory.CreateTempSubdirectory("noderange").FullName;

    public NodeRangeTests()
    {
        var lines = Enumerable.Range(1, 12).Select(i => $"node{i:00} groups={(i <= 8 ? "compute" : "storage")}{(i % 2 == 0 ? ",even" : "")}")
            .Concat(["n1", "n2", "n10", "rack1-node1", "r1n01", "r1n02", "r2n01", "r2n02"]);
        _table = NodeTable.Parse(string.Join('\n', lines), "nodes");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string[] Expand(string range) => NodeRange.Expand(range, _table, _dir).Select(n => n.Name).ToArray();

    [Theory]
    [InlineData("node01,node03", "node01,node03")]
    [InlineData("node[01-03]", "node01,node02,node03")]
    [InlineData("node[08-10]", "node08,node09,node10")]
    [InlineData("node[1,3,5-6]", "")]
    [InlineData("node[01,03,05-06]", "node01,node03,node05,node06")]
    [InlineData("n[1-2]", "n1,n2")]
    [InlineData("n1-n2", "n1,n2")]
    [InlineData("node01-node03", "node01,node02,node03")]
    [InlineData("rack1-node1", "rack1-node1")]
    [InlineData("r[1-2]n[01-02]", "r1n01,r1n02,r2n01,r2n02")]
    [InlineData("storage", "node09,node10,node11,node12")]
    [InlineData("compute,-even", "node01,node03,node05,node07")]
    [InlineData("compute,-node[02-08]", "node01")]
    [InlineData("node02,node01,node02", "node02,node01")]
    [InlineData("node01,-node01,node01", "node01")]
    public void Expands_xcat_forms(string range, string expected)
    {
        if (expected.Length == 0)
        {
            // node[1,3] names node1 and node3, which do not exist (padding is kept as written).
            Assert.Throws<NodeRangeException>(() => Expand(range));
            return;
        }
        Assert.Equal(expected.Split(','), Expand(range));
    }

    [Fact]
    public void Reads_names_from_a_file()
    {
        File.WriteAllText(Path.Combine(_dir, "list"), "node05\n# comment\n  node02  # trailing\n\n");
        Assert.Equal(["node05", "node02"], Expand("^list"));
        Assert.Equal(["node01"], Expand("node01,-^list"));
    }

    [Theory]
    [InlineData("nodeX", "unknown node or group: nodeX")]
    [InlineData("node[11-14]", "unknown node or group: node13, node14")]
    [InlineData("node[05-03]", "runs backwards")]
    [InlineData("node[01-03", "has no ']'")]
    [InlineData("node[a-b]", "expected numbers")]
    [InlineData("node01,,node02", "empty part")]
    [InlineData("", "empty noderange")]
    [InlineData("^missing", "does not exist")]
    [InlineData("node[1-99999999]", "more than")]
    public void Errors_name_what_is_wrong(string range, string expected)
    {
        var e = Assert.Throws<NodeRangeException>(() => Expand(range));
        Assert.Contains(expected, e.Message);
    }
}
