namespace Appliance.Core.Records;

/// <summary>
/// The record file's wire layout, byte-compatible with xCAT's /var/lib/xcat/proxydhcp.cfg: records back to back,
/// no header and no separators, each a NUL-padded ASCII node name followed by a NUL-padded ASCII WinPE path
/// (relative to the TFTP root, written with a trailing slash: <c>winboot/winpe10/</c>). Readers also accept space padding.
/// </summary>
public static class RecordLayout
{
    public const int NameOffset = 0;
    public const int NameLength = 50;
    public const int PathOffset = NameOffset + NameLength;
    public const int PathLength = 150;
    public const int RecordLength = PathOffset + PathLength;

    public const byte Nul = 0x00;
    public const byte Space = 0x20;
}
