namespace Appliance.Bcd;

/// <summary>
/// Element ids used by the WinPE recipe and the listing. An id's bits 28–31 are its class (1 library, 2 application,
/// 3 device), bits 24–27 its <see cref="BcdElementFormat"/>, the rest the subtype (Microsoft, "BCD WMI provider":
/// BcdLibraryElementTypes, BcdBootMgrElementTypes, BcdOSLoaderElementTypes, BcdDeviceObjectElementTypes).
/// </summary>
public static class BcdElementIds
{
    // Library elements (any application object).
    public const uint ApplicationDevice = 0x11000001;   // device
    public const uint ApplicationPath = 0x12000002;     // path
    public const uint Description = 0x12000004;         // description
    public const uint PreferredLocale = 0x12000005;     // locale
    public const uint InheritedObjects = 0x14000006;    // inherit

    // Boot manager elements.
    public const uint DisplayOrder = 0x24000001;        // displayorder
    public const uint DefaultObject = 0x23000003;       // default
    public const uint Timeout = 0x25000004;             // timeout

    // OS loader elements.
    public const uint OsDevice = 0x21000001;            // osdevice
    public const uint SystemRoot = 0x22000002;          // systemroot
    public const uint DetectHal = 0x26000010;           // detecthal
    public const uint WinPe = 0x26000022;               // winpe

    // Device (ramdisk options) elements.
    public const uint RamdiskSdiDevice = 0x31000003;    // ramdisksdidevice
    public const uint RamdiskSdiPath = 0x32000004;      // ramdisksdipath
    /// <summary>Documented as an integer although its format nibble says boolean; encoding unconfirmed.</summary>
    public const uint RamdiskTftpBlockSize = 0x36000007;
    /// <summary>Documented as an integer although its format nibble says boolean; encoding unconfirmed.</summary>
    public const uint RamdiskTftpWindowSize = 0x36000008;
    public const uint RamdiskTftpVarWindow = 0x3600000B;

    public static BcdElementFormat FormatOf(uint id) => (BcdElementFormat)((id >> 24) & 0xF);

    public static uint ClassOf(uint id) => id >> 28;
}
