using System.Text;

namespace Appliance.Registry.Tests;

/// <summary>Our reader on hives that hivex itself wrote: we hand hivexsh -w a bare hive, it adds keys and values.</summary>
public sealed class HivexWrittenHiveTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reader_reads_every_key_and_value_hivexsh_wrote()
    {
        var tool = PeerTools.Peer("hivexsh", "libhivex-bin");
        var path = _dir.File("hivex.hive");
        File.WriteAllBytes(path, SampleHives.Write(new RegistryKey("ROOT")));

        var expected = new RegistryKey("ROOT");
        var script = new StringBuilder();
        // Names whose order differs between upper-casing (Windows) and strcasecmp lower-casing (hivex's writer).
        string[] names = ["a_b", "aB", "Zed", "zeta", "_x", "~tilde"];
        foreach (var n in names.Concat(Enumerable.Range(0, 300).Select(i => $"Key{i:D3}")))
        {
            script.Append("cd \\\nadd ").Append(n).Append('\n');
            expected.CreateSubKey(n);
        }
        // hivexsh reads script lines into a 4 KiB buffer: keep hex lines below that.
        var big = SampleHives.Pattern(1300);
        var multi = Encoding.Unicode.GetBytes("alpha\0beta\0\0");
        script.Append("cd \\Zed\nsetval 8\n")
            .Append("@\nstring:default here\n")
            .Append("sz\nstring:hello from hivex\n")
            .Append("expand\nexpandstring:%windir%\\x\n")
            .Append("dw\ndword:0x12345678\n")
            .Append("qw\nhex:11:ef,cd,ab,89,67,45,23,01\n") // hivexsh's qword: copies only 4 of the 8 bytes
            .Append("multi\nhex:7:").Append(HexList(multi)).Append('\n')
            .Append("small\nhex:3:01,02\n")
            .Append("big\nhex:3:").Append(HexList(big)).Append('\n');
        var zed = expected.GetSubKey("Zed")!;
        zed.SetValue(RegistryValue.String("", "default here"));
        zed.SetValue(RegistryValue.String("sz", "hello from hivex"));
        zed.SetValue(RegistryValue.ExpandString("expand", "%windir%\\x"));
        zed.SetValue(RegistryValue.DWord("dw", 0x12345678));
        zed.SetValue(RegistryValue.QWord("qw", 0x0123456789abcdef));
        zed.SetValue(new RegistryValue("multi", RegistryValueKind.MultiString, multi));
        zed.SetValue(RegistryValue.Binary("small", [1, 2]));
        zed.SetValue(RegistryValue.Binary("big", big));
        script.Append("cd \\Key150\nadd Child\ncd Child\nsetval 1\nleaf\ndword:7\n");
        expected.GetSubKey("Key150")!.CreateSubKey("Child").SetValue(RegistryValue.DWord("leaf", 7));
        script.Append("commit\n");

        PeerTools.RunOk(tool, ["-w", path], stdin: script.ToString(), timeoutSeconds: 120);
        var hive = File.ReadAllBytes(path);
        Assert.NotEqual(SampleHives.Write(new RegistryKey("ROOT")).Length, hive.Length); // hivex really wrote

        var read = HiveReader.Read(hive);
        Rows.AssertSame(SampleHives.Flatten(expected), SampleHives.Flatten(read));
        Assert.Equal("default here", read.GetSubKey("zed")!.GetValue("")!.AsString());
        // The reader keeps the file's order; hivex's writer sorts upper-cased like Windows (and like our writer):
        // "aB" (A,B) before "a_b" (A,_ 0x5F), which a lower-cased comparison would put the other way round.
        var order = read.SubKeys.Select(k => k.Name).ToList();
        Assert.Equal(order.Order(Comparer<string>.Create(KeyNames.Compare)), order);
        Assert.True(order.IndexOf("aB") < order.IndexOf("a_b"), string.Join(",", order.Take(10)));
    }

    private static string HexList(byte[] data) => string.Join(',', data.Select(b => b.ToString("x2")));
}
