using Appliance.Core.Tables;

namespace Appliance.Unattend.Install;

/// <summary>
/// The site table (<c>/etc/appliance/site</c>): the node-table syntax, conventionally one line
/// <c>site master=192.0.2.1 timezone=Europe/Berlin domain=example.com …</c>. The keys of every line are merged
/// (a key on two lines is an error naming both).
/// </summary>
public static class SiteTable
{
    /// <summary>Loads the site table; a missing file is an empty table.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Parse(string text, string file)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var where = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in TableParser.Parse(text, file))
        {
            foreach (var key in entry.Keys)
            {
                if (where.TryGetValue(key, out var first))
                    throw entry.Error(key, $"site key \"{key}\" is already set on line {first}; expected each key once");
                where[key] = entry.Line;
                result[key] = entry.Get(key)!;
            }
        }
        return result;
    }
}
