using System.Xml;
using Appliance.Unattend.Fragments;
using Appliance.Unattend.Install;

namespace Appliance.Unattend.Tests;

/// <summary>The shipped templates rendered for real nodes, checked by XPath in the unattend namespace.</summary>
public class AnswerFileTests
{
    private const string Ns = "urn:schemas-microsoft-com:unattend";

    public static NodeInputs Node(string arch, string template = "win2022-server.xml", Dictionary<string, string>? extra = null)
    {
        var node = new Dictionary<string, string>
        {
            ["mac"] = "52:54:00:aa:bb:01|52:54:00:aa:bb:02", ["ip"] = "10.0.0.5", ["prefix"] = "24", ["ipconfig"] = "static",
            ["gateway"] = "10.0.0.1", ["nameservers"] = "10.0.0.2,10.0.0.3", ["arch"] = arch,
            ["nic1.mac"] = "52:54:00:aa:bb:03", ["nic1.ip"] = "192.168.7.9/16",
        };
        foreach (var (k, v) in extra ?? []) node[k] = v;
        return new NodeInputs
        {
            Node = "win-" + arch, NodeAttributes = node, OsImage = "win2022",
            OsImageAttributes = new Dictionary<string, string>
            {
                ["template"] = template, ["productkey"] = "VDYBN-27WPP-V4HQT-9VMD4-VMK7H", ["adminpassword"] = "S3cret!",
                ["joindomain"] = "ad.example.com", ["joinuser"] = "joiner", ["joinpassword"] = "j0in", ["joinou"] = "OU=Servers,DC=ad,DC=example,DC=com",
            },
            Site = new Dictionary<string, string> { ["master"] = "10.0.0.1", ["timezone"] = "Europe/Berlin", ["domain"] = "example.com" },
        };
    }

    private static (XmlDocument Doc, XmlNamespaceManager Ns) Render(NodeInputs inputs)
    {
        var writer = new NodeInstallWriter(Path.GetTempPath(), RepoFiles.Templates);
        var doc = new XmlDocument();
        doc.LoadXml(writer.RenderAnswerFile(inputs));
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("u", Ns);
        ns.AddNamespace("wcm", AnswerFileFragments.WcmNamespace);
        return (doc, ns);
    }

    private static string Text(XmlDocument doc, XmlNamespaceManager ns, string xpath) =>
        (doc.SelectSingleNode(xpath, ns) ?? throw new Xunit.Sdk.XunitException($"no node at {xpath}")).InnerText;

    private const string Setup = "/u:unattend/u:settings[@pass='windowsPE']/u:component[@name='Microsoft-Windows-Setup']";
    private const string Specialize = "/u:unattend/u:settings[@pass='specialize']";

    [Theory]
    [InlineData("win2022-server.xml")]
    [InlineData("win2025-server.xml")]
    [InlineData("win11.xml")]
    public void Uefi_node_gets_efi_msr_and_windows_partitions(string template)
    {
        var (doc, ns) = Render(Node("x64", template));
        var parts = doc.SelectNodes($"{Setup}/u:DiskConfiguration/u:Disk/u:CreatePartitions/u:CreatePartition/u:Type", ns)!;
        Assert.Equal(["EFI", "MSR", "Primary"], parts.Cast<XmlNode>().Select(n => n.InnerText));
        Assert.Equal("FAT32", Text(doc, ns, $"{Setup}/u:DiskConfiguration/u:Disk/u:ModifyPartitions/u:ModifyPartition[u:PartitionID='1']/u:Format"));
        Assert.Equal("3", Text(doc, ns, $"{Setup}/u:ImageInstall/u:OSImage/u:InstallTo/u:PartitionID"));
        Assert.Null(doc.SelectSingleNode($"{Setup}//u:Active", ns));
    }

    [Theory]
    [InlineData("win2022-server.xml")]
    [InlineData("win2025-server.xml")]
    [InlineData("win11.xml")]
    public void Bios_node_gets_an_active_system_partition(string template)
    {
        var (doc, ns) = Render(Node("bios", template));
        var parts = doc.SelectNodes($"{Setup}/u:DiskConfiguration/u:Disk/u:CreatePartitions/u:CreatePartition/u:Type", ns)!;
        Assert.Equal(["Primary", "Primary"], parts.Cast<XmlNode>().Select(n => n.InnerText));
        Assert.Equal("true", Text(doc, ns, $"{Setup}/u:DiskConfiguration/u:Disk/u:ModifyPartitions/u:ModifyPartition[u:PartitionID='1']/u:Active"));
        Assert.Equal("2", Text(doc, ns, $"{Setup}/u:ImageInstall/u:OSImage/u:InstallTo/u:PartitionID"));
    }

    [Theory]
    [InlineData("bios")]
    [InlineData("x64")]
    public void Answer_file_has_the_generated_components(string arch)
    {
        var (doc, ns) = Render(Node(arch));
        Assert.Equal("VDYBN-27WPP-V4HQT-9VMD4-VMK7H", Text(doc, ns, $"{Setup}/u:UserData/u:ProductKey/u:Key"));
        Assert.Equal("en-US", Text(doc, ns, "/u:unattend/u:settings[@pass='windowsPE']/u:component[@name='Microsoft-Windows-International-Core-WinPE']/u:SetupUILanguage/u:UILanguage"));

        var shell = $"{Specialize}/u:component[@name='Microsoft-Windows-Shell-Setup']";
        Assert.Equal("win-" + arch, Text(doc, ns, $"{shell}/u:ComputerName"));
        Assert.Equal("W. Europe Standard Time", Text(doc, ns, $"{shell}/u:TimeZone"));

        var tcpip = $"{Specialize}/u:component[@name='Microsoft-Windows-TCPIP']/u:Interfaces/u:Interface";
        Assert.Equal(2, doc.SelectNodes(tcpip, ns)!.Count); // primary static + nic1; the second MAC of mac= uses DHCP
        Assert.Equal("10.0.0.5/24", Text(doc, ns, $"{tcpip}[u:Identifier='52-54-00-AA-BB-01']/u:UnicastIpAddresses/u:IpAddress[@wcm:keyValue='1']"));
        Assert.Equal("10.0.0.1", Text(doc, ns, $"{tcpip}[u:Identifier='52-54-00-AA-BB-01']/u:Routes/u:Route/u:NextHopAddress"));
        Assert.Equal("192.168.7.9/16", Text(doc, ns, $"{tcpip}[u:Identifier='52-54-00-AA-BB-03']/u:UnicastIpAddresses/u:IpAddress"));
        var dns = $"{Specialize}/u:component[@name='Microsoft-Windows-DNS-Client']/u:Interfaces/u:Interface[u:Identifier='52-54-00-AA-BB-01']";
        Assert.Equal("10.0.0.3", Text(doc, ns, $"{dns}/u:DNSServerSearchOrder/u:IpAddress[@wcm:keyValue='2']"));
        Assert.Equal("example.com", Text(doc, ns, $"{dns}/u:DNSDomain"));

        var join = $"{Specialize}/u:component[@name='Microsoft-Windows-UnattendedJoin']/u:Identification";
        Assert.Equal("ad.example.com", Text(doc, ns, $"{join}/u:JoinDomain"));
        Assert.Equal("joiner", Text(doc, ns, $"{join}/u:Credentials/u:Username"));
        Assert.Equal("OU=Servers,DC=ad,DC=example,DC=com", Text(doc, ns, $"{join}/u:MachineObjectOU"));

        var hook = $"{Specialize}/u:component[@name='Microsoft-Windows-Deployment']/u:RunSynchronous/u:RunSynchronousCommand";
        Assert.Equal("50", Text(doc, ns, $"{hook}/u:Order"));
        Assert.Contains(@"C:\xcatpost\mypostscript.cmd post", Text(doc, ns, $"{hook}/u:Path"));

        var admin = "/u:unattend/u:settings[@pass='oobeSystem']/u:component[@name='Microsoft-Windows-Shell-Setup']/u:UserAccounts/u:AdministratorPassword";
        Assert.Equal("false", Text(doc, ns, $"{admin}/u:PlainText"));
        Assert.Equal("S3cret!", UnattendPassword.Decode(Text(doc, ns, $"{admin}/u:Value"), "AdministratorPassword"));
    }

    [Fact]
    public void One_time_machine_password_joins_without_credentials_and_workgroup_otherwise()
    {
        var (doc, ns) = Render(Node("x64", extra: new() { ["machinepassword"] = "Otp-123" }));
        var join = $"{Specialize}/u:component[@name='Microsoft-Windows-UnattendedJoin']/u:Identification";
        Assert.Equal("Otp-123", Text(doc, ns, $"{join}/u:MachinePassword"));
        Assert.Equal("true", Text(doc, ns, $"{join}/u:UnsecureJoin"));
        Assert.Null(doc.SelectSingleNode($"{join}/u:Credentials", ns));

        var inputs = Node("x64");
        inputs = inputs with { OsImageAttributes = new Dictionary<string, string> { ["template"] = "win11.xml", ["workgroup"] = "LAB" } };
        (doc, ns) = Render(inputs);
        Assert.Equal("LAB", Text(doc, ns, $"{join}/u:JoinWorkgroup"));
        Assert.Null(doc.SelectSingleNode($"{Setup}/u:UserData/u:ProductKey", ns));
    }

    [Fact]
    public void Dhcp_node_has_no_tcpip_component()
    {
        var inputs = Node("x64", extra: new() { ["ipconfig"] = "dhcp" });
        var node = new Dictionary<string, string>(inputs.NodeAttributes);
        node.Remove("nic1.mac");
        var (doc, ns) = Render(inputs with { NodeAttributes = node });
        Assert.Null(doc.SelectSingleNode($"{Specialize}/u:component[@name='Microsoft-Windows-TCPIP']", ns));
    }

    /// <summary>XML specials and non-ASCII text in every variable a template or fragment uses never break the XML.</summary>
    [Theory]
    [InlineData("win2022-server.xml", "bios")]
    [InlineData("win2022-server.xml", "x64")]
    [InlineData("win2025-server.xml", "x64")]
    [InlineData("win11.xml", "bios")]
    [InlineData("win11.xml", "x64")]
    public void Special_characters_in_every_variable_stay_text(string template, string arch)
    {
        const string nasty = "a&b<c>\"d'e Ünïcødé 日本 ]]>";
        var keys = new[]
        {
            "owner", "organization", "imagename", "productkey", "adminpassword", "localuser", "localpassword",
            "joinuser", "joinpassword", "joinuserdomain", "joinou", "joindomain", "dnsdomain", "locale", "inputlocale",
            "uilanguage", "installdisk", "cpu", "bypasschecks", "rdp",
        };
        var extra = keys.ToDictionary(k => k, _ => nasty);
        extra["hostname"] = "<&'\"Ü>";
        extra["timezone"] = "W. & <Zone> \"x\"";
        var (doc, ns) = Render(Node(arch, template, extra));
        Assert.Equal(nasty, Text(doc, ns, $"{Setup}/u:UserData/u:Organization"));
        Assert.Equal(nasty, Text(doc, ns, $"{Setup}/u:ImageInstall/u:OSImage/u:InstallFrom/u:MetaData/u:Value"));
        Assert.Equal(nasty, Text(doc, ns, $"{Setup}/u:UserData/u:ProductKey/u:Key"));
        Assert.Equal(nasty, doc.SelectSingleNode($"{Setup}/@processorArchitecture", ns)!.Value);
        Assert.Equal("<&'\"Ü>", Text(doc, ns, $"{Specialize}/u:component[@name='Microsoft-Windows-Shell-Setup']/u:ComputerName"));
        Assert.Equal("W. & <Zone> \"x\"", Text(doc, ns, $"{Specialize}/u:component[@name='Microsoft-Windows-Shell-Setup']/u:TimeZone"));
        Assert.Equal(nasty, Text(doc, ns, $"{Specialize}/u:component[@name='Microsoft-Windows-UnattendedJoin']/u:Identification/u:Credentials/u:Password"));
        Assert.Equal(nasty, Text(doc, ns, $"{Specialize}/u:component[@name='Microsoft-Windows-DNS-Client']/u:Interfaces/u:Interface/u:DNSDomain"));
        Assert.Equal(nasty, UnattendPassword.Decode(Text(doc, ns,
            "/u:unattend/u:settings[@pass='oobeSystem']/u:component[@name='Microsoft-Windows-Shell-Setup']/u:UserAccounts/u:AdministratorPassword/u:Value"), "AdministratorPassword"));
    }

    [Theory]
    [InlineData("ip", "10.0.0", UnattendError.BadAttribute, "ip=\"10.0.0\"")]
    [InlineData("netmask", "255.0.255.0", UnattendError.BadAttribute, "netmask")]
    [InlineData("hostname", "a-very-long-windows-name", UnattendError.BadAttribute, "15")]
    [InlineData("firmware", "coreboot", UnattendError.BadAttribute, "bios or uefi")]
    [InlineData("timezone", "Mars/Olympus_Mons", UnattendError.BadAttribute, "time-zone ID")]
    [InlineData("template", "nope.xml", UnattendError.MissingTemplate, "nope.xml")]
    public void Bad_table_values_name_the_node_and_key(string key, string value, UnattendError reason, string expected)
    {
        var inputs = Node("x64");
        var node = new Dictionary<string, string>(inputs.NodeAttributes) { [key] = value };
        if (key == "netmask") node.Remove("prefix");
        var ex = Assert.Throws<UnattendException>(() => Render(inputs with { NodeAttributes = node }));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal("win-x64", ex.Node);
        Assert.Contains(expected, ex.Message);
    }
}
