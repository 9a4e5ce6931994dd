using Appliance.Core.Tables;

namespace Appliance.Unattend.Install;

/// <summary>
/// Everything the tables say about one node's installation: the node's line, its osimage's line and the site
/// table. Keys are lower-case (the table parser lower-cases them).
/// </summary>
public sealed record NodeInputs
{
    public required string Node { get; init; }
    public required IReadOnlyDictionary<string, string> NodeAttributes { get; init; }
    public required string OsImage { get; init; }
    public required IReadOnlyDictionary<string, string> OsImageAttributes { get; init; }
    public IReadOnlyDictionary<string, string> Site { get; init; } = new Dictionary<string, string>();

    /// <summary>From the Core tables.</summary>
    public static NodeInputs From(Node node, OsImage osImage, IReadOnlyDictionary<string, string> site) => new()
    {
        Node = node.Name, NodeAttributes = node.Attributes, OsImage = osImage.Name,
        OsImageAttributes = osImage.Attributes, Site = site,
    };

    /// <summary>A value by precedence node, then osimage, then site; null when none sets it.</summary>
    public string? Get(string key) =>
        NodeAttributes.TryGetValue(key, out var v) ? v
        : OsImageAttributes.TryGetValue(key, out v) ? v
        : Site.TryGetValue(key, out v) ? v : null;
}
