using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Tests;

internal static class TestIndex
{
    public const uint Server = 0xC0A86401; // 192.168.100.1
    public static readonly byte[] BiosMac = [0x52, 0x54, 0x00, 0x00, 0x00, 0x01];
    public static readonly byte[] UefiMac = [0x52, 0x54, 0x00, 0x00, 0x00, 0x02];
    public static readonly byte[] ForcedMac = [0x52, 0x54, 0x00, 0x00, 0x00, 0x03];
    public static readonly byte[] LocalMac = [0x52, 0x54, 0x00, 0x00, 0x00, 0x04];
    public static readonly byte[] UnknownMac = [0x52, 0x54, 0x00, 0x00, 0x00, 0x99];
    public const uint UefiIp = 0xC0A86415;

    public static ulong Mac(byte[] bytes) => Appliance.Core.Tables.MacAddress.FromBytes(bytes).Value;

    public static BootIndex Build(string? defaultWinPe = null, long generation = 1, string winpe = "winboot/winpe10/") =>
        BootIndex.Build(generation,
            [
                new BootNode("n1", [Mac(BiosMac)], 0, null),
                new BootNode("n2", [Mac(UefiMac)], UefiIp, null),
                new BootNode("n3", [Mac(ForcedMac)], 0, (ushort)PxeArchitecture.EfiX64),
                new BootNode("n4", [Mac(LocalMac)], 0, null),
            ],
            new Dictionary<string, string> { ["n1"] = winpe, ["n2"] = winpe, ["n3"] = "winboot/other/" },
            LoaderTable.Default, defaultWinPe);
}
