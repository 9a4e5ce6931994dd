using System.Text;
using System.Xml;

namespace Appliance.Unattend.Templates;

public sealed partial class Template
{
    /// <summary>Where a stretch of output came from, to turn an XML error position into a template line.</summary>
    private readonly record struct Segment(int OutputLine, int TemplateLine, string? Variable);

    /// <summary>
    /// Renders the template. Throws <see cref="UnattendException"/> naming this file and line for an unknown
    /// variable, a loop over something that is not a list, or (XML templates) output that is not well-formed.
    /// </summary>
    public string Render(TemplateVariables variables, string? node = null)
    {
        // The output buffer and line map are reused by the next render on this thread (a batch renders thousands).
        var builder = t_output ?? new StringBuilder();
        var segments = t_segments ?? [];
        t_output = null;
        t_segments = null;
        builder.Clear();
        segments.Clear();
        var state = new RenderState(this, variables, node, builder, segments);
        state.Emit(_nodes);
        var output = builder.ToString();
        if (Syntax == TemplateSyntax.Xml) CheckWellFormed(output, segments, state.RawValues, node);
        if (builder.Capacity <= MaxRetainedChars)
        {
            t_output = builder;
            t_segments = segments;
        }
        return output;
    }

    private const int MaxRetainedChars = 1 << 20;
    [ThreadStatic] private static StringBuilder? t_output;
    [ThreadStatic] private static List<Segment>? t_segments;

    private sealed class RenderState(Template template, TemplateVariables variables, string? node, StringBuilder output, List<Segment> segments)
    {
        private readonly List<(string Name, IReadOnlyDictionary<string, string> Item)> _scopes = [];
        private int _outputLine = 1;

        public StringBuilder Output { get; } = output;
        /// <summary>Raw values inserted, checked one by one only when the whole output is not well-formed.</summary>
        public List<(ValueNode Node, string Value)> RawValues { get; } = [];
        public List<Segment> Segments { get; } = segments;

        public void Emit(List<TemplateNode> nodes)
        {
            foreach (var n in nodes)
            {
                switch (n)
                {
                    case TextNode t:
                        Append(t.Text, t.Line, null);
                        break;
                    case ValueNode v:
                        var value = Lookup(v.Name, out _) ?? v.Fallback;
                        if (value is null)
                            throw new UnattendException(UnattendError.UnknownVariable,
                                $"${{{v.Name}}} is not set by the node, osimage or site table; set it there, or write ${{{v.Name}:-default}} or guard it with {{{{if {v.Name}}}}}",
                                template.File, v.Line, node);
                        if (v.Raw) RawValues.Add((v, value));
                        Append(v.Raw || template.Syntax == TemplateSyntax.Text ? value : Escape(value), v.Line, v.Name);
                        break;
                    case IfNode i:
                        var current = Lookup(i.Condition.Name, out _);
                        var truth = i.Condition.Compare is { } word
                            ? string.Equals(current ?? "", word, StringComparison.OrdinalIgnoreCase)
                            : TemplateCondition.IsTruthy(current);
                        Emit(truth != i.Condition.Negate ? i.Then : i.Else);
                        break;
                    case ForNode f:
                        if (!variables.TryGetList(f.List, out var items))
                            throw new UnattendException(UnattendError.NotAList,
                                $"{{{{for {f.Item} in {f.List}}}}}: \"{f.List}\" is not a list; expected one of the generated lists (nics)",
                                template.File, f.Line, node);
                        foreach (var item in items)
                        {
                            _scopes.Add((f.Item, item));
                            Emit(f.Body);
                            _scopes.RemoveAt(_scopes.Count - 1);
                        }
                        break;
                }
            }
        }

        /// <summary>A loop item's field (<c>nic.mac</c>) first, then the scalars; null when unset.</summary>
        private string? Lookup(string name, out bool found)
        {
            var dot = name.IndexOf('.');
            if (dot > 0)
            {
                var head = name.AsSpan(0, dot);
                for (var s = _scopes.Count - 1; s >= 0; s--)
                {
                    if (!head.Equals(_scopes[s].Name, StringComparison.OrdinalIgnoreCase)) continue;
                    found = _scopes[s].Item.TryGetValue(name[(dot + 1)..], out var field);
                    return field;
                }
            }
            found = variables.TryGet(name, out var value);
            return found ? value : null;
        }

        private void Append(string text, int templateLine, string? variable)
        {
            Segments.Add(new Segment(_outputLine, templateLine, variable));
            Output.Append(text);
            _outputLine += text.AsSpan().Count('\n');
        }
    }

    /// <summary>Escapes the five XML special characters (XML 1.0 §2.4) so a value can sit in text or an attribute.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0) return value;
        var sb = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => null,
            });
            if (c is not ('&' or '<' or '>' or '"' or '\'')) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A raw value must be well-formed on its own, so an error names it rather than a later closing tag.</summary>
    private static void CheckFragment(string value, ValueNode v, string file, string? node)
    {
        if (value.Length == 0) return;
        try
        {
            var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(value), settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            throw new UnattendException(UnattendError.NotWellFormed,
                $"the value of ${{raw:{v.Name}}} is not well-formed XML: {e.Message}", file, v.Line, node);
        }
    }

    private void CheckWellFormed(string output, List<Segment> segments, List<(ValueNode Node, string Value)> rawValues, string? node)
    {
        // The cheap proof covers every answer file of the shipped templates; the reader decides (and locates) the rest.
        if (XmlSubsetCheck.IsCertainlyWellFormed(output)) return;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(output), settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            // Blame a raw value that is broken on its own, rather than the closing tag where the parser noticed.
            foreach (var (v, value) in rawValues) CheckFragment(value, v, File, node);
            var (line, variable) = MapLine(segments, e.LineNumber);
            var inValue = variable is null ? "" : $" (in the value of ${{{variable}}})";
            throw new UnattendException(UnattendError.NotWellFormed,
                $"the answer file is not well-formed XML{inValue}: {e.Message}", File, line, node);
        }
    }

    private static (int Line, string? Variable) MapLine(List<Segment> segments, int outputLine)
    {
        Segment? best = null;
        foreach (var s in segments)
        {
            if (s.OutputLine > outputLine) break;
            best = s;
        }
        if (best is not { } b) return (1, null);
        return b.Variable is null ? (b.TemplateLine + (outputLine - b.OutputLine), null) : (b.TemplateLine, b.Variable);
    }
}
