namespace Appliance.Rfb;

/// <summary>Encodings and pseudo-encodings this client speaks (RFC 6143 §7.7, §7.8; rfbproto for the extensions).</summary>
public enum RfbEncoding
{
    Raw = 0,
    CopyRect = 1,
    /// <summary>RFC 6143 §7.7.6: zlib-compressed 64×64 tiles, one zlib stream for the whole connection.</summary>
    Zrle = 16,
    /// <summary>RFC 6143 §7.8.2: the server changed the framebuffer size.</summary>
    DesktopSize = -223,
    /// <summary>rfbproto "QEMU Extended Key Event": the server accepts XT scancodes (message 255 subtype 0).</summary>
    QemuExtendedKeyEvent = -258,
    /// <summary>rfbproto "ExtendedDesktopSize": size change with screen layout (TigerVNC, QEMU).</summary>
    ExtendedDesktopSize = -308,
}
