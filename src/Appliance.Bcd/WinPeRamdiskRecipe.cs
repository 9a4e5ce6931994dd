namespace Appliance.Bcd;

/// <summary>
/// The store that network-boots a WinPE from a RAM disk, as WDS and `bcdedit` recipes build it (Microsoft, "Boot
/// to WinPE over the network: create a BCD store"; xCAT genimage.cmd): the boot manager, the ramdisk options naming
/// the SDI file on the boot (TFTP) device, and an OS loader whose device and osdevice are the WIM as a RAM disk.
/// </summary>
public static class WinPeRamdiskRecipe
{
    public const string BiosLoaderPath = @"\windows\system32\boot\winload.exe";
    public const string UefiLoaderPath = @"\windows\system32\boot\winload.efi";
    public const string SystemRoot = @"\windows";
    public const string BootManagerDescription = "Windows Boot Manager";
    public const string RamdiskOptionsDescription = "Ramdisk Options";

    public static BcdStore Build(WinPeBcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.WinPeName;
        WinPeNames.Validate(name);
        var loaderId = WinPeNames.LoaderId(name);
        var ramdisk = BcdDevice.Ramdisk(WinPeNames.BootWimPath(name), BcdWellKnownObjects.RamdiskOptions);
        var store = new BcdStore();

        store.Add(new BcdObject(BcdWellKnownObjects.BootManager, BcdObjectTypes.BootManager))
            .Set(BcdElement.String(BcdElementIds.Description, BootManagerDescription))
            .Set(BcdElement.Object(BcdElementIds.DefaultObject, loaderId))
            .Set(BcdElement.ObjectList(BcdElementIds.DisplayOrder, [loaderId]))
            .Set(BcdElement.Integer(BcdElementIds.Timeout, options.TimeoutSeconds));

        var ramdiskOptions = store.Add(new BcdObject(BcdWellKnownObjects.RamdiskOptions, BcdObjectTypes.DeviceOptions))
            .Set(BcdElement.String(BcdElementIds.Description, RamdiskOptionsDescription))
            .Set(BcdElement.Device(BcdElementIds.RamdiskSdiDevice, BcdDevice.Boot))
            .Set(BcdElement.String(BcdElementIds.RamdiskSdiPath, WinPeNames.SdiPath(name)));
        if (options.TftpBlockSize is { } block)
            ramdiskOptions.Set(BcdElement.IntegerInBooleanSlot(BcdElementIds.RamdiskTftpBlockSize, block));
        if (options.TftpWindowSize is { } window)
            ramdiskOptions.Set(BcdElement.IntegerInBooleanSlot(BcdElementIds.RamdiskTftpWindowSize, window));
        if (options.TftpVariableWindow is { } varWindow)
            ramdiskOptions.Set(BcdElement.Boolean(BcdElementIds.RamdiskTftpVarWindow, varWindow));

        store.Add(new BcdObject(loaderId, BcdObjectTypes.OsLoader))
            .Set(BcdElement.Device(BcdElementIds.ApplicationDevice, ramdisk))
            .Set(BcdElement.String(BcdElementIds.ApplicationPath,
                options.Firmware == BcdFirmware.Uefi ? UefiLoaderPath : BiosLoaderPath))
            .Set(BcdElement.String(BcdElementIds.Description, options.Description ?? $"WinPE {name}"))
            .Set(BcdElement.Device(BcdElementIds.OsDevice, ramdisk))
            .Set(BcdElement.String(BcdElementIds.SystemRoot, SystemRoot))
            .Set(BcdElement.Boolean(BcdElementIds.DetectHal, true))
            .Set(BcdElement.Boolean(BcdElementIds.WinPe, true));
        return store;
    }
}
