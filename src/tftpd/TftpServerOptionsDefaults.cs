namespace Appliance.Hosts.tftpd;

/// <summary>Flag defaults taken from the library so the help text and the server agree.</summary>
internal static class TftpServerOptionsDefaults
{
    public static readonly int MaxBlockSize = new Appliance.Tftp.TftpServerOptions().MaxBlockSize;
}
