namespace Appliance.Rfb;

/// <summary>All needles of a directory (every `*.json` with its `*.png`), looked up by tag or by name.</summary>
public sealed class NeedleSet
{
    private readonly List<Needle> _needles = [];

    public IReadOnlyList<Needle> All => _needles;

    public static NeedleSet Load(string directory)
    {
        var set = new NeedleSet();
        if (!Directory.Exists(directory))
            throw new RfbException(RfbErrorReason.BadNeedle, $"needle directory {directory} does not exist");
        foreach (var json in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            set._needles.Add(Needle.Load(json));
        return set;
    }

    public void Add(Needle needle) => _needles.Add(needle);

    /// <summary>Needles named <paramref name="nameOrTag"/> or carrying it as a tag (openQA's assert_screen takes tags).</summary>
    public List<Needle> Find(string nameOrTag) =>
        _needles.Where(n => n.Name == nameOrTag || n.Tags.Contains(nameOrTag)).ToList();
}
