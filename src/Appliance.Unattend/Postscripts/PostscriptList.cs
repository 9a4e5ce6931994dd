using System.Text;

namespace Appliance.Unattend.Postscripts;

/// <summary>
/// Parses a <c>postscripts=</c> / <c>postbootscripts=</c> value: commands separated by commas, each a script name
/// followed by arguments separated by spaces. Single or double quotes group an argument that holds spaces or commas
/// (<c>setdns.ps1 'a b',join.cmd OU=Servers</c>). An argument such as <c>mode=static</c> stays an argument: xCAT's
/// parser turned <c>key=value</c> words into variables, which we do not copy.
/// </summary>
public static class PostscriptList
{
    /// <summary>The osimage's commands first, then the node's (the xCAT order).</summary>
    public static IReadOnlyList<PostscriptCommand> Combine(string? osImageValue, string? nodeValue, string key, string node) =>
        [.. Parse(osImageValue, "osimage", key, node), .. Parse(nodeValue, "node", key, node)];

    public static IReadOnlyList<PostscriptCommand> Parse(string? value, string origin, string key, string node)
    {
        var result = new List<PostscriptCommand>();
        if (string.IsNullOrWhiteSpace(value)) return result;
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        var quoteAt = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            var end = i == value.Length;
            var c = end ? ',' : value[i];
            if (quote != '\0' && !end)
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }
            if (quote != '\0')
                throw new UnattendException(UnattendError.BadAttribute,
                    $"{key} (from {origin}): the quote at character {quoteAt + 1} of \"{value}\" is not closed; expected a closing {quote}", node: node);
            if (c is '"' or '\'') { quote = c; quoteAt = i; inWord = true; continue; }
            if (c is ' ' or '\t' or ',')
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                if (c == ',')
                {
                    if (words.Count > 0) result.Add(new PostscriptCommand(words[0], [.. words.Skip(1)], origin));
                    words.Clear();
                }
                continue;
            }
            word.Append(c);
            inWord = true;
        }
        foreach (var cmd in result)
        {
            if (cmd.Script.Length == 0 || cmd.Script.IndexOfAny(['/', '\\']) >= 0 || cmd.Script is "." or "..")
                throw new UnattendException(UnattendError.BadAttribute,
                    $"{key} (from {origin}): \"{cmd.Script}\" is not a script name; expected a file name under winpostscripts/", node: node);
        }
        return result;
    }
}
