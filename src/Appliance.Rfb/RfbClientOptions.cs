namespace Appliance.Rfb;

/// <summary>How an <see cref="RfbClient"/> connects and what it asks the server for.</summary>
public sealed class RfbClientOptions
{
    /// <summary>The VNC password (RFC 6143 §7.2.2 uses its first 8 bytes); null offers security type None only.</summary>
    public byte[]? Password { get; init; }

    /// <summary>
    /// Encodings in order of preference (RFC 6143 §7.5.2). The pseudo-encodings DesktopSize, ExtendedDesktopSize and
    /// QEMU extended key are always added after these; Raw is always allowed by the protocol.
    /// </summary>
    public IReadOnlyList<RfbEncoding> Encodings { get; init; } = [RfbEncoding.Zrle, RfbEncoding.CopyRect, RfbEncoding.Raw];

    /// <summary>Bound on the TCP connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on each handshake read, and on total server silence once running (despite refresh requests).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When no update arrived for this long, a non-incremental FramebufferUpdateRequest is sent (RFC 6143 §7.5.3 lets a
    /// server hold an incremental request forever when nothing changes; QEMU does).
    /// </summary>
    public TimeSpan RefreshAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ask for QEMU extended key events (XT scancodes) when the server offers them.</summary>
    public bool UseQemuKeys { get; init; } = true;

    /// <summary>ClientInit shared-flag (§7.3.1): leave other viewers connected.</summary>
    public bool Shared { get; init; } = true;

    /// <summary>When set, every byte the server sends is copied here (to record sessions for decoder tests).</summary>
    public Stream? RecordTo { get; init; }
}
