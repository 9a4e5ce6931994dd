namespace Appliance.Rfb;

/// <summary>
/// One physical key: its X keysym (RFC 6143 §7.5.4, for servers without QEMU key events) and its XT set-1 scancode
/// in QEMU's numbering (0xE0-prefixed keys as 0x80 | code), which is layout-independent.
/// </summary>
public readonly record struct RfbKey(uint Keysym, ushort Scancode)
{
    public static readonly RfbKey LeftShift = new(0xFFE1, 0x2A);
}
