using Appliance.Unattend.Fragments;
using Appliance.Unattend.Install;

namespace Appliance.Unattend.Tests;

public class FragmentMemoTests
{
    [Fact]
    public void Equal_arguments_reuse_the_result_and_any_difference_builds_again()
    {
        var builds = 0;
        string Build(string?[] a)
        {
            builds++;
            return AnswerFileFragments.Locale(a[0]!, a[1]!, a[2]!, a[3]!);
        }
        var first = FragmentMemo.Get(FragmentMemo.Locale, ["amd64", "de-DE", "de-DE", "en-US"], Build);
        var again = FragmentMemo.Get(FragmentMemo.Locale, ["amd64", new string("de-DE".AsSpan()), "de-DE", "en-US"], Build);
        Assert.Same(first, again);
        Assert.Equal(1, builds);
        var other = FragmentMemo.Get(FragmentMemo.Locale, ["amd64", "de-DE", "de-DE", "en-us"], Build);
        Assert.Equal(2, builds);
        Assert.Contains("<UILanguage>en-us</UILanguage>", other);
        Assert.Equal(first, FragmentMemo.Get(FragmentMemo.Locale, ["amd64", "de-DE", "de-DE", "en-US"], Build));
        Assert.Equal(3, builds);
    }

    [Fact]
    public void Nodes_rendered_one_after_another_get_their_own_fragments()
    {
        var writer = new NodeInstallWriter(Path.GetTempPath(), RepoFiles.Templates);
        var a = writer.RenderAnswerFile(AnswerFileTests.Node("x64", extra: new() { ["locale"] = "fr-FR", ["workgroup"] = "LAB" }));
        var b = writer.RenderAnswerFile(AnswerFileTests.Node("x64", extra: new() { ["locale"] = "ja-JP" }));
        var c = writer.RenderAnswerFile(AnswerFileTests.Node("x64", extra: new() { ["locale"] = "fr-FR", ["workgroup"] = "LAB" }));
        Assert.Contains("<SystemLocale>fr-FR</SystemLocale>", a);
        Assert.DoesNotContain("fr-FR", b);
        Assert.Contains("<SystemLocale>ja-JP</SystemLocale>", b);
        Assert.Equal(a, c);
    }
}
