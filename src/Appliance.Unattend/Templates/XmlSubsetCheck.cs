using System.Buffers;
using System.Runtime.CompilerServices;

namespace Appliance.Unattend.Templates;

/// <summary>
/// A one-pass, allocation-free proof that a rendered answer file is well-formed XML 1.0 with namespaces, for the
/// subset answer files use: an optional <c>&lt;?xml version="1.0" encoding="utf-8"?&gt;</c>, elements and attributes
/// with ASCII names, the five predefined entity references, comments, processing instructions and CDATA sections.
/// It answers "certainly well-formed" or "not shown": anything outside the subset (a DOCTYPE, a character reference,
/// a non-ASCII name, an attribute local name used twice under different prefixes) and every error is "not shown",
/// and the caller then runs <see cref="System.Xml.XmlReader"/>, which decides and reports the position. So this check
/// never changes which documents are accepted; it only spares the reader for the documents it can prove (every
/// rendered answer file of the shipped templates, at about a tenth of the reader's cost).
/// </summary>
internal static class XmlSubsetCheck
{
    private const int MaxDepth = 256;
    private const int MaxNamespaces = 256;
    private const int MaxAttributes = 64;
    /// <summary>The characters of XML §2.2 that answer files are made of: printable ASCII, tab, LF, CR.</summary>
    private static readonly SearchValues<char> s_asciiChars = SearchValues.Create(AsciiChars());
    /// <summary>Where character data needs a closer look: markup, a reference, a possible "]]>".</summary>
    private static readonly SearchValues<char> s_textStops = SearchValues.Create("<&]");

    /// <summary>In a <see cref="XmlCheckMode.Skeleton"/>: where an escaped value was (see <c>RenderSkeleton</c>).</summary>
    public const char ValueMarker = '\uE000';
    /// <summary>In a <see cref="XmlCheckMode.Skeleton"/>: where a raw fragment was, proven well-formed content on its own.</summary>
    public const char FragmentMarker = '\uE001';

    /// <summary>
    /// True only when <paramref name="xml"/> is a well-formed document (XML 1.0 §2.1, Namespaces §3–§6), or with
    /// <see cref="XmlCheckMode.Content"/> well-formed element content (§3.1 content: text and balanced elements, every
    /// prefix declared inside). With <see cref="XmlCheckMode.Skeleton"/> the two markers are also kept out of comments,
    /// processing instructions and CDATA sections, and <see cref="FragmentMarker"/> out of attribute values.
    /// </summary>
    [SkipLocalsInit] // the stacks below are written before they are read
    public static bool IsCertainlyWellFormed(ReadOnlySpan<char> xml, XmlCheckMode mode = XmlCheckMode.Document)
    {
        var content = (mode & XmlCheckMode.Content) != 0;
        var skeleton = (mode & XmlCheckMode.Skeleton) != 0;
        Span<int> elementStart = stackalloc int[MaxDepth];
        Span<int> elementLength = stackalloc int[MaxDepth];
        Span<int> elementNamespaces = stackalloc int[MaxDepth];
        Span<int> prefixStart = stackalloc int[MaxNamespaces];
        Span<int> prefixLength = stackalloc int[MaxNamespaces];
        Span<int> attributeStart = stackalloc int[MaxAttributes];
        Span<int> attributeLength = stackalloc int[MaxAttributes];
        // Whether every character is allowed (XML §2.2) is checked once for the whole document; the rest checks syntax.
        if (!AllChars(xml)) return false;
        var depth = 0;
        var namespaces = 0;
        var rootSeen = false;
        var pos = 0;
        if (xml.StartsWith("<?xml") && (content || !SkipDeclaration(xml, ref pos))) return false;
        while (pos < xml.Length)
        {
            var c = xml[pos];
            if (c == '<')
            {
                var next = pos + 1 < xml.Length ? xml[pos + 1] : '\0';
                if (next == '?')
                {
                    var start = pos;
                    if (!SkipProcessingInstruction(xml, ref pos) || (skeleton && HasMarker(xml[start..pos]))) return false;
                }
                else if (next == '!')
                {
                    if (xml[pos..].StartsWith("<!--"))
                    {
                        var start = pos;
                        if (!SkipComment(xml, ref pos) || (skeleton && HasMarker(xml[start..pos]))) return false;
                    }
                    else if ((depth > 0 || content) && xml[pos..].StartsWith("<![CDATA["))
                    {
                        var end = xml[(pos + 9)..].IndexOf("]]>");
                        if (end < 0 || (skeleton && HasMarker(xml.Slice(pos + 9, end)))) return false;
                        pos += 9 + end + 3;
                    }
                    else return false; // DOCTYPE, or CDATA outside the root
                }
                else if (next == '/')
                {
                    if (depth == 0) return false;
                    pos += 2;
                    var nameStart = pos;
                    if (!SkipQName(xml, ref pos, out _)) return false;
                    var top = depth - 1;
                    if (!xml[nameStart..pos].SequenceEqual(xml.Slice(elementStart[top], elementLength[top]))) return false;
                    SkipSpace(xml, ref pos);
                    if (pos >= xml.Length || xml[pos] != '>') return false;
                    pos++;
                    namespaces = elementNamespaces[top];
                    depth--;
                }
                else
                {
                    if (depth == 0 && rootSeen && !content) return false;
                    var outer = namespaces;
                    pos++;
                    var nameStart = pos;
                    if (!SkipQName(xml, ref pos, out var colon) || IsReserved(xml[nameStart..pos])) return false;
                    var nameLength = pos - nameStart;
                    var attributes = 0;
                    bool empty;
                    while (true)
                    {
                        var spaced = SkipSpace(xml, ref pos);
                        if (pos >= xml.Length) return false;
                        if (xml[pos] == '>') { empty = false; pos++; break; }
                        if (xml[pos] == '/')
                        {
                            if (pos + 1 >= xml.Length || xml[pos + 1] != '>') return false;
                            empty = true;
                            pos += 2;
                            break;
                        }
                        if (!spaced || attributes == MaxAttributes) return false;
                        var attrStart = pos;
                        if (!SkipQName(xml, ref pos, out var attrColon)) return false;
                        var attrName = xml[attrStart..pos];
                        SkipSpace(xml, ref pos);
                        if (pos >= xml.Length || xml[pos] != '=') return false;
                        pos++;
                        SkipSpace(xml, ref pos);
                        if (pos >= xml.Length || xml[pos] is not ('"' or '\'')) return false;
                        var quote = xml[pos++];
                        var close = xml[pos..].IndexOf(quote);
                        if (close < 0 || !AttributeValue(xml.Slice(pos, close))
                            || (skeleton && xml.Slice(pos, close).Contains(FragmentMarker))) return false;
                        // Namespace declarations (Namespaces §3): xmlns:p must bind a non-empty name, never xml or xmlns.
                        var declaration = attrColon > 0 ? attrName[..attrColon].SequenceEqual("xmlns") : attrName.SequenceEqual("xmlns");
                        // Namespace names compare as strings (Namespaces §2.3), so only the exact reserved names are refused.
                        if (declaration && (xml.Slice(pos, close).Contains("w3.org/2000/xmlns", StringComparison.Ordinal)
                            || xml.Slice(pos, close).Contains("w3.org/XML/1998", StringComparison.Ordinal))) return false;
                        if (declaration && attrColon > 0)
                        {
                            var prefix = attrName[(attrColon + 1)..];
                            if (close == 0 || IsReserved(prefix) || namespaces == MaxNamespaces) return false;
                            prefixStart[namespaces] = attrStart + attrColon + 1;
                            prefixLength[namespaces] = prefix.Length;
                            namespaces++;
                        }
                        pos += close + 1;
                        // Attribute names are unique (XML §3.1); the same local name twice is left to the reader (Namespaces §6.3).
                        var local = attrColon > 0 ? attrName[(attrColon + 1)..] : attrName;
                        for (var a = 0; a < attributes; a++)
                        {
                            var other = xml.Slice(attributeStart[a], attributeLength[a]);
                            var otherColon = other.IndexOf(':');
                            if ((otherColon >= 0 ? other[(otherColon + 1)..] : other).SequenceEqual(local)) return false;
                        }
                        attributeStart[attributes] = attrStart;
                        attributeLength[attributes] = attrName.Length;
                        attributes++;
                    }
                    // Every prefix in use is declared here or in an ancestor (Namespaces §5); xml: only on attributes.
                    if (colon > 0 && !Declared(xml, xml.Slice(nameStart, colon), prefixStart, prefixLength, namespaces)) return false;
                    for (var a = 0; a < attributes; a++)
                    {
                        var name = xml.Slice(attributeStart[a], attributeLength[a]);
                        var attrColon = name.IndexOf(':');
                        if (attrColon <= 0) continue;
                        var prefix = name[..attrColon];
                        if (prefix.SequenceEqual("xmlns")) continue;
                        if (prefix.SequenceEqual("xml"))
                        {
                            if (!name[(attrColon + 1)..].SequenceEqual("lang")) return false; // xml:space has checked values
                            continue;
                        }
                        if (!Declared(xml, prefix, prefixStart, prefixLength, namespaces)) return false;
                    }
                    rootSeen = true;
                    if (empty)
                    {
                        namespaces = outer;
                        continue;
                    }
                    if (depth == MaxDepth) return false;
                    elementStart[depth] = nameStart;
                    elementLength[depth] = nameLength;
                    elementNamespaces[depth] = outer;
                    depth++;
                }
            }
            else if (depth == 0 && !content)
            {
                // Outside the root element only white space (and markup, above) may appear (XML §2.8 Misc).
                if (!IsSpace(c)) return false;
                pos++;
            }
            else
            {
                // Character data up to the next markup: no "]]>" (XML §2.4), only the predefined references (§4.6).
                var stop = xml[pos..].IndexOfAny(s_textStops);
                if (stop < 0)
                {
                    pos = xml.Length;
                    continue;
                }
                pos += stop;
                if (xml[pos] == '&')
                {
                    var length = ReferenceLength(xml[(pos + 1)..]);
                    if (length == 0) return false;
                    pos += 1 + length;
                }
                else if (xml[pos] == ']')
                {
                    if (xml[pos..].StartsWith("]]>")) return false;
                    pos++;
                }
            }
        }
        return depth == 0 && (rootSeen || content);
    }

    /// <summary><c>&lt;?xml version="1.0"( encoding="utf-8")?( standalone="yes|no")??&gt;</c> at offset 0 (XML §2.8).</summary>
    private static bool SkipDeclaration(ReadOnlySpan<char> xml, ref int pos)
    {
        var end = xml.IndexOf("?>");
        if (end < 6 || !IsSpace(xml[5])) return false; // "<?xml" must be followed by white space
        var body = xml[5..end].Trim(" \t\r\n");
        if (!TakeAttribute(ref body, "version", out var version) || !version.SequenceEqual("1.0")) return false;
        if (TakeAttribute(ref body, "encoding", out var encoding) && !encoding.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        if (TakeAttribute(ref body, "standalone", out var standalone) && !(standalone.SequenceEqual("yes") || standalone.SequenceEqual("no"))) return false;
        if (!body.IsEmpty) return false;
        pos = end + 2;
        return true;
    }

    /// <summary>Takes a leading <c>name="value"</c> (single spaces only; anything else is outside the subset).</summary>
    private static bool TakeAttribute(ref ReadOnlySpan<char> body, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!body.StartsWith(name) || body.Length < name.Length + 3 || body[name.Length] != '=' || body[name.Length + 1] != '"') return false;
        var rest = body[(name.Length + 2)..];
        var close = rest.IndexOf('"');
        if (close < 0) return false;
        value = rest[..close];
        rest = rest[(close + 1)..];
        if (!rest.IsEmpty && rest[0] != ' ') return false;
        body = rest.TrimStart(' ');
        return true;
    }

    /// <summary><c>&lt;?target data?&gt;</c> whose target is not xml in any case (XML §2.6).</summary>
    private static bool SkipProcessingInstruction(ReadOnlySpan<char> xml, ref int pos)
    {
        var start = pos + 2;
        var p = start;
        if (!SkipQName(xml, ref p, out var colon) || colon >= 0 || IsReserved(xml[start..p])) return false;
        var end = xml[p..].IndexOf("?>");
        if (end < 0 || (end > 0 && !IsSpace(xml[p]))) return false;
        pos = p + end + 2;
        return true;
    }

    /// <summary><c>&lt;!-- … --&gt;</c> with no "--" inside and no '-' before the end (XML §2.5).</summary>
    private static bool SkipComment(ReadOnlySpan<char> xml, ref int pos)
    {
        var start = pos + 4;
        var dashes = xml[start..].IndexOf("--");
        if (dashes < 0 || start + dashes + 2 >= xml.Length || xml[start + dashes + 2] != '>') return false;
        pos = start + dashes + 3;
        return true;
    }

    /// <summary>A QName of ASCII name characters: NCName or NCName:NCName; <paramref name="colon"/> is its offset or -1.</summary>
    private static bool SkipQName(ReadOnlySpan<char> xml, ref int pos, out int colon)
    {
        colon = -1;
        var start = pos;
        if (pos >= xml.Length || !IsNameStart(xml[pos])) return false;
        pos = SkipNameChars(xml, pos + 1);
        if (pos < xml.Length && xml[pos] == ':')
        {
            if (pos + 1 >= xml.Length || !IsNameStart(xml[pos + 1])) return false;
            colon = pos - start;
            pos = SkipNameChars(xml, pos + 2);
            if (pos < xml.Length && xml[pos] == ':') return false;
        }
        return true;
    }

    /// <summary>Past the name characters at <paramref name="pos"/>: a plain loop, as names are a few characters long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipNameChars(ReadOnlySpan<char> xml, int pos)
    {
        while (pos < xml.Length && IsNameChar(xml[pos])) pos++;
        return pos;
    }

    /// <summary>1 for the ASCII name characters: '-', '.', '0'–'9', 'A'–'Z', '_', 'a'–'z'.</summary>
    private static ReadOnlySpan<byte> NameChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameChar(char c) => c < 128 && NameChars[c] != 0;

    /// <summary>Names starting with "xml" in any case are reserved (XML §2.3); left to the reader.</summary>
    private static bool IsReserved(ReadOnlySpan<char> name) =>
        name.Length >= 3 && (name[0] | 0x20) == 'x' && (name[1] | 0x20) == 'm' && (name[2] | 0x20) == 'l';

    private static bool Declared(ReadOnlySpan<char> xml, ReadOnlySpan<char> prefix, ReadOnlySpan<int> start, ReadOnlySpan<int> length, int count)
    {
        for (var i = count - 1; i >= 0; i--)
            if (xml.Slice(start[i], length[i]).SequenceEqual(prefix)) return true;
        return false;
    }

    private static bool HasMarker(ReadOnlySpan<char> text) => text.IndexOfAny(ValueMarker, FragmentMarker) >= 0;

    /// <summary>An attribute value: no '&lt;' (XML §3.1 AttValue) and predefined references only (§4.6).</summary>
    private static bool AttributeValue(ReadOnlySpan<char> value)
    {
        for (int stop; (stop = value.IndexOfAny('<', '&')) >= 0; )
        {
            var length = value[stop] == '&' ? ReferenceLength(value[(stop + 1)..]) : 0;
            if (length == 0) return false;
            value = value[(stop + 1 + length)..];
        }
        return true;
    }

    /// <summary>The length of <c>amp;</c>, <c>lt;</c>, <c>gt;</c>, <c>quot;</c> or <c>apos;</c> at the start of <paramref name="rest"/>, else 0.</summary>
    private static int ReferenceLength(ReadOnlySpan<char> rest) =>
        rest.StartsWith("amp;") ? 4
        : rest.StartsWith("lt;") || rest.StartsWith("gt;") ? 3
        : rest.StartsWith("quot;") || rest.StartsWith("apos;") ? 5
        : 0;

    /// <summary>XML §2.2 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, and surrogate pairs.</summary>
    private static bool AllChars(ReadOnlySpan<char> text)
    {
        for (int i; (i = text.IndexOfAnyExcept(s_asciiChars)) >= 0; )
        {
            var c = text[i];
            if (c is >= '\u007F' and <= '\uD7FF' or >= '\uE000' and <= '\uFFFD') i++;
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i += 2;
            else return false;
            text = text[i..];
        }
        return true;
    }

    /// <summary>Printable ASCII, tab, LF and CR: the characters answer files are made of.</summary>
    internal static string AsciiChars()
    {
        Span<char> chars = stackalloc char[3 + 0x7F - 0x20];
        chars[0] = '\t';
        chars[1] = '\n';
        chars[2] = '\r';
        for (var c = 0x20; c < 0x7F; c++) chars[3 + c - 0x20] = (char)c;
        return new string(chars);
    }

    private static bool SkipSpace(ReadOnlySpan<char> xml, ref int pos)
    {
        var start = pos;
        while (pos < xml.Length && IsSpace(xml[pos])) pos++;
        return pos > start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameStart(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';
}
