namespace Appliance.Rfb;

/// <summary>Why an RFB session, an image or a script failed; the CLI maps these to exit codes.</summary>
public enum RfbErrorReason
{
    /// <summary>TCP connect failed or timed out.</summary>
    ConnectFailed,
    /// <summary>The server closed the connection (RFC 6143 gives no goodbye message).</summary>
    Disconnected,
    /// <summary>A wait for server bytes passed its time bound.</summary>
    Timeout,
    /// <summary>The ProtocolVersion line was not "RFB xxx.yyy\n" or named a version below 3.3.</summary>
    BadVersion,
    /// <summary>The server offered no security type we speak, or sent a failure reason instead of a list.</summary>
    SecurityTypeRefused,
    /// <summary>The server offers VNC authentication only and no password was given.</summary>
    PasswordRequired,
    /// <summary>SecurityResult was "failed" (wrong password, or too many attempts).</summary>
    AuthenticationFailed,
    /// <summary>A server message or rectangle broke the protocol (unknown type or encoding, size out of range).</summary>
    Malformed,
    /// <summary>A PNG file could not be read.</summary>
    BadPng,
    /// <summary>A needle's JSON or PNG is invalid.</summary>
    BadNeedle,
    /// <summary>A step script line could not be parsed.</summary>
    BadScript,
}
