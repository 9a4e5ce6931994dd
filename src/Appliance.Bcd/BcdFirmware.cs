namespace Appliance.Bcd;

/// <summary>The firmware whose boot manager reads the store: it decides the OS loader's file name.</summary>
public enum BcdFirmware
{
    /// <summary>PC BIOS: pxeboot.n12 → bootmgr.exe → winload.exe.</summary>
    Bios,

    /// <summary>UEFI: bootmgfw.efi → winload.efi.</summary>
    Uefi,
}
