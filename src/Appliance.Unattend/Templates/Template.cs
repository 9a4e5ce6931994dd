using System.Text;

namespace Appliance.Unattend.Templates;

/// <summary>
/// An answer-file template, parsed once and rendered per node. The syntax (docs/ARCHITECTURE.md, "Answer-file
/// templates"):
/// <list type="bullet">
/// <item><c>${name}</c> — a value, XML-escaped in <see cref="TemplateSyntax.Xml"/> templates; unknown names are errors.</item>
/// <item><c>${name:-fallback}</c> — the fallback text when no table sets <c>name</c>.</item>
/// <item><c>${raw:NAME}</c> — inserted unescaped: for generated XML fragments such as <c>${raw:WINNETCFG}</c>.</item>
/// <item><c>{{if cond}}…{{else}}…{{end}}</c>, cond being <c>name</c>, <c>not name</c>, <c>name == word</c> or <c>name != word</c>.</item>
/// <item><c>{{for nic in nics}}…{{end}}</c> — repeats for each record of a list; fields as <c>${nic.mac}</c>.</item>
/// <item><c>{{# comment}}</c>; <c>$${</c> writes a literal <c>${</c>. A line holding only a directive leaves no blank line.</item>
/// </list>
/// </summary>
public sealed partial class Template
{
    private readonly List<TemplateNode> _nodes;

    private Template(string file, TemplateSyntax syntax, List<TemplateNode> nodes)
    {
        File = file;
        Syntax = syntax;
        _nodes = nodes;
    }

    /// <summary>The file name used in error messages.</summary>
    public string File { get; }

    public TemplateSyntax Syntax { get; }

    /// <summary>Reads and parses a template; <c>.xml</c> files are <see cref="TemplateSyntax.Xml"/>, others text.</summary>
    public static Template Load(string path, TemplateSyntax? syntax = null)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnattendException(UnattendError.MissingTemplate, $"cannot read the template: {e.Message}", path);
        }
        return Parse(text, path, syntax);
    }

    /// <summary>Parses template text; <paramref name="file"/> names it in errors.</summary>
    public static Template Parse(string text, string file, TemplateSyntax? syntax = null)
    {
        var kind = syntax ?? (file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? TemplateSyntax.Xml : TemplateSyntax.Text);
        return new Template(file, kind, new Parser(text, file).Run());
    }
}
