using Appliance.Rfb;

namespace Appliance.Hosts.vncpilot;

/// <summary>vncpilot's exit codes (also listed in every --help).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A step failed: a needle did not appear, the screen did not settle.</summary>
    public const int StepFailed = 1;
    /// <summary>Bad command line, script, needle or PNG.</summary>
    public const int Usage = 2;
    /// <summary>No connection, the server went away or broke the protocol.</summary>
    public const int Connection = 3;
    /// <summary>Wrong password, password missing, or no security type in common.</summary>
    public const int Authentication = 4;

    public const string Help = """
        0  success
        1  a step failed (needle not found in time, screen not still); the last screen is saved
        2  usage error, or a bad script, needle or PNG
        3  connection failed, the server disconnected, timed out or broke the protocol
        4  authentication failed, a password is needed, or no common security type
        """;

    public static int For(RfbErrorReason reason) => reason switch
    {
        RfbErrorReason.AuthenticationFailed or RfbErrorReason.PasswordRequired or RfbErrorReason.SecurityTypeRefused => Authentication,
        RfbErrorReason.BadPng or RfbErrorReason.BadNeedle or RfbErrorReason.BadScript => Usage,
        _ => Connection,
    };
}
