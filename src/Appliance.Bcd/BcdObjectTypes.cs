namespace Appliance.Bcd;

/// <summary>
/// Object type codes stored in Objects\{guid}\Description\Type (Microsoft, "BCD WMI provider: BcdObject.Type"):
/// bits 28–31 the object kind (1 application, 2 inheritable, 3 device), for applications bits 20–23 the image type
/// and bits 0–19 the application.
/// </summary>
public static class BcdObjectTypes
{
    /// <summary>Windows Boot Manager: firmware application (1), image type boot app (1), app 2.</summary>
    public const uint BootManager = 0x10100002;
    /// <summary>Firmware boot manager ({fwbootmgr}).</summary>
    public const uint FirmwareBootManager = 0x10100001;
    /// <summary>Windows OS loader: Windows boot app (2), app 3 (winload).</summary>
    public const uint OsLoader = 0x10200003;
    /// <summary>Windows resume application (winresume).</summary>
    public const uint Resume = 0x10200004;
    /// <summary>Windows memory tester.</summary>
    public const uint MemoryTester = 0x10200005;
    /// <summary>Legacy OS loader (ntldr).</summary>
    public const uint LegacyLoader = 0x10300006;
    /// <summary>Inheritable settings ({globalsettings}, {bootloadersettings}, …).</summary>
    public const uint InheritLibrary = 0x20100000;
    public const uint InheritOsLoader = 0x20200003;
    /// <summary>Device options (here: the ramdisk options object).</summary>
    public const uint DeviceOptions = 0x30000000;

    /// <summary>The heading `bcdedit /enum` prints above an object of this type.</summary>
    public static string Heading(uint type) => type switch
    {
        BootManager => "Windows Boot Manager",
        FirmwareBootManager => "Firmware Boot Manager",
        OsLoader => "Windows Boot Loader",
        Resume => "Resume from Hibernate",
        MemoryTester => "Windows Memory Tester",
        LegacyLoader => "Windows Legacy OS Loader",
        InheritLibrary or InheritOsLoader => "Inheritable settings",
        DeviceOptions => "Device options",
        _ => $"Object of type 0x{type:X8}",
    };
}
