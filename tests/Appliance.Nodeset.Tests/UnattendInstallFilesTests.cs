using System.Xml;
using Appliance.Core.Records;
using Appliance.Core.Tables;

namespace Appliance.Nodeset.Tests;

/// <summary>nodeset with the real answer-file writer (Appliance.Unattend) behind <see cref="IInstallFiles"/>.</summary>
public sealed class UnattendInstallFilesTests : IDisposable
{
    private readonly ApplianceTree _tree;
    private readonly string _template;

    public UnattendInstallFilesTests()
    {
        _tree = new ApplianceTree("n1 mac=52:54:00:00:00:01 postscripts=\"hello.cmd a=b 'two words'\"\nn2\n");
        _template = Path.Combine(_tree.Paths.Prefix, "t.xml");
        File.WriteAllText(_template, """
            <?xml version="1.0" encoding="utf-8"?>
            <unattend xmlns="urn:schemas-microsoft-com:unattend">
              <settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup"><ComputerName>${hostname}</ComputerName></component></settings>
            </unattend>
            """);
        File.WriteAllText(_tree.Paths.OsImagesFile, $"win winpe=winpe10 template={_template}\nbare winpe=winpe11\n");
        File.WriteAllText(_tree.Paths.SiteFile, "site master=192.0.2.1 timezone=UTC\n");
    }

    public void Dispose() => _tree.Dispose();

    private NodesetResult Set(string range, string image)
    {
        var nodes = NodeTable.Load(_tree.Paths.NodesFile);
        return new NodesetService(_tree.Paths, nodes, OsImageTable.Load(_tree.Paths.OsImagesFile), new UnattendInstallFiles(_tree.Paths))
            .SetOsImage(NodeRange.Expand(range, nodes), image);
    }

    [Fact]
    public void Writes_answer_file_winpe_script_and_postscript_list_per_node()
    {
        Directory.CreateDirectory(Path.Combine(_tree.Paths.InstallDir, "winpostscripts"));
        File.WriteAllText(Path.Combine(_tree.Paths.InstallDir, "winpostscripts", "hello.cmd"), "@echo hello %*\r\n");
        var r = Set("n1,n2", "win");
        Assert.True(r.AllOk, string.Join("\n", r.Outcomes));
        var xml = new XmlDocument();
        xml.Load(Path.Combine(_tree.Paths.InstallDir, "autoinst", "n1.xml"));
        var ns = new XmlNamespaceManager(xml.NameTable);
        ns.AddNamespace("u", "urn:schemas-microsoft-com:unattend");
        Assert.Equal("n1", xml.SelectSingleNode("//u:ComputerName", ns)?.InnerText);
        Assert.True(File.Exists(Path.Combine(_tree.Paths.InstallDir, "autoinst", "n1.cmd")));
        Assert.Contains("hello.cmd", File.ReadAllText(Path.Combine(_tree.Paths.InstallDir, "mypostscripts", "mypostscript.n1")));
    }

    [Fact]
    public void A_missing_postscript_fails_that_node_only_and_writes_nothing_for_it()
    {
        var r = Set("n1,n2", "win");
        Assert.False(r.Outcomes[0].Ok);
        Assert.Contains("hello.cmd", r.Outcomes[0].Message);
        Assert.True(r.Outcomes[1].Ok);
        Assert.False(File.Exists(Path.Combine(_tree.Paths.InstallDir, "autoinst", "n1.xml")));
        Assert.Equal(["n2"], RecordFile.Load(_tree.Paths.RecordFile).Records.Select(x => x.Name));
    }

    [Fact]
    public void An_osimage_without_template_writes_no_install_files()
    {
        Assert.True(Set("n2", "bare").AllOk);
        Assert.False(Directory.Exists(Path.Combine(_tree.Paths.InstallDir, "autoinst")));
    }
}
