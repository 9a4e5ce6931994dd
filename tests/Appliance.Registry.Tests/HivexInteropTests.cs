using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Appliance.Registry.Tests;

/// <summary>
/// Hives we write, read back by hivex (libguestfs): hivexregedit --export, hivexml and hivexsh must each see every key
/// and every value with exactly the type and bytes we wrote.
/// </summary>
public sealed class HivexInteropTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly RegistryKey _tree = SampleHives.Build();
    private readonly string _hive;

    public HivexInteropTests()
    {
        _hive = _dir.File("sample.hive");
        File.WriteAllBytes(_hive, SampleHives.Write(_tree));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Hivexregedit_export_lists_every_key_and_value_exactly()
    {
        var tool = PeerTools.Peer("hivexregedit", "libwin-hivex-perl");
        // hivexregedit prints names as Perl byte strings: Latin-1 on the wire.
        var text = PeerTools.RunOk(tool, ["--export", _hive, "\\"], encoding: Encoding.Latin1);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        string? path = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('['))
            {
                path = line[1..^1] == "\\" ? "" : line[1..^1];
                seen.Add($"K {path}");
            }
            else if (line.Length > 0 && (line[0] == '"' || line[0] == '@'))
            {
                Assert.NotNull(path);
                var (name, rest) = RegText.SplitName(line);
                var (kind, data) = RegText.ParseData(rest);
                seen.Add($"V {path} | {name} | {kind} | {Convert.ToHexString(data)}");
            }
        }
        Assert.Equal(1037, seen.Count(s => s.StartsWith("K ", StringComparison.Ordinal)));
        Rows.AssertSame(SampleHives.Flatten(_tree), seen);
    }

    [Fact]
    public void Hivexml_lists_every_key_and_value_exactly()
    {
        var tool = PeerTools.Peer("hivexml", "libhivex-bin");
        var xml = XDocument.Parse(PeerTools.RunOk(tool, [_hive]));
        var rootNode = xml.Root!.Element("node")!;
        Assert.Equal("1", (string?)rootNode.Attribute("root"));
        Assert.Equal("ROOT", (string?)rootNode.Attribute("name"));

        var seen = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(XElement node, string path)
        {
            seen.Add($"K {path}");
            foreach (var v in node.Elements("value"))
            {
                var name = (string?)v.Attribute("key") ?? "";
                var expected = _tree.OpenSubKey(path)!.GetValue(name);
                Assert.NotNull(expected);
                var type = (string)v.Attribute("type")!;
                var value = (string?)v.Attribute("value");
                switch (type)
                {
                    case "string":
                        Assert.Equal(RegistryValueKind.String, expected.Kind);
                        Assert.Equal(expected.AsString(), value);
                        break;
                    case "expand":
                        Assert.Equal(RegistryValueKind.ExpandString, expected.Kind);
                        Assert.Equal(expected.AsString(), value);
                        break;
                    case "string-list":
                        Assert.Equal(RegistryValueKind.MultiString, expected.Kind);
                        var strings = v.Elements("string").Select(s => s.Value).ToList();
                        // hivex reports the list's terminating empty string as one more element.
                        Assert.Equal("", strings[^1]);
                        Assert.Equal(expected.AsMultiString(), strings[..^1]);
                        break;
                    case "int32":
                        Assert.Equal(RegistryValueKind.DWord, expected.Kind);
                        Assert.Equal(unchecked((int)expected.AsDWord()), int.Parse(value!, CultureInfo.InvariantCulture));
                        break;
                    case "int64":
                        Assert.Equal(RegistryValueKind.QWord, expected.Kind);
                        Assert.Equal(unchecked((long)expected.AsQWord()), long.Parse(value!, CultureInfo.InvariantCulture));
                        break;
                    case "binary":
                        Assert.Equal(RegistryValueKind.Binary, expected.Kind);
                        Assert.Equal("base64", (string?)v.Attribute("encoding"));
                        Assert.Equal(expected.Data.ToArray(), Convert.FromBase64String(value!));
                        break;
                    default:
                        Assert.Fail($"hivexml reported type {type} for {path}\\{name}; we wrote {expected.Kind}");
                        break;
                }
                seen.Add($"V {path} | {name} | {(uint)expected.Kind} | {Convert.ToHexString(expected.Data.Span)}");
            }
            foreach (var child in node.Elements("node"))
                Walk(child, path + "\\" + (string)child.Attribute("name")!);
        }
        Walk(rootNode, "");
        Rows.AssertSame(SampleHives.Flatten(_tree), seen);
    }

    [Fact]
    public void Hivexsh_lists_every_key_and_value_exactly()
    {
        var tool = PeerTools.Peer("hivexsh", "libhivex-bin");
        // The root holds only the separator value; its subkeys are listed first, then every other key.
        var keys = _tree.Descendants().ToList();
        Assert.Equal(["sep"], _tree.Values.Select(v => v.Name));
        var script = new StringBuilder("cd \\\nls\nlsval\n");
        foreach (var k in keys)
        {
            // Per key: its subkey names, a separator, its values, a separator (the root's one value).
            script.Append("cd \\").Append(k.Path).Append("\nls\ncd \\\nlsval\n");
            script.Append("cd \\").Append(k.Path).Append("\nlsval\ncd \\\nlsval\n");
        }
        var output = PeerTools.RunOk(tool, [_hive], stdin: script.ToString(), timeoutSeconds: 120);
        var separator = $"\"sep\"=\"{SampleHives.Separator}\"";
        var chunks = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var blocks = new List<List<string>> { new() };
        foreach (var line in chunks)
        {
            if (line == separator) blocks.Add([]);
            else if (line.Length > 0) blocks[^1].Add(line);
        }
        Assert.Equal(keys.Count * 2 + 2, blocks.Count);
        Assert.Equal(_tree.SubKeys.Select(s => s.Name).Order(StringComparer.Ordinal), blocks[0].Order(StringComparer.Ordinal));
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var names = blocks[2 * i + 1];
            Assert.Equal(key.SubKeys.Select(s => s.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            var values = blocks[2 * i + 2];
            Assert.Equal(key.Values.Count, values.Count);
            foreach (var line in values)
            {
                var (name, rest) = RegText.SplitName(line);
                var expected = key.GetValue(name == "@" ? "" : name);
                Assert.True(expected is not null, $"hivexsh listed value {name} of {key.Path} that we did not write");
                if (rest.StartsWith('"') || rest.StartsWith("str(", StringComparison.Ordinal))
                {
                    var kind = rest.StartsWith('"') ? RegistryValueKind.String : (RegistryValueKind)uint.Parse(rest[4..rest.IndexOf(')')], CultureInfo.InvariantCulture);
                    Assert.Equal(expected.Kind, kind);
                    Assert.Equal(expected.AsString(), RegText.Unquote(rest[rest.IndexOf('"')..]));
                }
                else
                {
                    var (kind, data) = RegText.ParseData(rest, hexTypeIsDecimal: true);
                    Assert.Equal((uint)expected.Kind, kind);
                    Assert.Equal(Convert.ToHexString(expected.Data.Span), Convert.ToHexString(data));
                }
            }
        }
    }
}
