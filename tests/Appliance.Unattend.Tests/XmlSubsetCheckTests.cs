using System.Text;
using Appliance.Unattend.Install;
using Appliance.Unattend.Templates;

namespace Appliance.Unattend.Tests;

/// <summary>
/// The cheap well-formedness proof may only say "well-formed" when .NET's XmlReader (the reference it stands in for)
/// agrees; everything else falls back to the reader. Checked on rules one by one and on thousands of mutations.
/// </summary>
public class XmlSubsetCheckTests
{
    private const string Sample = """
        <?xml version="1.0" encoding="utf-8"?>
        <!-- an answer file -->
        <unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
          <settings pass='windowsPE'>
            <component name="Microsoft-Windows-Setup" xml:lang="en"><Key>a &amp; b &lt;c&gt; &quot;d&apos; Ünï 日本 😀</Key>
              <Disk wcm:action="add"><DiskID>0</DiskID><Empty/><Empty2 a="1" /></Disk>
              <Script><![CDATA[if a < b && c > d then ]]></Script><?pi some data?>
            </component>
          </settings>
        </unattend>

        """;

    [Fact]
    public void The_sample_and_every_shipped_template_answer_file_take_the_cheap_path()
    {
        Assert.True(XmlReference.Accepts(Sample));
        Assert.True(XmlSubsetCheck.IsCertainlyWellFormed(Sample));
        var writer = new NodeInstallWriter(Path.GetTempPath(), RepoFiles.Templates);
        foreach (var template in Directory.GetFiles(RepoFiles.Templates, "*.xml"))
            foreach (var arch in new[] { "bios", "x64" })
            {
                var xml = writer.RenderAnswerFile(AnswerFileTests.Node(arch, Path.GetFileName(template)));
                Assert.True(XmlSubsetCheck.IsCertainlyWellFormed(xml), $"{template} {arch}");
            }
    }

    [Theory]
    [InlineData("<r><a></r></a>")]
    [InlineData("<r>a & b</r>")]
    [InlineData("<r>&nbsp;</r>")]
    [InlineData("<r a=\"1\" a=\"2\"/>")]
    [InlineData("<r a=\"<\"/>")]
    [InlineData("<r a=\"1\"b=\"2\"/>")]
    [InlineData("<p:r/>")]
    [InlineData("<r p:a=\"1\"/>")]
    [InlineData("<r xmlns:p=\"\"/>")]
    [InlineData("<r xmlns:xml=\"x\"/>")]
    [InlineData("<r/><r/>")]
    [InlineData("<r/>text")]
    [InlineData("text<r/>")]
    [InlineData(" <?xml version=\"1.0\"?><r/>")]
    [InlineData("<?xml version=\"1.1\"?><r/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"latin1\"?><r/>")]
    [InlineData("<r/><?xml version=\"1.0\"?>")]
    [InlineData("<r><!-- a -- b --></r>")]
    [InlineData("<r><!-- a ---></r>")]
    [InlineData("<r>]]></r>")]
    [InlineData("<r>\u0001</r>")]
    [InlineData("<!DOCTYPE r><r/>")]
    [InlineData("<r><![CDATA[ x </r>")]
    [InlineData("<r>")]
    [InlineData("")]
    [InlineData("<r xml:space=\"bad\"/>")]
    [InlineData("<r xmlns:p=\"http://www.w3.org/2000/xmlns/\"/>")]
    [InlineData("<r xmlns:a=\"u\" xmlns:b=\"u\" a:x=\"1\" b:x=\"2\"/>")]
    public void Documents_outside_the_subset_or_broken_are_left_to_the_reader(string xml) =>
        Assert.False(XmlSubsetCheck.IsCertainlyWellFormed(xml));

    [Theory]
    [InlineData("http://www.w3.org/2000/xmlns/", false)]
    [InlineData("http://www.w3.org/XML/1998/namespace", false)]
    [InlineData("http://www.W3.org/2000/xmlns/", true)]
    [InlineData("HTTP://WWW.W3.ORG/XML/1998/NAMESPACE", true)]
    public void Only_the_exact_reserved_namespace_names_are_refused(string name, bool accepted)
    {
        // Namespace names compare as strings (Namespaces §2.3): another spelling is another, legal, name.
        var xml = $"<r xmlns:p=\"{name}\" xmlns=\"{name}\"/>";
        Assert.Equal(accepted, XmlReference.Accepts(xml));
        Assert.Equal(accepted, XmlSubsetCheck.IsCertainlyWellFormed(xml));
    }

    [Fact]
    public void Characters_xml_forbids_are_left_to_the_reader()
    {
        // Not as InlineData: test-case serialization would replace a lone surrogate with U+FFFD.
        foreach (var bad in new[] { "\uD800", "\uDC00", "x\uD800", "\uFFFE", "\uFFFF", "\u0000", "\u001F" })
        {
            Assert.False(XmlSubsetCheck.IsCertainlyWellFormed($"<r>{bad}</r>"), $"U+{(int)bad[^1]:X4} in text");
            Assert.False(XmlSubsetCheck.IsCertainlyWellFormed($"<r a=\"{bad}\"/>"), $"U+{(int)bad[^1]:X4} in an attribute");
        }
        Assert.True(XmlSubsetCheck.IsCertainlyWellFormed("<r a=\"\uD83D\uDE00\t\u007F\">\uD83D\uDE00\uFFFD\uE000\u0085\u007F</r>"));
    }

    [Fact]
    public void No_mutation_the_reader_rejects_is_accepted()
    {
        const string alphabet = "<>&;\"'/=:-!?[] \t\nxa\u0001\uD800\uFFFE";
        var random = new Random(20261122);
        int accepted = 0, rejected = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var sb = new StringBuilder(Sample);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(sb.Length);
                switch (random.Next(4))
                {
                    case 0: sb.Remove(at, 1); break;
                    case 1: sb.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: sb[at] = alphabet[random.Next(alphabet.Length)]; break;
                    default:
                        var length = Math.Min(random.Next(1, 12), sb.Length - at);
                        sb.Insert(random.Next(sb.Length), sb.ToString(at, length));
                        break;
                }
            }
            var xml = sb.ToString();
            if (XmlSubsetCheck.IsCertainlyWellFormed(xml))
            {
                accepted++;
                Assert.True(XmlReference.Accepts(xml), $"accepted, but XmlReader rejects:\n{xml}");
            }
            else rejected++;
        }
        // Both answers occur, so the property above is exercised.
        Assert.True(accepted > 1000 && rejected > 1000, $"accepted {accepted}, rejected {rejected}");
    }
}
