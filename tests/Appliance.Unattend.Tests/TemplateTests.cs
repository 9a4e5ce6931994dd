using System.Xml;
using Appliance.Unattend.Templates;

namespace Appliance.Unattend.Tests;

public class TemplateTests
{
    private static string Render(string text, TemplateVariables vars, string file = "t.xml") =>
        Template.Parse(text, file).Render(vars);

    [Theory]
    [InlineData("a & b")]
    [InlineData("<Key>x</Key>")]
    [InlineData("say \"hi\" and 'bye'")]
    [InlineData("Jürgen Ødegård 日本 ]]> &amp;")]
    public void Values_are_escaped_in_text_and_attributes(string value)
    {
        var xml = Render("<r a=\"${v}\" b='${v}'>${v}</r>", new TemplateVariables().Set("v", value));
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        Assert.Equal(value, doc.DocumentElement!.InnerText);
        Assert.Equal(value, doc.DocumentElement.GetAttribute("a"));
        Assert.Equal(value, doc.DocumentElement.GetAttribute("b"));
    }

    [Fact]
    public void Raw_values_are_inserted_as_xml()
    {
        var xml = Render("<r>${raw:FRAG}</r>", new TemplateVariables().Set("FRAG", "<a x=\"1\">&amp;</a>"));
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        Assert.Equal("&", doc.SelectSingleNode("/r/a[@x='1']")!.InnerText);
    }

    [Fact]
    public void Utf8_rendering_into_a_reused_writer_gives_the_string_renders_bytes()
    {
        var template = Template.Parse("<r n=\"${v}\">${v} ${raw:FRAG}</r>", "t.xml");
        var writer = new System.Buffers.ArrayBufferWriter<byte>(4);
        foreach (var value in new[] { "Jürgen & 日本 😀", "a", new string('x', 5000) })
        {
            var vars = new TemplateVariables().Set("v", value).Set("FRAG", "<a/>");
            writer.ResetWrittenCount();
            template.RenderUtf8(vars, "n1", writer);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(template.Render(vars, "n1")), writer.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Text_templates_do_not_escape()
    {
        var text = Template.Parse("ComputerName=${v}\n", "sysprep.inf").Render(new TemplateVariables().Set("v", "a&b<c"));
        Assert.Equal("ComputerName=a&b<c\n", text);
    }

    [Fact]
    public void Conditions_choose_branches()
    {
        const string t = "<r>{{if a}}A{{else}}-{{end}}{{if not b}}!B{{end}}{{if fw == uefi}}U{{else}}L{{end}}{{if fw != \"bios\"}}N{{end}}</r>";
        Assert.Equal("<r>A!BUN</r>", Render(t, new TemplateVariables().Set("a", "yes").Set("fw", "UEFI")));
        Assert.Equal("<r>-L</r>", Render(t, new TemplateVariables().Set("a", "no").Set("b", "1").Set("fw", "bios")));
        Assert.Equal("<r>-!BLN</r>", Render(t, new TemplateVariables().Set("a", "")));
    }

    [Fact]
    public void Loops_repeat_with_item_fields()
    {
        var vars = new TemplateVariables().SetList("nics",
        [
            new Dictionary<string, string> { ["mac"] = "52:54:00:00:00:01" },
            new Dictionary<string, string> { ["mac"] = "52:54:00:00:00:02" },
        ]);
        Assert.Equal("<r><m>52:54:00:00:00:01</m><m>52:54:00:00:00:02</m></r>",
            Render("<r>{{for nic in nics}}<m>${nic.mac}</m>{{end}}</r>", vars));
    }

    [Fact]
    public void Directive_lines_leave_no_blank_lines_and_comments_vanish()
    {
        const string t = "<r>\n  {{if a}}\n  <a/>\n  {{else}}\n  <b/>\n  {{end}}\n{{# a comment\n   over two lines }}\n  <c>$${literal}</c>\n</r>\n";
        Assert.Equal("<r>\n  <a/>\n  <c>${literal}</c>\n</r>\n", Render(t, new TemplateVariables().Set("a", "1")));
    }

    [Fact]
    public void Fallback_applies_only_when_unset()
    {
        Assert.Equal("<r>Windows 11 Pro|x</r>",
            Render("<r>${image:-Windows 11 Pro}|${set:-y}</r>", new TemplateVariables().Set("set", "x")));
    }

    [Theory]
    [InlineData("<r>\n\n  ${missing}\n</r>", UnattendError.UnknownVariable, 3)]
    [InlineData("<r>\n{{if a}}\n<x/>\n</r>", UnattendError.UnclosedBlock, 2)]
    [InlineData("<r>\n\n{{for n in nics}}\n</r>", UnattendError.UnclosedBlock, 3)]
    [InlineData("<r>\n${oops\n</r>", UnattendError.UnclosedBlock, 2)]
    [InlineData("<r>\n{{if a}\n</r>", UnattendError.UnclosedBlock, 2)]
    [InlineData("<r>\n\n\n{{else}}\n</r>", UnattendError.BadDirective, 4)]
    [InlineData("<r>\n{{end}}\n</r>", UnattendError.BadDirective, 2)]
    [InlineData("<r>\n{{while a}}{{end}}\n</r>", UnattendError.BadDirective, 2)]
    [InlineData("<r>\n{{if a}}{{else}}{{else}}{{end}}\n</r>", UnattendError.BadDirective, 2)]
    [InlineData("<r>\n{{for n in scalar}}{{end}}\n</r>", UnattendError.NotAList, 2)]
    [InlineData("<r>\n  <a>\n  </b>\n</r>", UnattendError.NotWellFormed, 3)]
    [InlineData("<r>\n{{if a}}\n  <a>\n{{end}}\n  <b/>\n  </c>\n</r>", UnattendError.NotWellFormed, 6)]
    [InlineData("<r>\n  <a>${raw:frag}</a>\n</r>", UnattendError.NotWellFormed, 2)]
    [InlineData("<r>\n  <a>${nic.x}</a>\n</r>", UnattendError.UnknownVariable, 2)]
    public void Errors_name_the_template_file_and_line(string text, UnattendError reason, int line)
    {
        var vars = new TemplateVariables().Set("a", "1").Set("scalar", "x").Set("frag", "<broken>");
        var ex = Assert.Throws<UnattendException>(() => Template.Parse(text, "/t/answer.xml").Render(vars));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal("/t/answer.xml", ex.File);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"/t/answer.xml:{line}: ", ex.Message);
    }

    [Fact]
    public void Not_well_formed_value_names_the_variable()
    {
        var ex = Assert.Throws<UnattendException>(() =>
            Template.Parse("<r>\n${raw:WINNETCFG}\n</r>", "a.xml").Render(new TemplateVariables().Set("WINNETCFG", "<x>")));
        Assert.Contains("${raw:WINNETCFG}", ex.Message);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Control_characters_in_a_value_fail_as_not_well_formed_not_silently()
    {
        var ex = Assert.Throws<UnattendException>(() =>
            Template.Parse("<r>\n<a>${v}</a>\n</r>", "a.xml").Render(new TemplateVariables().Set("v", "bell\u0007")));
        Assert.Equal(UnattendError.NotWellFormed, ex.Reason);
        Assert.Equal(2, ex.Line);
    }
}
