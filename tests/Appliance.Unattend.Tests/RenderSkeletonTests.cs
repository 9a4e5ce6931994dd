using System.Text;
using Appliance.Unattend.Templates;

namespace Appliance.Unattend.Tests;

/// <summary>
/// A proven skeleton must only ever vouch for outputs XmlReader accepts: values and fragments are dropped into every
/// kind of place (names, tags, attributes, comments, CDATA, the declaration, next to "]]" and "&amp;") and each time
/// the skeleton proves a render, the reader must accept the real output.
/// </summary>
public class RenderSkeletonTests
{
    private const string Document = """
        <?xml version="1.0" encoding="utf-8"?>
        <unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
          <!-- a comment --><settings pass="specialize"><a wcm:action="add" b='x'>]]text &amp; more</a>
            <c><![CDATA[ raw < data ]]></c><?pi data?><d/>x]]y&lt;<e n="&quot;"/>
          </settings>
        </unattend>

        """;

    private static readonly string[] Values =
        ["a", "", "]", "]]", ">", "--", "-", "x y", "a=b", "<b/>", "&", "&amp;", "\"", "'", "wcm:x", "é", "\t", "?>", "1.0", "abc-def.ghi"];

    private static readonly string[] Fragments =
        ["<f/>", "", "]]", "text", "<f>", "</a>", "&", "<p:f/>", "<f xmlns:p='u'><p:g/></f>", "?>", "--", "]", ">x", "x]",
         "<f a='1' a='2'/>", "t<f/>t", "<!-- c -->", "<![CDATA[c]]>", "<f>]]</f>", "\u0001"];

    [Fact]
    public void A_proven_skeleton_never_vouches_for_an_output_the_reader_rejects()
    {
        var random = new Random(20261122);
        var template = Template.Parse("<r/>", "t.xml");
        int proven = 0, refused = 0;
        var skeleton = new RenderSkeleton(); // reused, as a worker thread does: its proofs and fragments carry over
        for (var round = 0; round < 20_000; round++)
        {
            // Cut the document at 1-3 random places and put a value or a fragment into each cut.
            var cuts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(Document.Length + 1)).Order().ToArray();
            skeleton.Clear();
            var output = new StringBuilder();
            var at = 0;
            foreach (var cut in cuts)
            {
                skeleton.Text(Document.AsSpan(at, cut - at));
                output.Append(Document, at, cut - at);
                at = cut;
                if (random.Next(2) == 0)
                {
                    var value = Values[random.Next(Values.Length)];
                    var escaped = Template.Escape(value);
                    skeleton.Value(value, escaped);
                    output.Append(escaped);
                }
                else
                {
                    var fragment = Fragments[random.Next(Fragments.Length)];
                    skeleton.Fragment(fragment);
                    output.Append(fragment);
                }
            }
            skeleton.Text(Document.AsSpan(at));
            output.Append(Document, at, Document.Length - at);
            if (skeleton.Proves(template))
            {
                proven++;
                Assert.True(XmlReference.Accepts(output.ToString()), $"the skeleton proved an output XmlReader rejects:\n{output}");
            }
            else refused++;
        }
        Assert.True(proven > 2000 && refused > 2000, $"proven {proven}, refused {refused}");
    }

    [Fact]
    public void Nodes_with_different_values_share_one_proof_and_a_changed_shape_is_checked_again()
    {
        var template = Template.Parse("<r/>", "t.xml");
        var skeleton = new RenderSkeleton();
        foreach (var host in new[] { "node01", "node02" })
        {
            skeleton.Clear();
            skeleton.Text("<r><n>");
            skeleton.Value(host, host);
            skeleton.Text("</n>");
            skeleton.Fragment($"<ip>10.0.0.{host[^1]}</ip>");
            skeleton.Text("</r>");
            Assert.True(skeleton.Proves(template));
        }
        // "]]" + a value + ">" is "]]>" in character data when the value is empty: an empty value is never a marker.
        skeleton.Clear();
        skeleton.Text("<r>]]");
        skeleton.Value("", "");
        skeleton.Text("></r>");
        Assert.False(skeleton.Proves(template));
        Assert.False(XmlReference.Accepts("<r>]]></r>"));
    }
}
