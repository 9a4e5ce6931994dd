namespace Appliance.Rfb;

/// <summary>Wire constants of RFC 6143 and of the rfbproto extensions used here.</summary>
internal static class RfbWire
{
    // §7.1.1 ProtocolVersion: "RFB 003.008\n".
    public const int VersionLength = 12;
    public static ReadOnlySpan<byte> VersionPrefix => "RFB "u8;
    public static ReadOnlySpan<byte> Version33 => "RFB 003.003\n"u8;
    public static ReadOnlySpan<byte> Version37 => "RFB 003.007\n"u8;
    public static ReadOnlySpan<byte> Version38 => "RFB 003.008\n"u8;

    // §7.1.2 security types.
    public const byte SecurityInvalid = 0;
    public const byte SecurityNone = 1;
    public const byte SecurityVncAuth = 2;
    public const int ChallengeLength = 16;
    // §7.1.3 SecurityResult.
    public const uint SecurityResultOk = 0;
    /// <summary>Upper bound for reason and name strings we accept (they are shown, never trusted).</summary>
    public const int MaxStringLength = 64 * 1024;

    // §7.3.2 ServerInit: width(2) height(2) pixel-format(16) name-length(4).
    public const int ServerInitWidth = 0;
    public const int ServerInitHeight = ServerInitWidth + 2;
    public const int ServerInitPixelFormat = ServerInitHeight + 2;
    public const int PixelFormatSize = 16;
    public const int ServerInitNameLength = ServerInitPixelFormat + PixelFormatSize;
    public const int ServerInitSize = ServerInitNameLength + 4;

    // §7.4 PIXEL_FORMAT fields.
    public const int PfBitsPerPixel = 0, PfDepth = 1, PfBigEndian = 2, PfTrueColour = 3, PfRedMax = 4, PfGreenMax = 6,
        PfBlueMax = 8, PfRedShift = 10, PfGreenShift = 11, PfBlueShift = 12;

    // §7.5 client-to-server message types.
    public const byte ClientSetPixelFormat = 0;
    public const byte ClientSetEncodings = 2;
    public const byte ClientFramebufferUpdateRequest = 3;
    public const byte ClientKeyEvent = 4;
    public const byte ClientPointerEvent = 5;
    /// <summary>rfbproto: QEMU client message, subtype 0 = extended key event.</summary>
    public const byte ClientQemu = 255;
    public const byte QemuSubtypeExtendedKey = 0;

    public const int SetPixelFormatSize = 4 + PixelFormatSize;
    public const int UpdateRequestSize = 10;
    public const int KeyEventSize = 8;
    public const int PointerEventSize = 6;
    public const int QemuKeyEventSize = 12;

    // §7.6 server-to-client message types.
    public const byte ServerFramebufferUpdate = 0;
    public const byte ServerSetColourMapEntries = 1;
    public const byte ServerBell = 2;
    public const byte ServerCutText = 3;

    // §7.6.1 rectangle header: x(2) y(2) w(2) h(2) encoding(4).
    public const int RectHeaderSize = 12;
    public const int BytesPerPixel = 4;
    /// <summary>§7.7.6 CPIXEL: 3 bytes when depth is 24 and all colour bits fit the low three bytes.</summary>
    public const int BytesPerCPixel = 3;
    public const int ZrleTileSize = 64;
}
