namespace Appliance.Bcd;

/// <summary>Object GUIDs with a fixed meaning and the aliases `bcdedit` prints for them.</summary>
public static class BcdWellKnownObjects
{
    public static readonly Guid BootManager = new("9dea862c-5cdd-4e70-acc1-f32b344d4795");
    public static readonly Guid FirmwareBootManager = new("a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba");
    public static readonly Guid RamdiskOptions = new("ae5534e0-a924-466c-b836-758539a3ee3a");
    public static readonly Guid GlobalSettings = new("7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e");
    public static readonly Guid BootLoaderSettings = new("6efb52bf-1766-41db-a6b3-0ee5eff72bd7");
    public static readonly Guid ResumeLoaderSettings = new("1afa9c49-16ab-4a5c-901b-212802da9460");
    public static readonly Guid MemDiag = new("b2721d73-1db4-4c62-bf78-c548a880142d");
    public static readonly Guid Ntldr = new("466f5a88-0af2-4f76-9038-095b170dc21c");
    public static readonly Guid DbgSettings = new("4636856e-540f-4170-a130-a84776f4c654");
    public static readonly Guid EmsSettings = new("0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9");
    public static readonly Guid BadMemory = new("5189b25c-5558-4bf2-bca4-289b11bd29e2");
    public static readonly Guid HypervisorSettings = new("7ff607e0-4395-11db-b0de-0800200c9a66");

    /// <summary>The alias bcdedit shows ("bootmgr", "ramdiskoptions", …), or null for other GUIDs.</summary>
    public static string? Alias(Guid id)
    {
        if (id == BootManager) return "bootmgr";
        if (id == FirmwareBootManager) return "fwbootmgr";
        if (id == RamdiskOptions) return "ramdiskoptions";
        if (id == GlobalSettings) return "globalsettings";
        if (id == BootLoaderSettings) return "bootloadersettings";
        if (id == ResumeLoaderSettings) return "resumeloadersettings";
        if (id == MemDiag) return "memdiag";
        if (id == Ntldr) return "ntldr";
        if (id == DbgSettings) return "dbgsettings";
        if (id == EmsSettings) return "emssettings";
        if (id == BadMemory) return "badmemory";
        if (id == HypervisorSettings) return "hypervisorsettings";
        return null;
    }

    /// <summary>"{9dea862c-…}" — the form BCD keys and object elements use (lower case, braces).</summary>
    public static string Format(Guid id) => id.ToString("B");
}
