using System.Buffers.Binary;
using Appliance.Dhcp.Protocol;

namespace Appliance.Dhcp.Pxe;

/// <summary>Reads the PXE facts of a request: is it a PXE client, and which architecture does it claim.</summary>
public static class PxeClientInfo
{
    /// <summary>PXE 2.1 §2.2.2: the vendor class of every PXE client starts with these 9 bytes.</summary>
    public static ReadOnlySpan<byte> PxeClientPrefix => "PXEClient"u8;

    private static ReadOnlySpan<byte> ArchPrefix => "PXEClient:Arch:"u8;
    private const int ArchDigits = 5;

    /// <summary>True when option 60 starts with "PXEClient" (dnsmasq and pixiecore test the same prefix).</summary>
    public static bool IsPxeClient(ReadOnlySpan<byte> vendorClass) => vendorClass.StartsWith(PxeClientPrefix);

    /// <summary>
    /// Option 93 first (RFC 4578 §2.1: a list of 16-bit types, the client's preference first; a list whose length is
    /// odd or zero is ignored), then the five digits after "PXEClient:Arch:" in option 60. False when neither names one.
    /// </summary>
    public static bool TryGetArchitecture(ReadOnlySpan<byte> option93, ReadOnlySpan<byte> vendorClass,
        out ushort architecture, out ArchitectureSource source)
    {
        if (option93.Length >= 2 && option93.Length % 2 == 0)
        {
            architecture = BinaryPrimitives.ReadUInt16BigEndian(option93);
            source = ArchitectureSource.Option93;
            return true;
        }
        if (vendorClass.StartsWith(ArchPrefix) && vendorClass.Length >= ArchPrefix.Length + ArchDigits)
        {
            var digits = vendorClass.Slice(ArchPrefix.Length, ArchDigits);
            uint value = 0;
            foreach (var d in digits)
            {
                if (d is < (byte)'0' or > (byte)'9') goto none;
                value = value * 10 + (uint)(d - '0');
            }
            if (value <= ushort.MaxValue)
            {
                architecture = (ushort)value;
                source = ArchitectureSource.VendorClass;
                return true;
            }
        }
    none:
        architecture = 0;
        source = ArchitectureSource.Assumed;
        return false;
    }

    /// <summary>Convenience over a reader (used by tests and the `lookup` verb).</summary>
    public static ushort GetArchitecture(in DhcpPacketReader request, out ArchitectureSource source)
    {
        request.TryGetOption(DhcpOptionCode.ClientSystemArchitecture, out var a93);
        request.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out var vc);
        TryGetArchitecture(a93, vc, out var arch, out source);
        return arch;
    }
}
