using System.Globalization;

namespace Appliance.Rfb;

/// <summary>
/// Packer's boot_command key syntax: literal characters are typed; `&lt;name&gt;` is a special key (`enter`, `esc`,
/// `bs`, `tab`, `f1`…`f12`, `leftCtrl`, …), `&lt;nameOn&gt;`/`&lt;nameOff&gt;` hold and release it, `&lt;wait&gt;` pauses 1 s and
/// `&lt;waitDURATION&gt;` as long as given (`&lt;wait5&gt;`, `&lt;wait500ms&gt;`, `&lt;wait1m30s&gt;`). Names are case-insensitive.
/// Unlike Packer, an unknown `&lt;name&gt;` is an error (Packer types it literally, which hides typos).
/// </summary>
public static class BootCommand
{
    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="where"/> and the column.</summary>
    public static List<KeyAction> Parse(string text, string where = "keys")
    {
        var actions = new List<KeyAction>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var close = c == '<' ? text.IndexOf('>', i + 1) : -1;
            if (close > i + 1 && !text.AsSpan(i + 1, close - i - 1).Contains(' '))
            {
                actions.Add(Special(text[(i + 1)..close], where, i + 1));
                i = close;
                continue;
            }
            actions.Add(Char(c, where, i + 1));
        }
        return actions;
    }

    /// <summary>Types <paramref name="text"/> literally (no `&lt;…&gt;` interpretation).</summary>
    public static List<KeyAction> Literal(string text, string where = "text")
    {
        var actions = new List<KeyAction>(text.Length);
        for (var i = 0; i < text.Length; i++) actions.Add(Char(text[i], where, i + 1));
        return actions;
    }

    private static KeyAction Char(char c, string where, int column)
    {
        if (!KeyMap.TryGetChar(c, out var key, out var shift))
            throw new RfbException(RfbErrorReason.BadScript,
                $"{where}: column {column}: no key types '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}' on a US layout (use <name> for special keys)");
        return KeyAction.Tap(key, shift);
    }

    private static KeyAction Special(string name, string where, int column)
    {
        if (name.StartsWith("wait", StringComparison.OrdinalIgnoreCase))
        {
            var rest = name[4..];
            if (rest.Length == 0) return KeyAction.Pause(TimeSpan.FromSeconds(1));
            if (TryParseDuration(rest, out var wait)) return KeyAction.Pause(wait);
            throw new RfbException(RfbErrorReason.BadScript, $"{where}: column {column}: <{name}>: expected a duration like <wait5>, <wait500ms> or <wait1m30s>");
        }
        if (KeyMap.TryGetNamed(name, out var key)) return KeyAction.Tap(key);
        foreach (var (suffix, kind) in new[] { ("On", KeyActionKind.Down), ("Off", KeyActionKind.Up) })
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && KeyMap.TryGetNamed(name[..^suffix.Length], out var held))
                return new KeyAction(kind, held, false, default);
        }
        throw new RfbException(RfbErrorReason.BadScript,
            $"{where}: column {column}: unknown key <{name}>; expected enter, esc, bs, del, tab, spacebar, f1..f12, up/down/left/right, " +
            "home, end, pageUp, pageDown, insert, menu, leftAlt/leftCtrl/leftShift/leftSuper (and right…, each with On/Off), or waitN");
    }

    /// <summary>`5` (seconds), `500ms`, `10s`, `2m`, `1h`, and sums such as `1m30s`.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0) return false;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            var unit = text[unitStart..i].ToLowerInvariant();
            if (unit.Length == 0 && i < text.Length) return false;
            switch (unit)
            {
                case "" or "s": duration += TimeSpan.FromSeconds(n); break;
                case "ms": duration += TimeSpan.FromMilliseconds(n); break;
                case "m": duration += TimeSpan.FromMinutes(n); break;
                case "h": duration += TimeSpan.FromHours(n); break;
                default: return false;
            }
        }
        return true;
    }
}
