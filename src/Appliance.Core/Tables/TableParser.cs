using System.Text;

namespace Appliance.Core.Tables;

/// <summary>
/// Parses the appliance's table syntax (nodes, osimages, site): one entry a line, <c>name key=value key="a value" …</c>.
/// <c>#</c> starts a comment outside quotes; inside double quotes <c>\"</c> and <c>\\</c> escape. Blank lines are ignored.
/// Names and keys are <c>[A-Za-z0-9_.-]</c> (keys are lower-cased); a duplicate name or a key given twice is an error.
/// </summary>
/// <remarks>
/// Lines are scanned as spans of the text: a name or value becomes a string once, a key is lower-cased on the stack and
/// shared by every line that writes it (100,000 lines of <c>mac=</c> hold one "mac"), and nothing else is allocated per
/// field.
/// </remarks>
public static class TableParser
{
    /// <summary>Keys longer than this are lower-cased on the heap instead of the stack (they are rare).</summary>
    private const int StackKeyLength = 64;

    public static IReadOnlyList<TableEntry> Parse(string text, string file)
    {
        var entries = new List<TableEntry>(text.AsSpan().Count('\n') + 1);
        ParseEach(text, file, entries.Add);
        return entries;
    }

    /// <summary>
    /// As <see cref="Parse"/>, handing each entry to <paramref name="entry"/> as soon as its line is read (and checked
    /// against the names before it), so a caller that keeps something else per line lets the entries die young.
    /// </summary>
    internal static void ParseEach(string text, string file, Action<TableEntry> entry)
    {
        var seen = new Dictionary<string, int>(text.AsSpan().Count('\n') + 1, StringComparer.Ordinal);
        var state = new LineState();
        var lineNumber = 0;
        var rest = text.AsSpan();
        while (true)
        {
            lineNumber++;
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            if (line.EndsWith('\r')) line = line[..^1];
            var parsed = ParseLine(line, file, lineNumber, state);
            if (parsed is not null)
            {
                if (!seen.TryAdd(parsed.Name, lineNumber))
                    throw new TableFormatException(file, lineNumber, 1, $"\"{parsed.Name}\" is already defined on line {seen[parsed.Name]}; expected each name once");
                entry(parsed);
            }
            if (newline < 0) break;
            rest = rest[(newline + 1)..];
        }
    }

    /// <summary>What lines of one table share: one string per distinct key, and the previous line's key list.</summary>
    private sealed class LineState
    {
        public readonly Dictionary<string, string> KeyNames = new(StringComparer.Ordinal);
        public string[] LastKeys = [];
    }

    public static IReadOnlyList<TableEntry> Load(string path) => Parse(File.ReadAllText(path), path);

    private static TableEntry? ParseLine(ReadOnlySpan<char> line, string file, int lineNumber, LineState state)
    {
        var pos = SkipSpace(line, 0);
        if (pos >= line.Length || line[pos] == '#') return null;

        var nameStart = pos;
        while (pos < line.Length && !char.IsWhiteSpace(line[pos]) && line[pos] != '#') pos++;
        var name = line[nameStart..pos];
        if (name.Contains('='))
            throw new TableFormatException(file, lineNumber, nameStart + 1, $"expected an entry name first, saw \"{name}\"");
        CheckWord(name, file, lineNumber, nameStart, "name");

        string[]? keys = null, values = null;
        int[]? columns = null;
        var count = 0;
        while (true)
        {
            pos = SkipSpace(line, pos);
            if (pos >= line.Length || line[pos] == '#') break;
            var keyStart = pos;
            while (pos < line.Length && line[pos] != '=' && !char.IsWhiteSpace(line[pos]) && line[pos] != '#') pos++;
            var keySpan = line[keyStart..pos];
            if (pos >= line.Length || line[pos] != '=')
                throw new TableFormatException(file, lineNumber, keyStart + 1, $"expected key=value, saw \"{keySpan}\"");
            CheckWord(keySpan, file, lineNumber, keyStart, "key");
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
                value = new string(line[valueStart..pos]);
            }
            var key = KeyName(keySpan, state.KeyNames);
            for (var i = 0; i < count; i++)
            {
                if (ReferenceEquals(keys![i], key))
                    throw new TableFormatException(file, lineNumber, keyStart + 1, $"key \"{key}\" is given twice; expected each key once per line");
            }
            if (keys is null || count == keys.Length)
            {
                var size = Math.Max(8, count * 2);
                Array.Resize(ref keys, size);
                Array.Resize(ref values, size);
                Array.Resize(ref columns, size);
            }
            keys[count] = key;
            values![count] = value;
            columns![count] = valueColumn;
            count++;
        }
        if (count == 0) return new TableEntry(file, lineNumber, new string(name), [], [], []);
        if (count != values!.Length)
        {
            Array.Resize(ref values, count);
            Array.Resize(ref columns, count);
        }
        // lines of a table mostly write the same keys in the same order: they share one key list (keys are interned)
        if (state.LastKeys.AsSpan().SequenceEqual(keys.AsSpan(0, count))) keys = state.LastKeys;
        else
        {
            Array.Resize(ref keys, count);
            state.LastKeys = keys;
        }
        return new TableEntry(file, lineNumber, new string(name), keys, values, columns!);
    }

    /// <summary>The lower-cased key, one string per distinct key of the table (so keys compare by reference too).</summary>
    private static string KeyName(ReadOnlySpan<char> key, Dictionary<string, string> keyNames)
    {
        Span<char> lower = key.Length <= StackKeyLength ? stackalloc char[key.Length] : new char[key.Length];
        key.ToLowerInvariant(lower);
        var lookup = keyNames.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(lower, out var known)) return known;
        var text = new string(lower);
        keyNames.Add(text, text);
        return text;
    }

    private static (string, int) Quoted(ReadOnlySpan<char> line, int pos, string file, int lineNumber)
    {
        var open = pos++;
        var start = pos;
        StringBuilder? sb = null;
        while (pos < line.Length)
        {
            var c = line[pos++];
            if (c == '"')
            {
                if (pos < line.Length && !char.IsWhiteSpace(line[pos]) && line[pos] != '#')
                    throw new TableFormatException(file, lineNumber, pos + 1, $"expected a space after the closing quote, saw '{line[pos]}'");
                return (sb is null ? new string(line[start..(pos - 1)]) : sb.ToString(), pos);
            }
            if (c == '\\' && pos < line.Length && line[pos] is '"' or '\\')
            {
                // the first escape switches to copying; values without escapes are one slice of the line
                sb ??= new StringBuilder().Append(line[start..(pos - 1)]);
                c = line[pos++];
            }
            sb?.Append(c);
        }
        throw new TableFormatException(file, lineNumber, open + 1, "unterminated quoted value; expected a closing \"");
    }

    private static void CheckWord(ReadOnlySpan<char> word, string file, int lineNumber, int start, string what)
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

    private static int SkipSpace(ReadOnlySpan<char> line, int pos)
    {
        while (pos < line.Length && char.IsWhiteSpace(line[pos])) pos++;
        return pos;
    }
}
