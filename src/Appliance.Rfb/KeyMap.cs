namespace Appliance.Rfb;

/// <summary>
/// Characters and Packer boot_command key names to keys, for a US keyboard layout (the scancode is the physical key,
/// so QEMU types the same key whatever the guest layout; text for a non-US guest needs that guest's layout).
/// </summary>
public static class KeyMap
{
    private const string Unshifted = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./";
    private const string Shifted = "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>?";
    // XT scancodes of the keys above, in the same order.
    private static ReadOnlySpan<byte> CharScancodes => [
        0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B,
        0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
        0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35];

    private static readonly Dictionary<string, RfbKey> s_named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enter"] = new(0xFF0D, 0x1C), ["return"] = new(0xFF0D, 0x1C), ["tab"] = new(0xFF09, 0x0F),
        ["esc"] = new(0xFF1B, 0x01), ["bs"] = new(0xFF08, 0x0E), ["del"] = new(0xFFFF, 0xD3),
        ["spacebar"] = new(0x20, 0x39), ["insert"] = new(0xFF63, 0xD2), ["home"] = new(0xFF50, 0xC7),
        ["end"] = new(0xFF57, 0xCF), ["pageUp"] = new(0xFF55, 0xC9), ["pageDown"] = new(0xFF56, 0xD1),
        ["up"] = new(0xFF52, 0xC8), ["down"] = new(0xFF54, 0xD0), ["left"] = new(0xFF51, 0xCB), ["right"] = new(0xFF53, 0xCD),
        ["f1"] = new(0xFFBE, 0x3B), ["f2"] = new(0xFFBF, 0x3C), ["f3"] = new(0xFFC0, 0x3D), ["f4"] = new(0xFFC1, 0x3E),
        ["f5"] = new(0xFFC2, 0x3F), ["f6"] = new(0xFFC3, 0x40), ["f7"] = new(0xFFC4, 0x41), ["f8"] = new(0xFFC5, 0x42),
        ["f9"] = new(0xFFC6, 0x43), ["f10"] = new(0xFFC7, 0x44), ["f11"] = new(0xFFC8, 0x57), ["f12"] = new(0xFFC9, 0x58),
        ["menu"] = new(0xFF67, 0xDD),
        ["leftAlt"] = new(0xFFE9, 0x38), ["rightAlt"] = new(0xFFEA, 0xB8), ["leftCtrl"] = new(0xFFE3, 0x1D),
        ["rightCtrl"] = new(0xFFE4, 0x9D), ["leftShift"] = new(0xFFE1, 0x2A), ["rightShift"] = new(0xFFE2, 0x36),
        ["leftSuper"] = new(0xFFEB, 0xDB), ["rightSuper"] = new(0xFFEC, 0xDC),
    };

    /// <summary>True for the keys that may be held with Packer's `On`/`Off` suffix.</summary>
    public static bool IsModifier(RfbKey key) => key.Keysym is >= 0xFFE1 and <= 0xFFEC;

    /// <summary>A Packer special-key name without brackets (`enter`, `f8`, `leftCtrl`; case-insensitive).</summary>
    public static bool TryGetNamed(string name, out RfbKey key) => s_named.TryGetValue(name, out key);

    /// <summary>The key that types <paramref name="c"/> and whether Shift must be held for it.</summary>
    public static bool TryGetChar(char c, out RfbKey key, out bool shift)
    {
        shift = false;
        switch (c)
        {
            case ' ': key = new(0x20, 0x39); return true;
            case '\n': key = s_named["enter"]; return true;
            case '\t': key = s_named["tab"]; return true;
        }
        var i = Unshifted.IndexOf(c);
        if (i < 0)
        {
            i = Shifted.IndexOf(c);
            shift = i >= 0;
        }
        if (i < 0)
        {
            key = default;
            return false;
        }
        key = new RfbKey(c, CharScancodes[i]);
        return true;
    }
}
