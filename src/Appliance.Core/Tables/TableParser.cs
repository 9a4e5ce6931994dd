using System.Text;

namespace Appliance.Core.Tables;

/// <summary>
/// Parses the appliance's table syntax (nodes, osimages, site): one entry a line, <c>name key=value key="a value" …</c>.
/// <c>#</c> starts a comment outside quotes; inside double quotes <c>\"</c> and <c>\\</c> escape. Blank lines are ignored.
/// Names and keys are <c>[A-Za-z0-9_.-]</c> (keys are lower-cased); a duplicate name or a key given twice is an error.
/// </summary>
public static class TableParser
{
    public static IReadOnlyList<TableEntry> Parse(string text, string file)
    {
        var entries = new List<TableEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            var entry = ParseLine(line, file, lineNumber);
            if (entry is null) continue;
            if (seen.TryGetValue(entry.Name, out var first))
                throw new TableFormatException(file, lineNumber, 1, $"\"{entry.Name}\" is already defined on line {first}; expected each name once");
            seen.Add(entry.Name, lineNumber);
            entries.Add(entry);
        }
        return entries;
    }

    public static IReadOnlyList<TableEntry> Load(string path) => Parse(File.ReadAllText(path), path);

    private static TableEntry? ParseLine(string line, string file, int lineNumber)
    {
        var pos = SkipSpace(line, 0);
        if (pos >= line.Length || line[pos] == '#') return null;

        var nameStart = pos;
        while (pos < line.Length && !char.IsWhiteSpace(line[pos]) && line[pos] != '#') pos++;
        var name = line[nameStart..pos];
        if (name.Contains('='))
            throw new TableFormatException(file, lineNumber, nameStart + 1, $"expected an entry name first, saw \"{name}\"");
        CheckWord(name, file, lineNumber, nameStart, "name");

        var values = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        while (true)
        {
            pos = SkipSpace(line, pos);
            if (pos >= line.Length || line[pos] == '#') break;
            var keyStart = pos;
            while (pos < line.Length && line[pos] != '=' && !char.IsWhiteSpace(line[pos]) && line[pos] != '#') pos++;
            var key = line[keyStart..pos];
            if (pos >= line.Length || line[pos] != '=')
                throw new TableFormatException(file, lineNumber, keyStart + 1, $"expected key=value, saw \"{key}\"");
            CheckWord(key, file, lineNumber, keyStart, "key");
            pos++;
            var valueColumn = pos + 1;
            string value;
            if (pos < line.Length && line[pos] == '"') (value, pos) = Quoted(line, pos, file, lineNumber);
            else
            {
                var valueStart = pos;
                while (pos < line.Length && !char.IsWhiteSpace(line[pos]) && line[pos] != '#')
                {
                    if (line[pos] == '"')
                        throw new TableFormatException(file, lineNumber, pos + 1, "a quote inside an unquoted value; expected the whole value in quotes");
                    pos++;
                }
                value = line[valueStart..pos];
            }
            key = key.ToLowerInvariant();
            if (!values.TryAdd(key, (value, valueColumn)))
                throw new TableFormatException(file, lineNumber, keyStart + 1, $"key \"{key}\" is given twice; expected each key once per line");
        }
        return new TableEntry(file, lineNumber, name, values);
    }

    private static (string, int) Quoted(string line, int pos, string file, int lineNumber)
    {
        var open = pos++;
        var sb = new StringBuilder();
        while (pos < line.Length)
        {
            var c = line[pos++];
            if (c == '"')
            {
                if (pos < line.Length && !char.IsWhiteSpace(line[pos]) && line[pos] != '#')
                    throw new TableFormatException(file, lineNumber, pos + 1, $"expected a space after the closing quote, saw '{line[pos]}'");
                return (sb.ToString(), pos);
            }
            if (c == '\\' && pos < line.Length && line[pos] is '"' or '\\') c = line[pos++];
            sb.Append(c);
        }
        throw new TableFormatException(file, lineNumber, open + 1, "unterminated quoted value; expected a closing \"");
    }

    private static void CheckWord(string word, string file, int lineNumber, int start, string what)
    {
        if (word.Length == 0)
            throw new TableFormatException(file, lineNumber, start + 1, $"expected a {what}, saw nothing");
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
                throw new TableFormatException(file, lineNumber, start + i + 1,
                    $"{what} \"{word}\" has '{c}'; expected letters, digits, '_', '.' or '-'");
        }
    }

    private static int SkipSpace(string line, int pos)
    {
        while (pos < line.Length && char.IsWhiteSpace(line[pos])) pos++;
        return pos;
    }
}
