using System.Buffers.Binary;

namespace Appliance.Registry;

/// <summary>
/// The self-relative security descriptor of the one shared sk cell: owner Administrators, group SYSTEM, a DACL
/// granting KEY_ALL_ACCESS to SYSTEM and Administrators, inherited by subkeys ([MS-DTYP] 2.4.6, 2.4.5, 2.4.4.2).
/// </summary>
internal static class SecurityDescriptors
{
    private const byte Revision = 1;
    private const ushort ControlSelfRelative = 0x8000;
    private const ushort ControlDaclPresent = 0x0004;
    private const int HeaderSize = 20;      // revision, sbz1, control, owner, group, sacl, dacl offsets
    private const int OwnerOffsetField = 4;
    private const int GroupOffsetField = 8;
    private const int SaclOffsetField = 12;
    private const int DaclOffsetField = 16;
    private const byte AclRevision = 2;
    private const int AclHeaderSize = 8;
    private const byte AceAccessAllowed = 0;
    private const byte AceContainerInherit = 0x02;
    private const int AceHeaderSize = 8;    // type, flags, size, mask
    private const uint KeyAllAccess = 0x000F003F;
    private const uint LocalSystemRid = 18;
    private const uint BuiltinDomainRid = 32;
    private const uint AdministratorsRid = 544;

    private static byte[] Sid(params uint[] subAuthorities)
    {
        var sid = new byte[8 + 4 * subAuthorities.Length];
        sid[0] = 1;
        sid[1] = (byte)subAuthorities.Length;
        sid[7] = 5; // SECURITY_NT_AUTHORITY {0,0,0,0,0,5}, big-endian 48-bit
        for (var i = 0; i < subAuthorities.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(sid.AsSpan(8 + 4 * i), subAuthorities[i]);
        return sid;
    }

    public static byte[] Default { get; } = Build();

    private static byte[] Build()
    {
        var system = Sid(LocalSystemRid);
        var admins = Sid(BuiltinDomainRid, AdministratorsRid);
        var aclSize = AclHeaderSize + AceHeaderSize + system.Length + AceHeaderSize + admins.Length;
        var sd = new byte[HeaderSize + aclSize + admins.Length + system.Length];
        var s = sd.AsSpan();
        s[0] = Revision;
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], ControlSelfRelative | ControlDaclPresent);
        var dacl = HeaderSize;
        var owner = dacl + aclSize;
        var group = owner + admins.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(s[OwnerOffsetField..], (uint)owner);
        BinaryPrimitives.WriteUInt32LittleEndian(s[GroupOffsetField..], (uint)group);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SaclOffsetField..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(s[DaclOffsetField..], (uint)dacl);
        s[dacl] = AclRevision;
        BinaryPrimitives.WriteUInt16LittleEndian(s[(dacl + 2)..], (ushort)aclSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(dacl + 4)..], 2);
        var at = dacl + AclHeaderSize;
        foreach (var sid in new[] { system, admins })
        {
            s[at] = AceAccessAllowed;
            s[at + 1] = AceContainerInherit;
            BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 2)..], (ushort)(AceHeaderSize + sid.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4)..], KeyAllAccess);
            sid.CopyTo(s[(at + AceHeaderSize)..]);
            at += AceHeaderSize + sid.Length;
        }
        admins.CopyTo(s[owner..]);
        system.CopyTo(s[group..]);
        return sd;
    }
}
