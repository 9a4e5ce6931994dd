using System.Buffers;

namespace Appliance.Unattend.Templates;

/// <summary>
/// The skeleton of an XML render: its output with each value that cannot change well-formedness replaced by one
/// marker character. Nodes rendered from one template usually share the skeleton, so a skeleton proven well-formed
/// once proves every later render with the same skeleton, and a batch checks each answer file for the price of a
/// comparison and of its per-node fragments instead of a full pass.
/// </summary>
/// <remarks>
/// Why a proven skeleton proves the output (XML 1.0 §2.1, §2.4, §3.1; Namespaces §5): the output differs from the
/// skeleton only where a marker stands, and
/// <list type="bullet">
/// <item><see cref="XmlSubsetCheck.ValueMarker"/> replaces a non-empty escaped value made only of printable ASCII
/// (and tab, LF, CR) without ']'. Escaped, it has no '&lt;', '&gt;' or quote, and '&amp;' only in complete references.
/// The skeleton check allows a marker only in character data and attribute values (it is no name character, so it
/// breaks any name or tag it stands in, and it is refused in comments, processing instructions and CDATA). There the
/// value is text that cannot end the attribute or start markup, and as it has neither ']' nor '&gt;' no "]]&gt;" can
/// span its ends. A reference cut by a marker ("&amp;" + marker) already fails in the skeleton.</item>
/// <item><see cref="XmlSubsetCheck.FragmentMarker"/> replaces a non-empty raw value proven well-formed content on its
/// own (balanced elements, every prefix declared inside it, allowed characters, references complete) that neither
/// starts with ']' or '&gt;' nor ends with ']'. The skeleton check allows it only in character data, where such content
/// leaves the enclosing elements balanced and no "]]&gt;" can span its ends.</item>
/// <item>Empty values and values that are not neutral are copied as they are, so the skeleton is the output there.</item>
/// </list>
/// A skeleton that is not proven (or is new) is checked in full; any doubt falls back to checking the output itself,
/// so the accepted documents stay exactly those of <see cref="XmlSubsetCheck"/> and the reader.
/// </remarks>
internal sealed class RenderSkeleton
{
    private const int RememberedFragments = 8;
    /// <summary>Printable ASCII but ']', and tab, LF, CR: what a value may hold to become a marker.</summary>
    private static readonly SearchValues<char> s_neutral = SearchValues.Create(XmlSubsetCheck.AsciiChars().Replace("]", ""));

    private readonly string?[] _provenFragments = new string?[RememberedFragments];
    private int _nextFragment;
    private readonly CharBuffer _skeleton = new(16 * 1024);
    private readonly CharBuffer _proven = new(0);
    private Template? _provenTemplate;

    public void Clear() => _skeleton.Clear();

    public void Text(ReadOnlySpan<char> text) => _skeleton.Append(text);

    /// <summary>An escaped value: <paramref name="value"/> as the table gave it, <paramref name="written"/> as escaped into the output.</summary>
    public void Value(string value, ReadOnlySpan<char> written)
    {
        if (value.Length > 0 && value.AsSpan().IndexOfAnyExcept(s_neutral) < 0) _skeleton.Append([XmlSubsetCheck.ValueMarker]);
        else _skeleton.Append(written);
    }

    /// <summary>A raw value, inserted as it is into the output.</summary>
    public void Fragment(string value)
    {
        if (value.Length > 0 && IsProvenFragment(value)) _skeleton.Append([XmlSubsetCheck.FragmentMarker]);
        else _skeleton.Append(value);
    }

    /// <summary>True when this skeleton of <paramref name="template"/> is well-formed (see the remarks).</summary>
    public bool Proves(Template template)
    {
        var skeleton = _skeleton.Span;
        if (ReferenceEquals(template, _provenTemplate) && skeleton.SequenceEqual(_proven.Span)) return true;
        if (!XmlSubsetCheck.IsCertainlyWellFormed(skeleton, XmlCheckMode.Skeleton)) return false;
        _proven.Clear();
        _proven.Append(skeleton);
        _provenTemplate = template;
        return true;
    }

    private bool IsProvenFragment(string value)
    {
        // Generated fragments that depend only on osimage and site values come back as the same string instance.
        foreach (var known in _provenFragments)
            if (ReferenceEquals(known, value)) return true;
        if (value[0] is ']' or '>' || value[^1] == ']' || !XmlSubsetCheck.IsCertainlyWellFormed(value, XmlCheckMode.Content))
            return false;
        _provenFragments[_nextFragment] = value;
        _nextFragment = (_nextFragment + 1) % RememberedFragments;
        return true;
    }
}
