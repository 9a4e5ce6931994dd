namespace Appliance.Bcd;

/// <summary>The names `bcdedit /enum` prints for element ids; application elements depend on the object type.</summary>
internal static class BcdElementNames
{
    private static readonly Dictionary<uint, string> Library = new()
    {
        [0x11000001] = "device", [0x12000002] = "path", [0x12000004] = "description", [0x12000005] = "locale",
        [0x14000006] = "inherit", [0x15000007] = "truncatememory", [0x14000008] = "recoverysequence",
        [0x16000009] = "recoveryenabled", [0x16000010] = "bootdebug", [0x16000020] = "bootems",
        [0x12000030] = "loadoptions", [0x16000040] = "advancedoptions", [0x16000041] = "optionsedit",
        [0x16000046] = "graphicsmodedisabled", [0x16000060] = "isolatedcontext",
    };

    private static readonly Dictionary<uint, string> BootManager = new()
    {
        [0x24000001] = "displayorder", [0x24000002] = "bootsequence", [0x23000003] = "default", [0x25000004] = "timeout",
        [0x26000005] = "resume", [0x23000006] = "resumeobject", [0x24000010] = "toolsdisplayorder",
        [0x26000020] = "displaybootmenu", [0x26000021] = "noerrordisplay", [0x21000022] = "bcddevice",
        [0x22000023] = "bcdfilepath",
    };

    private static readonly Dictionary<uint, string> OsLoader = new()
    {
        [0x21000001] = "osdevice", [0x22000002] = "systemroot", [0x23000003] = "resumeobject", [0x26000010] = "detecthal",
        [0x22000011] = "kernel", [0x22000012] = "hal", [0x22000013] = "dbgtransport", [0x25000020] = "nx",
        [0x25000021] = "pae", [0x26000022] = "winpe", [0x26000024] = "nocrashautoreboot", [0x26000025] = "lastknowngood",
        [0x26000048] = "nointegritychecks", [0x260000B0] = "ems",
    };

    private static readonly Dictionary<uint, string> Device = new()
    {
        [0x35000001] = "ramdiskimageoffset", [0x35000002] = "ramdisktftpclientport", [0x31000003] = "ramdisksdidevice",
        [0x32000004] = "ramdisksdipath", [0x35000005] = "ramdiskimagelength", [0x36000006] = "exportascd",
        [0x36000007] = "ramdisktftpblocksize", [0x36000008] = "ramdisktftpwindowsize", [0x36000009] = "ramdiskmcenabled",
        [0x3600000A] = "ramdiskmctftpfallback", [0x3600000B] = "ramdisktftpvarwindow",
    };

    /// <summary>The bcdedit name, or the id in hex when bcdedit's name is not known here.</summary>
    public static string Name(uint objectType, uint id)
    {
        var table = BcdElementIds.ClassOf(id) switch
        {
            1 => Library,
            2 => objectType == BcdObjectTypes.BootManager || objectType == BcdObjectTypes.FirmwareBootManager ? BootManager : OsLoader,
            3 => Device,
            _ => null,
        };
        return table is not null && table.TryGetValue(id, out var name) ? name : $"custom:{id:x8}";
    }
}
