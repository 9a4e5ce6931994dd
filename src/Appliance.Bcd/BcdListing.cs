using System.Globalization;
using System.Text;

namespace Appliance.Bcd;

/// <summary>
/// Prints a store the way `bcdedit /enum all` does: one block per object under a heading, the identifier first
/// ({bootmgr}, {default}, {ramdiskoptions} or the GUID), then "name value" lines with the name padded to 24 columns.
/// With <c>verbose</c> GUIDs are printed instead of aliases, like `bcdedit /v`.
/// </summary>
public static class BcdListing
{
    private const int NameColumn = 24;

    public static string Format(BcdStore store, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        var defaultId = store.Find(BcdWellKnownObjects.BootManager)?.Get(BcdElementIds.DefaultObject)?.AsObject();
        string Name(Guid id)
        {
            if (!verbose)
            {
                if (BcdWellKnownObjects.Alias(id) is { } alias) return "{" + alias + "}";
                if (id == defaultId) return "{default}";
            }
            return BcdWellKnownObjects.Format(id);
        }

        var sb = new StringBuilder();
        foreach (var obj in OrderForListing(store))
        {
            if (sb.Length > 0) sb.Append('\n');
            var heading = BcdObjectTypes.Heading(obj.Type);
            sb.Append(heading).Append('\n').Append('-', heading.Length).Append('\n');
            Line(sb, "identifier", Name(obj.Id));
            foreach (var element in obj.Elements)
            {
                var name = BcdElementNames.Name(obj.Type, element.Id);
                var values = Values(element, Name);
                for (var i = 0; i < values.Count; i++) Line(sb, i == 0 ? name : "", values[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>bcdedit lists the boot manager first, then applications, then the rest.</summary>
    private static IEnumerable<BcdObject> OrderForListing(BcdStore store) =>
        store.Objects.OrderBy(o => o.Id == BcdWellKnownObjects.BootManager ? 0 : (o.Type >> 28) == 1 ? 1 : 2);

    private static List<string> Values(BcdElement element, Func<Guid, string> name)
    {
        try
        {
            return element.Format switch
            {
                BcdElementFormat.Device => [element.AsDevice().ToDisplayString(name)],
                BcdElementFormat.String => [element.AsString()],
                BcdElementFormat.Object => [name(element.AsObject())],
                BcdElementFormat.ObjectList => element.AsObjectList().Select(name).DefaultIfEmpty("").ToList(),
                BcdElementFormat.Integer => [element.AsInteger().ToString(CultureInfo.InvariantCulture)],
                BcdElementFormat.Boolean when element.Value.Data.Length == 1 => [element.AsBoolean() ? "Yes" : "No"],
                BcdElementFormat.Boolean => [element.AsInteger().ToString(CultureInfo.InvariantCulture)],
                BcdElementFormat.IntegerList => [string.Join(' ', element.AsIntegerList())],
                _ => [Convert.ToHexString(element.Value.Data.Span)],
            };
        }
        catch (BcdFormatException e)
        {
            return [$"<unreadable: {e.Message}>"];
        }
    }

    private static void Line(StringBuilder sb, string name, string value) =>
        sb.Append(name.PadRight(NameColumn)).Append(value).Append('\n');
}
