using Appliance.Core.Hosting;
using Appliance.Unattend.Templates;

namespace Appliance.Hosts.Floppygen;

/// <summary>A <c>--file [NAME=]PATH</c>: fixed bytes, or a <c>.tmpl</c> text template rendered per node.</summary>
internal sealed class ExtraFile
{
    private ExtraFile(string name, byte[]? bytes, Template? template)
    {
        Name = name;
        Bytes = bytes;
        Template = template;
    }

    public string Name { get; }
    public byte[]? Bytes { get; }
    public Template? Template { get; }

    public static ExtraFile Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        var path = eq > 0 ? spec[(eq + 1)..] : spec;
        var isTemplate = path.EndsWith(".tmpl", StringComparison.OrdinalIgnoreCase);
        var name = eq > 0 ? spec[..eq] : Path.GetFileName(isTemplate ? path[..^".tmpl".Length] : path);
        if (!File.Exists(path)) throw new UsageException($"--file {spec}: {path} does not exist");
        return isTemplate
            ? new ExtraFile(name, null, Template.Load(path, TemplateSyntax.Text))
            : new ExtraFile(name, File.ReadAllBytes(path), null);
    }
}
