namespace Appliance.Bcd;

/// <summary>An object of a store: its GUID, its type code and its elements keyed by id.</summary>
public sealed class BcdObject(Guid id, uint type)
{
    private readonly SortedDictionary<uint, BcdElement> _elements = [];

    public Guid Id { get; } = id;
    public uint Type { get; } = type;

    /// <summary>Elements in id order.</summary>
    public IEnumerable<BcdElement> Elements => _elements.Values;

    public BcdObject Set(BcdElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        _elements[element.Id] = element;
        return this;
    }

    public BcdElement? Get(uint id) => _elements.GetValueOrDefault(id);

    public BcdElement Require(uint id) =>
        Get(id) ?? throw new BcdFormatException(BcdErrorReason.MissingElementValue,
            $"object {BcdWellKnownObjects.Format(Id)}: expected element {id:X8}, it is absent");

    public override string ToString() => $"{BcdWellKnownObjects.Format(Id)} type 0x{Type:X8} ({_elements.Count} elements)";
}
