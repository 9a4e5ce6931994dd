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
    private static readonly SearchValues<char> s_neutral = SearchValues.Create(NeutralChars());

    private readonly string?[] _provenFragments = new string?[RememberedFragments];
    private int _nextFragment;
    private char[] _chars = new char[16 * 1024];
    private int _length;
    private Template? _provenTemplate;
    private char[] _proven = [];
    private int _provenLength = -1;

    public void Clear() => _length = 0;

    public void Text(ReadOnlySpan<char> text) => Append(text);

    /// <summary>An escaped value: <paramref name="value"/> as the table gave it, <paramref name="written"/> as escaped into the output.</summary>
    public void Value(string value, ReadOnlySpan<char> written)
    {
        if (value.Length > 0 && value.AsSpan().IndexOfAnyExcept(s_neutral) < 0) Append([XmlSubsetCheck.ValueMarker]);
        else Append(written);
    }

    /// <summary>A raw value, inserted as it is into the output.</summary>
    public void Fragment(string value)
    {
        if (value.Length > 0 && IsProvenFragment(value)) Append([XmlSubsetCheck.FragmentMarker]);
        else Append(value);
    }

    /// <summary>True when this skeleton of <paramref name="template"/> is well-formed (see the remarks).</summary>
    public bool Proves(Template template)
    {
        var skeleton = _chars.AsSpan(0, _length);
        if (ReferenceEquals(template, _provenTemplate) && skeleton.SequenceEqual(_proven.AsSpan(0, _provenLength))) return true;
        if (!XmlSubsetCheck.IsCertainlyWellFormed(skeleton, XmlCheckMode.Skeleton)) return false;
        if (_proven.Length < _length) _proven = new char[_chars.Length];
        skeleton.CopyTo(_proven);
        _provenLength = _length;
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

    private void Append(ReadOnlySpan<char> text)
    {
        if (_chars.Length - _length < text.Length)
        {
            var larger = new char[Math.Max(_chars.Length * 2, _length + text.Length)];
            _chars.AsSpan(0, _length).CopyTo(larger);
            _chars = larger;
        }
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    private static string NeutralChars()
    {
        Span<char> chars = stackalloc char[3 + 0x7F - 0x20 - 1];
        var n = 0;
        chars[n++] = '\t';
        chars[n++] = '\n';
        chars[n++] = '\r';
        for (var c = 0x20; c < 0x7F; c++) if (c != ']') chars[n++] = (char)c;
        return new string(chars[..n]);
    }
}
