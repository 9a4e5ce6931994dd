namespace Appliance.Dhcp.Pxe;

/// <summary>
/// Client system architecture types of RFC 4578 §2.1 as corrected by its 2016 erratum (IANA "Processor Architecture
/// Types"): 6 is IA32 EFI, 7 x64 EFI, 9 EFI BC (which every peer — EDK2, dnsmasq, iPXE — uses for x64), 10/11 ARM.
/// </summary>
public enum PxeArchitecture : ushort
{
    Bios = 0,
    NecPc98 = 1,
    Itanium = 2,
    DecAlpha = 3,
    ArcX86 = 4,
    IntelLeanClient = 5,
    EfiIa32 = 6,
    EfiX64 = 7,
    EfiXscale = 8,
    EfiBc = 9,
    EfiArm32 = 10,
    EfiArm64 = 11,
    EfiX64Http = 16,
}
