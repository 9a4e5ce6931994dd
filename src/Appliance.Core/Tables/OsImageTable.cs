namespace Appliance.Core.Tables;

/// <summary>
/// The osimage table (<c>/etc/appliance/osimages</c>): <c>name winpe=&lt;winpe&gt; template=… productkey=… postscripts="…" …</c>.
/// xCAT's <c>winpepath=winboot/&lt;name&gt;/</c> is accepted in place of <c>winpe=</c>.
/// </summary>
public sealed class OsImageTable
{
    private readonly Dictionary<string, OsImage> _byName;

    private OsImageTable(List<OsImage> images, string file)
    {
        File = file;
        Images = images;
        _byName = images.ToDictionary(i => i.Name, StringComparer.Ordinal);
    }

    public string File { get; }
    public IReadOnlyList<OsImage> Images { get; }

    public bool TryGet(string name, out OsImage image) => _byName.TryGetValue(name, out image!);

    public static OsImageTable Empty(string file) => new([], file);

    public static OsImageTable Load(string path) =>
        System.IO.File.Exists(path) ? Parse(System.IO.File.ReadAllText(path), path) : new OsImageTable([], path);

    public static OsImageTable Parse(string text, string file)
    {
        var images = new List<OsImage>();
        foreach (var e in TableParser.Parse(text, file))
        {
            var winpe = e.Get("winpe");
            if (winpe is null && e.Get("winpepath") is { } winpePath)
            {
                var trimmed = winpePath.Replace('\\', '/').Trim('/');
                const string prefix = "winboot/";
                if (!trimmed.StartsWith(prefix, StringComparison.Ordinal) || trimmed.Length == prefix.Length || trimmed.IndexOf('/', prefix.Length) >= 0)
                    throw e.Error("winpepath", $"osimage \"{e.Name}\": winpepath \"{winpePath}\"; expected winboot/<winpe>/");
                winpe = trimmed[prefix.Length..];
            }
            if (winpe is null)
                throw new TableFormatException(file, e.Line, 1, $"osimage \"{e.Name}\" has no winpe=; expected winpe=<name of a WinPE staged with winpe-stage>");
            if (winpe.Length == 0 || winpe is "." or ".." || winpe.IndexOfAny(['/', '\\']) >= 0)
                throw e.Error("winpe", $"osimage \"{e.Name}\": winpe \"{winpe}\"; expected a plain folder name");
            images.Add(new OsImage
            {
                Name = e.Name, WinPe = winpe, Template = e.Get("template"), ProductKey = e.Get("productkey"),
                Postscripts = e.Get("postscripts"), Postbootscripts = e.Get("postbootscripts"),
                Attributes = e.ToDictionary(), File = file, Line = e.Line,
            });
        }
        return new OsImageTable(images, file);
    }
}
