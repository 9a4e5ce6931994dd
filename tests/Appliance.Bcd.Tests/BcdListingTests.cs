namespace Appliance.Bcd.Tests;

/// <summary>The `bcdedit /enum`-style listing of a store we wrote.</summary>
public sealed class BcdListingTests
{
    [Fact]
    public void Listing_reads_like_bcdedit_enum()
    {
        var store = BcdStore.FromBytes(WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = "winpe10" })
            .ToBytes(DateTime.UnixEpoch));
        var expected = """
            Windows Boot Manager
            --------------------
            identifier              {bootmgr}
            description             Windows Boot Manager
            default                 {default}
            displayorder            {default}
            timeout                 30

            Windows Boot Loader
            -------------------
            identifier              {default}
            device                  ramdisk=[boot]\winboot\winpe10\Boot\boot.wim,{ramdiskoptions}
            path                    \windows\system32\boot\winload.exe
            description             WinPE winpe10
            osdevice                ramdisk=[boot]\winboot\winpe10\Boot\boot.wim,{ramdiskoptions}
            systemroot              \windows
            detecthal               Yes
            winpe                   Yes

            Device options
            --------------
            identifier              {ramdiskoptions}
            description             Ramdisk Options
            ramdisksdidevice        boot
            ramdisksdipath          \winboot\winpe10\Boot\boot.sdi

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, BcdListing.Format(store));
    }

    [Fact]
    public void Verbose_listing_prints_guids()
    {
        var store = WinPeRamdiskRecipe.Build(new WinPeBcdOptions { WinPeName = "pe", Firmware = BcdFirmware.Uefi });
        var text = BcdListing.Format(store, verbose: true);
        var loader = WinPeNames.LoaderId("pe").ToString("B");
        Assert.Contains("identifier              {9dea862c-5cdd-4e70-acc1-f32b344d4795}\n", text);
        Assert.Contains($"default                 {loader}\n", text);
        Assert.Contains($"identifier              {loader}\n", text);
        Assert.Contains(@"device                  ramdisk=[boot]\winboot\pe\Boot\boot.wim,{ae5534e0-a924-466c-b836-758539a3ee3a}", text);
        Assert.Contains(@"path                    \windows\system32\boot\winload.efi", text);
    }
}
