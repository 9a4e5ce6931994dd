namespace Appliance.Unattend.Templates;

/// <summary>A parsed piece of a template; <see cref="Line"/> is where it starts in the template file.</summary>
internal abstract class TemplateNode(int line)
{
    public int Line { get; } = line;
}

internal sealed class TextNode(string text, int line) : TemplateNode(line)
{
    public string Text { get; } = text;
}

/// <summary><c>${name}</c>, <c>${raw:name}</c>, <c>${name:-fallback}</c>.</summary>
internal sealed class ValueNode(string name, bool raw, string? fallback, int line) : TemplateNode(line)
{
    public string Name { get; } = name;
    public bool Raw { get; } = raw;
    public string? Fallback { get; } = fallback;
}

/// <summary><c>{{if cond}}…{{else}}…{{end}}</c>.</summary>
internal sealed class IfNode(TemplateCondition condition, int line) : TemplateNode(line)
{
    public TemplateCondition Condition { get; } = condition;
    public List<TemplateNode> Then { get; } = [];
    public List<TemplateNode> Else { get; } = [];
    public bool InElse { get; set; }
}

/// <summary><c>{{for item in list}}…{{end}}</c>.</summary>
internal sealed class ForNode(string item, string list, int line) : TemplateNode(line)
{
    public string Item { get; } = item;
    public string List { get; } = list;
    public List<TemplateNode> Body { get; } = [];
}

/// <summary>
/// An if-condition: <c>name</c> (set, non-empty and not no/false/0/off), <c>not name</c>, <c>name == word</c>,
/// <c>name != word</c> (case-insensitive; the word may be in double quotes).
/// </summary>
internal readonly record struct TemplateCondition(string Name, bool Negate, string? Compare)
{
    public static bool IsTruthy(string? value) =>
        !string.IsNullOrEmpty(value) && !value.Equals("no", StringComparison.OrdinalIgnoreCase)
        && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0"
        && !value.Equals("off", StringComparison.OrdinalIgnoreCase);
}
