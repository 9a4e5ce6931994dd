using Appliance.Core.Tables;

namespace Appliance.Core.Tests.Tables;

public class TableParserTests
{
    [Fact]
    public void Parses_names_keys_quoted_values_and_comments()
    {
        var entries = TableParser.Parse("""
            # comment line

            node01 mac=52:54:00:00:00:01 Groups=a,b  note="two words # not a comment" q="say \"hi\" \\ ok" # trailing
            node02
            """, "nodes");
        Assert.Equal(2, entries.Count);
        var e = entries[0];
        Assert.Equal(("node01", 3), (e.Name, e.Line));
        Assert.Equal("a,b", e.Get("groups"));
        Assert.Equal("two words # not a comment", e.Get("note"));
        Assert.Equal("say \"hi\" \\ ok", e.Get("q"));
        Assert.Equal(["mac", "groups", "note", "q"], e.Keys);
        Assert.Empty(entries[1].Keys);
    }

    public static TheoryData<string, string, int, int, string> Errors() => new()
    {
        { "key without value", "n1 mac", 1, 4, "expected key=value" },
        { "entry starts with key", "mac=x", 1, 1, "expected an entry name" },
        { "bad name char", "n/1 a=b", 1, 2, "expected letters" },
        { "bad key char", "n1 m@c=x", 1, 5, "expected letters" },
        { "empty key", "n1 =x", 1, 4, "expected a key" },
        { "unterminated quote", "n1 a=\"open", 1, 6, "closing \"" },
        { "text after closing quote", "n1 a=\"x\"y", 1, 9, "space after the closing quote" },
        { "quote inside bare value", "n1 a=x\"y", 1, 7, "whole value in quotes" },
        { "duplicate key", "\nn1 a=1 a=2", 2, 8, "given twice" },
        { "duplicate name", "n1\n\nn1", 3, 1, "already defined on line 1" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Errors_name_file_line_column_and_expectation(string row, string text, int line, int column, string expected)
    {
        var e = Assert.Throws<TableFormatException>(() => TableParser.Parse(text, "/etc/appliance/nodes"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"/etc/appliance/nodes:{line}:{column}: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.NotEmpty(row);
    }
}
