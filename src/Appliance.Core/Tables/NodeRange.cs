using System.Globalization;

namespace Appliance.Core.Tables;

/// <summary>
/// xCAT-style noderanges against a node table. Comma-separated parts, left to right:
/// <list type="bullet">
/// <item><c>node01</c> — a node; <c>compute</c> — every member of a group (<c>groups=</c> in the node table);</item>
/// <item><c>node[01-64]</c> — a numeric range in brackets, zero padding kept; <c>node[1,3,5-7]</c> lists too;</item>
/// <item><c>node01-node64</c> — a range between two names with one prefix (a literal node or group name wins);</item>
/// <item><c>-part</c> — removes what <c>part</c> expands to (<c>compute,-node05</c>);</item>
/// <item><c>^file</c> — names from a file, one a line, <c>#</c> comments.</item>
/// </list>
/// The result keeps first-seen order without duplicates. Every name must be in the node table.
/// </summary>
public static class NodeRange
{
    private const int MaxExpansion = 1_000_000;

    public static IReadOnlyList<Node> Expand(string range, NodeTable table, string? baseDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(range)) throw new NodeRangeException("empty noderange; expected node names, groups or ranges like node[01-10]");
        var result = new List<Node>();
        var included = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var rawPart in SplitTopLevel(range))
        {
            var part = rawPart.Trim();
            if (part.Length == 0) throw new NodeRangeException($"noderange \"{range}\" has an empty part; expected names between commas");
            var exclude = part[0] == '-';
            if (exclude) part = part[1..];
            var names = part.StartsWith('^') ? ReadFile(part[1..], baseDirectory) : [part];
            foreach (var name in names)
            {
                foreach (var node in ExpandOne(name, table, unknown))
                {
                    if (exclude) included.Remove(node.Name);
                    else if (included.Add(node.Name)) result.Add(node);
                }
            }
        }
        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", unknown.Distinct().Take(10));
            var more = unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "";
            throw new NodeRangeException($"unknown node or group: {shown}{more} (not in {table.File})");
        }
        // Excluded nodes were dropped from the set only; a node excluded and added again keeps its first position.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return result.Where(n => included.Contains(n.Name) && seen.Add(n.Name)).ToList();
    }

    private static IEnumerable<Node> ExpandOne(string name, NodeTable table, List<string> unknown)
    {
        if (table.TryGet(name, out var node)) return [node];
        if (table.TryGetGroup(name, out var members)) return members;
        var names = name.Contains('[') ? ExpandBrackets(name) : ExpandDashRange(name);
        if (names is null)
        {
            unknown.Add(name);
            return [];
        }
        var nodes = new List<Node>();
        foreach (var n in names)
        {
            if (table.TryGet(n, out var found)) nodes.Add(found);
            else unknown.Add(n);
        }
        return nodes;
    }

    /// <summary><c>prefix[a-b,c]suffix</c>, brackets may repeat (<c>r[1-2]n[01-02]</c>).</summary>
    private static List<string> ExpandBrackets(string pattern)
    {
        var open = pattern.IndexOf('[');
        var close = pattern.IndexOf(']', open + 1);
        if (close < 0) throw new NodeRangeException($"\"{pattern}\": '[' at {open + 1} has no ']'; expected node[01-10]");
        var prefix = pattern[..open];
        var rest = pattern[(close + 1)..];
        var tails = rest.Contains('[') ? ExpandBrackets(rest) : [rest];
        var result = new List<string>();
        foreach (var item in pattern[(open + 1)..close].Split(','))
        {
            var dash = item.IndexOf('-');
            var (from, to) = dash < 0 ? (item, item) : (item[..dash], item[(dash + 1)..]);
            if (!IsDigits(from) || !IsDigits(to))
                throw new NodeRangeException($"\"{pattern}\": \"{item}\" in brackets; expected numbers like 01-64");
            var width = from.Length > 1 && from[0] == '0' || from.Length == to.Length ? from.Length : 0;
            AddRange(result, prefix, ParseNumber(from, pattern), ParseNumber(to, pattern), width, tails, pattern);
        }
        return result;
    }

    /// <summary><c>node01-node64</c>: same non-numeric prefix, numeric tails; null when it is not such a range.</summary>
    private static List<string>? ExpandDashRange(string part)
    {
        var dash = part.IndexOf('-');
        while (dash > 0)
        {
            var (left, right) = (part[..dash], part[(dash + 1)..]);
            var (lp, ln) = SplitNumber(left);
            var (rp, rn) = SplitNumber(right);
            if (ln.Length > 0 && rn.Length > 0 && lp == rp)
            {
                var result = new List<string>();
                AddRange(result, lp, ParseNumber(ln, part), ParseNumber(rn, part), ln[0] == '0' || ln.Length == rn.Length ? ln.Length : 0, [""], part);
                return result;
            }
            dash = part.IndexOf('-', dash + 1);
        }
        return null;
    }

    private static void AddRange(List<string> result, string prefix, long from, long to, int width, List<string> tails, string pattern)
    {
        if (to < from) throw new NodeRangeException($"\"{pattern}\": range {from}-{to} runs backwards; expected low-high");
        if ((to - from + 1) * tails.Count + result.Count > MaxExpansion)
            throw new NodeRangeException($"\"{pattern}\" expands to more than {MaxExpansion} names");
        for (var i = from; i <= to; i++)
        {
            var number = i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            foreach (var tail in tails) result.Add(prefix + number + tail);
        }
    }

    private static (string Prefix, string Number) SplitNumber(string s)
    {
        var i = s.Length;
        while (i > 0 && char.IsAsciiDigit(s[i - 1])) i--;
        return (s[..i], s[i..]);
    }

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static long ParseNumber(string digits, string pattern) =>
        digits.Length <= 9 ? long.Parse(digits, CultureInfo.InvariantCulture)
            : throw new NodeRangeException($"\"{pattern}\": number {digits} is too long; expected at most 9 digits");

    private static IEnumerable<string> SplitTopLevel(string range)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < range.Length; i++)
        {
            if (range[i] == '[') depth++;
            else if (range[i] == ']') depth--;
            else if (range[i] == ',' && depth == 0)
            {
                yield return range[start..i];
                start = i + 1;
            }
        }
        yield return range[start..];
    }

    private static IEnumerable<string> ReadFile(string path, string? baseDirectory)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory ?? Environment.CurrentDirectory, path);
        if (!File.Exists(full)) throw new NodeRangeException($"noderange file {full} does not exist (from ^{path})");
        foreach (var line in File.ReadLines(full))
        {
            var hash = line.IndexOf('#');
            var name = (hash >= 0 ? line[..hash] : line).Trim();
            if (name.Length > 0) yield return name;
        }
    }
}
