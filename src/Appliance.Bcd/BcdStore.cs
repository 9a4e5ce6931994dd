using System.Globalization;
using Appliance.Registry;

namespace Appliance.Bcd;

/// <summary>
/// A BCD store: objects and their elements, kept as a registry hive. Hive layout (as bcdedit writes it):
/// root\Description\KeyName = "BCD00000001"; root\Objects\{guid}\Description\Type (REG_DWORD);
/// root\Objects\{guid}\Elements\&lt;8 lower-case hex digits, as in Microsoft's stores&gt;\Element.
/// </summary>
public sealed class BcdStore
{
    public const string RootKeyName = "NewStoreRoot";
    public const string StoreKeyName = "BCD00000001";
    private const string DescriptionKey = "Description";
    private const string KeyNameValue = "KeyName";
    private const string ObjectsKey = "Objects";
    private const string ElementsKey = "Elements";
    private const string TypeValue = "Type";

    private readonly List<BcdObject> _objects = [];

    public IReadOnlyList<BcdObject> Objects => _objects;

    public BcdObject Add(BcdObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Find(obj.Id) is not null)
            throw new InvalidOperationException($"object {BcdWellKnownObjects.Format(obj.Id)} is in the store already");
        _objects.Add(obj);
        return obj;
    }

    public BcdObject? Find(Guid id) => _objects.FirstOrDefault(o => o.Id == id);

    public RegistryKey ToHive(DateTime timestampUtc)
    {
        var root = new RegistryKey(RootKeyName) { LastWriteTimeUtc = timestampUtc };
        root.CreateSubKey(DescriptionKey).SetValue(RegistryValue.String(KeyNameValue, StoreKeyName));
        var objects = root.CreateSubKey(ObjectsKey);
        foreach (var obj in _objects)
        {
            var key = objects.CreateSubKey(BcdWellKnownObjects.Format(obj.Id));
            key.CreateSubKey(DescriptionKey).SetValue(RegistryValue.DWord(TypeValue, obj.Type));
            var elements = key.CreateSubKey(ElementsKey);
            foreach (var element in obj.Elements)
                elements.CreateSubKey(element.Id.ToString("x8", CultureInfo.InvariantCulture)).SetValue(element.Value);
        }
        return root;
    }

    /// <summary>The store as regf bytes (deterministic for a given store and timestamp).</summary>
    public byte[] ToBytes(DateTime timestampUtc) =>
        HiveWriter.Write(ToHive(timestampUtc), new HiveWriterOptions { TimestampUtc = timestampUtc, FileName = "BCD" });

    public static BcdStore Load(string path)
    {
        RegistryKey root;
        try
        {
            root = HiveReader.Load(path);
        }
        catch (HiveFormatException e)
        {
            throw new BcdFormatException(BcdErrorReason.NotABcdStore, $"{path}: not a readable registry hive: {e.Message}");
        }
        return FromHive(root, path);
    }

    public static BcdStore FromBytes(ReadOnlySpan<byte> hive, string source = "store") => FromHive(HiveReader.Read(hive), source);

    public static BcdStore FromHive(RegistryKey root, string source = "store")
    {
        var objects = root.GetSubKey(ObjectsKey)
            ?? throw new BcdFormatException(BcdErrorReason.NotABcdStore,
                $"{source}: expected a key \"Objects\" under the hive root \"{root.Name}\", saw [{string.Join(", ", root.SubKeys.Select(k => k.Name))}]");
        var store = new BcdStore();
        foreach (var key in objects.SubKeys)
        {
            if (!Guid.TryParseExact(key.Name, "B", out var id))
                throw new BcdFormatException(BcdErrorReason.BadObjectKey,
                    $"{source}: Objects\\{key.Name}: expected an object key named {{guid}}");
            var type = key.OpenSubKey(DescriptionKey)?.GetValue(TypeValue);
            if (type is null || type.Kind != RegistryValueKind.DWord || type.Data.Length != 4)
                throw new BcdFormatException(BcdErrorReason.MissingObjectType,
                    $"{source}: Objects\\{key.Name}\\Description\\Type: expected a REG_DWORD, saw {type?.ToString() ?? "nothing"}");
            var obj = store.Add(new BcdObject(id, type.AsDWord()));
            foreach (var elementKey in key.GetSubKey(ElementsKey)?.SubKeys ?? [])
            {
                var where = $"{source}: Objects\\{key.Name}\\Elements\\{elementKey.Name}";
                if (elementKey.Name.Length != 8 || !uint.TryParse(elementKey.Name, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var elementId))
                    throw new BcdFormatException(BcdErrorReason.BadElementKey, $"{where}: expected 8 hex digits as the element key name");
                var value = elementKey.GetValue(BcdElement.ValueName)
                    ?? throw new BcdFormatException(BcdErrorReason.MissingElementValue, $"{where}: expected a value named Element");
                obj.Set(BcdElement.FromRegistry(elementId, value, where));
            }
        }
        return store;
    }
}
