using System.Buffers;
using System.Text;
using System.Xml;

namespace Appliance.Unattend.Templates;

public sealed partial class Template
{
    /// <summary>Where a stretch of output came from, to turn an XML error position into a template line.</summary>
    /// <remarks>By output offset: lines are counted only when an error needs them, not on every render.</remarks>
    private readonly record struct Segment(int OutputOffset, int TemplateLine, string? Variable);

    /// <summary>
    /// Renders the template. Throws <see cref="UnattendException"/> naming this file and line for an unknown
    /// variable, a loop over something that is not a list, or (XML templates) output that is not well-formed.
    /// </summary>
    public string Render(TemplateVariables variables, string? node = null)
    {
        var state = RenderState.Rent(this, variables, node);
        var output = new string(state.Run());
        state.Return();
        return output;
    }

    /// <summary>
    /// Renders the template like <see cref="Render"/> and appends the output, UTF-8 without a byte-order mark, to
    /// <paramref name="destination"/>: a batch that reuses one writer allocates nothing per render for the output.
    /// </summary>
    public void RenderUtf8(TemplateVariables variables, string? node, IBufferWriter<byte> destination)
    {
        var state = RenderState.Rent(this, variables, node);
        var output = state.Run();
        var written = Encoding.UTF8.GetBytes(output, destination.GetSpan(Encoding.UTF8.GetMaxByteCount(output.Length)));
        destination.Advance(written);
        state.Return();
    }

    /// <summary>
    /// The work area of one render: the output characters, the line map and the raw values. One per thread is kept
    /// for the next render (a batch renders thousands), so a render allocates only its result.
    /// </summary>
    private sealed class RenderState
    {
        private const int InitialChars = 16 * 1024;
        private const int MaxRetainedChars = 1 << 20;
        [ThreadStatic] private static RenderState? t_spare;

        private readonly List<(string Name, IReadOnlyDictionary<string, string> Item)> _scopes = [];
        private readonly List<(ValueNode Node, string Value)> _rawValues = [];
        private readonly List<Segment> _segments = [];
        private readonly RenderSkeleton _skeleton = new();
        private readonly CharBuffer _output = new(InitialChars);
        private Template _template = null!;
        private TemplateVariables _variables = null!;
        private string? _node;

        public static RenderState Rent(Template template, TemplateVariables variables, string? node)
        {
            var state = t_spare ?? new RenderState();
            t_spare = null;
            state._template = template;
            state._variables = variables;
            state._node = node;
            state._output.Clear();
            state._skeleton.Clear();
            return state;
        }

        /// <summary>Keeps this state for the next render on this thread, without the caller's objects.</summary>
        public void Return()
        {
            _template = null!;
            _variables = null!;
            _node = null;
            _scopes.Clear();
            _rawValues.Clear();
            _segments.Clear();
            if (_output.Capacity <= MaxRetainedChars) t_spare = this;
        }

        /// <summary>
        /// Renders and checks (an XML render by its <see cref="RenderSkeleton"/> when that proves it, else in full); the
        /// output stays valid until <see cref="Return"/>.
        /// </summary>
        public ReadOnlySpan<char> Run()
        {
            Emit(_template._nodes);
            var output = _output.Span;
            if (_template.Syntax == TemplateSyntax.Xml && !_skeleton.Proves(_template))
                _template.CheckWellFormed(output, _segments, _rawValues, _node);
            return output;
        }

        private void Emit(List<TemplateNode> nodes)
        {
            foreach (var n in nodes)
            {
                switch (n)
                {
                    case TextNode t:
                        _segments.Add(new Segment(_output.Length, t.Line, null));
                        Append(t.Text);
                        if (_template.Syntax == TemplateSyntax.Xml) _skeleton.Text(t.Text);
                        break;
                    case ValueNode v:
                        var value = Lookup(v.Name) ?? v.Fallback;
                        if (value is null)
                            throw new UnattendException(UnattendError.UnknownVariable,
                                $"${{{v.Name}}} is not set by the node, osimage or site table; set it there, or write ${{{v.Name}:-default}} or guard it with {{{{if {v.Name}}}}}",
                                _template.File, v.Line, _node);
                        if (v.Raw) _rawValues.Add((v, value));
                        _segments.Add(new Segment(_output.Length, v.Line, v.Name));
                        if (_template.Syntax == TemplateSyntax.Text) Append(value);
                        else if (v.Raw)
                        {
                            Append(value);
                            _skeleton.Fragment(value);
                        }
                        else
                        {
                            var start = _output.Length;
                            AppendEscaped(value);
                            _skeleton.Value(value, _output.Slice(start));
                        }
                        break;
                    case IfNode i:
                        var current = Lookup(i.Condition.Name);
                        var truth = i.Condition.Compare is { } word
                            ? string.Equals(current ?? "", word, StringComparison.OrdinalIgnoreCase)
                            : TemplateCondition.IsTruthy(current);
                        Emit(truth != i.Condition.Negate ? i.Then : i.Else);
                        break;
                    case ForNode f:
                        if (!_variables.TryGetList(f.List, out var items))
                            throw new UnattendException(UnattendError.NotAList,
                                $"{{{{for {f.Item} in {f.List}}}}}: \"{f.List}\" is not a list; expected one of the generated lists (nics)",
                                _template.File, f.Line, _node);
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
        private string? Lookup(string name)
        {
            var dot = name.IndexOf('.');
            if (dot > 0)
            {
                var head = name.AsSpan(0, dot);
                for (var s = _scopes.Count - 1; s >= 0; s--)
                {
                    if (!head.Equals(_scopes[s].Name, StringComparison.OrdinalIgnoreCase)) continue;
                    return _scopes[s].Item.TryGetValue(name[(dot + 1)..], out var field) ? field : null;
                }
            }
            return _variables.TryGet(name, out var value) ? value : null;
        }

        private void Append(ReadOnlySpan<char> text) => _output.Append(text);

        /// <summary>Appends <paramref name="value"/> with the five XML special characters escaped (see <see cref="Escape"/>).</summary>
        private void AppendEscaped(string value)
        {
            var rest = value.AsSpan();
            for (int special; (special = rest.IndexOfAny(s_xmlSpecials)) >= 0; rest = rest[(special + 1)..])
            {
                Append(rest[..special]);
                Append(EntityFor(rest[special]));
            }
            Append(rest);
        }
    }

    private static readonly SearchValues<char> s_xmlSpecials = SearchValues.Create("&<>\"'");

    private static string EntityFor(char c) => c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        _ => "&apos;",
    };

    /// <summary>Escapes the five XML special characters (XML 1.0 §2.4) so a value can sit in text or an attribute.</summary>
    public static string Escape(string value)
    {
        var rest = value.AsSpan();
        if (rest.IndexOfAny(s_xmlSpecials) < 0) return value;
        var sb = new StringBuilder(value.Length + 16);
        for (int special; (special = rest.IndexOfAny(s_xmlSpecials)) >= 0; rest = rest[(special + 1)..])
            sb.Append(rest[..special]).Append(EntityFor(rest[special]));
        return sb.Append(rest).ToString();
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

    private void CheckWellFormed(ReadOnlySpan<char> output, List<Segment> segments, List<(ValueNode Node, string Value)> rawValues, string? node)
    {
        // The cheap proof covers every answer file of the shipped templates; the reader decides (and locates) the rest.
        if (XmlSubsetCheck.IsCertainlyWellFormed(output)) return;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(output.ToString()), settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            // Blame a raw value that is broken on its own, rather than the closing tag where the parser noticed.
            foreach (var (v, value) in rawValues) CheckFragment(value, v, File, node);
            var (line, variable) = MapLine(output, segments, e.LineNumber);
            var inValue = variable is null ? "" : $" (in the value of ${{{variable}}})";
            throw new UnattendException(UnattendError.NotWellFormed,
                $"the answer file is not well-formed XML{inValue}: {e.Message}", File, line, node);
        }
    }

    private static (int Line, string? Variable) MapLine(ReadOnlySpan<char> output, List<Segment> segments, int outputLine)
    {
        Segment? best = null;
        int bestLine = 1, line = 1, counted = 0;
        foreach (var s in segments)
        {
            line += output[counted..s.OutputOffset].Count('\n');
            counted = s.OutputOffset;
            if (line > outputLine) break;
            best = s;
            bestLine = line;
        }
        if (best is not { } b) return (1, null);
        return b.Variable is null ? (b.TemplateLine + (outputLine - bestLine), null) : (b.TemplateLine, b.Variable);
    }
}
