namespace Appliance.Bcd.Tests;

/// <summary>
/// Golden bytes from a store Microsoft wrote: `boot\bcd` of Windows 10 installation media (a RAM-disk WinPE store: Windows
/// Setup booting `[boot]\sources\boot.wim`), as exported by hivexregedit from the copy in the public repository
/// amidevous/wimboot-install. Only the two device elements are kept here, as hex.
/// </summary>
public sealed class MicrosoftStoreTests
{
    /// <summary>Objects\{7619dcc9-…}\Elements\21000001 (osdevice; 11000001 device is identical).</summary>
    private const string RamdiskOsDevice =
        "c8dc1976fefad911b411000476eba25f0000000001000000a000000000000000030000000000000000000000000000000000000000000000" +
        "0100000078000000050000000500000000000000480000000000000000000000000000000000000000000000000000000000000000000000" +
        "000000000000000000000000000000000000000000000000000000005c0073006f00750072006300650073005c0062006f006f0074002e00" +
        "770069006d000000";

    /// <summary>Objects\{7619dcc8-…}\Elements\31000003 (ramdisksdidevice boot); {memdiag}'s 11000001 is the same.</summary>
    private const string BootDevice =
        "0000000000000000000000000000000005000000000000004800000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// The UEFI twin, `efi\microsoft\boot\bcd` of Windows 10 media (public repository Vichingo455/Files-for-Win10-AiO):
    /// the {default} loader's osdevice, path \windows\system32\boot\winload.efi.
    /// </summary>
    private const string UefiRamdiskOsDevice =
        "c8dc1976fefad911b411000476eba25f0000000001000000a800000000000000030000000000000000000000000000000000000000000000" +
        "0100000080000000050000000500000000000000480000000000000000000000000000000000000000000000000000000000000000000000" +
        "000000000000000000000000000000000000000000000000000000005c007800360034005c0073006f00750072006300650073005c006200" +
        "6f006f0074002e00770069006d000000";

    private static readonly Guid SetupRamdiskOptions = new("7619dcc8-fafe-11d9-b411-000476eba25f");

    [Fact]
    public void Our_ramdisk_blob_equals_microsofts_byte_for_byte()
    {
        var ours = BcdDevice.Ramdisk(@"\sources\boot.wim", SetupRamdiskOptions).Encode();
        Assert.Equal(RamdiskOsDevice, Convert.ToHexString(ours).ToLowerInvariant());
    }

    [Fact]
    public void Our_ramdisk_blob_equals_microsofts_uefi_store_byte_for_byte()
    {
        var ours = BcdDevice.Ramdisk(@"\x64\sources\boot.wim", SetupRamdiskOptions).Encode();
        Assert.Equal(UefiRamdiskOsDevice, Convert.ToHexString(ours).ToLowerInvariant());
    }

    [Fact]
    public void Our_boot_device_blob_equals_microsofts_byte_for_byte() =>
        Assert.Equal(BootDevice, Convert.ToHexString(BcdDevice.Boot.Encode()).ToLowerInvariant());

    [Fact]
    public void Microsofts_blobs_decode_to_the_devices_bcdedit_shows()
    {
        var ramdisk = BcdDevice.Decode(Convert.FromHexString(RamdiskOsDevice));
        Assert.Equal(BcdDeviceKind.Ramdisk, ramdisk.Kind);
        Assert.Equal(@"\sources\boot.wim", ramdisk.Path);
        Assert.Equal(@"ramdisk=[boot]\sources\boot.wim,{7619dcc8-fafe-11d9-b411-000476eba25f}", ramdisk.ToString());
        Assert.Equal(BcdDeviceKind.Boot, BcdDevice.Decode(Convert.FromHexString(BootDevice)).Kind);
    }
}
