using Appliance.Core.Tables;
using Appliance.Dhcp.Protocol;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// The proxyDHCP decision as a pure function: request bytes + boot index + receiving address → reply bytes, or the
/// reason there is none. No sockets, no clock, no allocation; the daemon and the tests call the same code.
/// </summary>
public static class ProxyDhcpResponder
{
    /// <summary>PXE 2.1 §2.4 vendor option 43 sub-options.</summary>
    private const byte PxeDiscoveryControl = 6;
    private const byte PxeBootItem = 71;
    private const byte PxeSubOptionEnd = 255;

    /// <summary>
    /// Discovery control bit 3 (value 8): "if a boot file name is present in the offer, download it" — skip boot
    /// server discovery and menus (PXE 2.1 §2.4.2, table 2-8). dnsmasq sends the same to BIOS clients in proxy mode.
    /// </summary>
    private const byte DiscoveryUseBootFile = 8;

    /// <summary>RFC 4578 §2.3: option 97 is type 0 and a 16-byte GUID; Intel ROMs drop replies that do not echo it.</summary>
    private const int MachineIdentifierMaxLength = 17;

    /// <summary>
    /// Answers one request that arrived on <paramref name="service"/> at local address <paramref name="serverAddress"/>.
    /// Returns <see cref="NoAnswerReason.None"/> with the reply in <paramref name="reply"/>[..result.Length], or why not.
    /// <paramref name="reply"/> must hold 576 bytes (RFC 2131 §2 minimum datagram a client accepts).
    /// </summary>
    public static NoAnswerReason Respond(ReadOnlySpan<byte> request, DhcpService service, uint serverAddress,
        BootIndex index, Span<byte> reply, out ProxyReply result)
    {
        result = default;
        if (!DhcpPacketReader.TryCreate(request, out var reader, out _)) return NoAnswerReason.Malformed;
        if (reader.Op != BootpLayout.BootRequest) return NoAnswerReason.NotBootRequest;
        if (reader.HType != BootpLayout.HTypeEthernet || reader.HLen != BootpLayout.HLenEthernet) return NoAnswerReason.NotEthernet;

        // One walk over the options collects all we need; a structural error anywhere drops the packet.
        DhcpMessageType type = DhcpMessageType.None;
        ReadOnlySpan<byte> vendorClass = default, arch93 = default, machineId = default, vendorOptions = default;
        bool hasMachineId = false;
        var options = reader.Options;
        while (options.MoveNext())
        {
            var option = options.Current;
            switch (option.Code)
            {
                case DhcpOptionCode.MessageType when option.Value.Length == 1 && type == DhcpMessageType.None:
                    type = (DhcpMessageType)option.Value[0];
                    break;
                case DhcpOptionCode.VendorClassIdentifier when vendorClass.IsEmpty:
                    vendorClass = option.Value;
                    break;
                case DhcpOptionCode.ClientSystemArchitecture when arch93.IsEmpty:
                    arch93 = option.Value;
                    break;
                case DhcpOptionCode.ClientMachineIdentifier when !hasMachineId:
                    machineId = option.Value;
                    hasMachineId = true;
                    break;
                case DhcpOptionCode.VendorSpecific when vendorOptions.IsEmpty:
                    vendorOptions = option.Value;
                    break;
            }
        }
        if (options.Error != DhcpError.None) return NoAnswerReason.Malformed;
        if (type == DhcpMessageType.None) return NoAnswerReason.NotDhcp;
        DhcpMessageType replyType;
        if (service == DhcpService.ProxyDhcp)
        {
            // PXE 2.1 §2.2.3: a proxy answers the DISCOVER only; the client's REQUEST goes to the site server.
            if (type != DhcpMessageType.Discover) return NoAnswerReason.IgnoredMessageType;
            replyType = DhcpMessageType.Offer;
        }
        else
        {
            // PXE 2.1 §2.2.5: boot-server requests are DHCPREQUEST (INFORM from some clients) answered by DHCPACK.
            if (type is not (DhcpMessageType.Request or DhcpMessageType.Inform)) return NoAnswerReason.IgnoredMessageType;
            replyType = DhcpMessageType.Ack;
        }
        if (!PxeClientInfo.IsPxeClient(vendorClass)) return NoAnswerReason.NotPxeClient;

        // Lookup: MAC on both ports; on 4011 the client has an address, so ciaddr names it too.
        var mac = MacAddress.FromBytes(reader.Chaddr).Value;
        if (!index.TryGetByMac(mac, out var entry)
            && !(service == DhcpService.BootServer && reader.Ciaddr != 0 && index.TryGetByIp(reader.Ciaddr, out entry)))
        {
            if (index.Default is null) return NoAnswerReason.UnknownClient;
            entry = index.Default;
        }
        var boot = entry.Boot ?? index.Default?.Boot;
        if (boot is null) return NoAnswerReason.NoRecord;

        PxeClientInfo.TryGetArchitecture(arch93, vendorClass, out var architecture, out var source);
        if (entry.ArchitectureOverride is { } forced)
        {
            architecture = forced;
            source = ArchitectureSource.NodeOverride;
        }
        if (!boot.TryGetFile(architecture, out var file, out var loader, out var bcdOption, out var bcdPath)) return NoAnswerReason.UnsupportedArchitecture;

        if (reply.Length < BootpLayout.MaximumReplyLength) return NoAnswerReason.ReplyTooLarge;
        var siaddr = index.NextServer != 0 ? index.NextServer : serverAddress;
        var writer = new DhcpPacketWriter(reply);
        // RFC 2131 §4.3.1 table 3: xid, flags, giaddr and chaddr from the client; yiaddr 0 (a proxy leases nothing);
        // ciaddr is echoed to boot-server clients, which have one.
        writer.WriteHeader(BootpLayout.BootReply, reader.HType, reader.HLen, reader.Xid, reader.Flags,
            service == DhcpService.BootServer ? reader.Ciaddr : 0, 0, siaddr, reader.Giaddr, reader.Chaddr);
        writer.TrySetFile(file);
        writer.WriteOption(DhcpOptionCode.MessageType, (byte)replyType);
        writer.WriteAddressOption(DhcpOptionCode.ServerIdentifier, serverAddress);
        // PXE 2.1 §2.2.3: a reply without vendor class "PXEClient" is not a PXE offer and is ignored by the ROM.
        writer.WriteOption(DhcpOptionCode.VendorClassIdentifier, PxeClientInfo.PxeClientPrefix);
        if (hasMachineId && machineId.Length <= MachineIdentifierMaxLength)
            writer.WriteOption(DhcpOptionCode.ClientMachineIdentifier, machineId);

        Span<byte> vendor = stackalloc byte[8];
        var vendorLength = 0;
        if (service == DhcpService.ProxyDhcp && architecture == (ushort)PxeArchitecture.Bios)
        {
            // BIOS only: EDK2 before the fix of TianoCore bug 469 discards proxy offers that carry option 43, so
            // UEFI clients get none here (as dnsmasq and pixiecore do) and boot from the file field or ask on 4011.
            vendor[vendorLength++] = PxeDiscoveryControl;
            vendor[vendorLength++] = 1;
            vendor[vendorLength++] = DiscoveryUseBootFile;
        }
        else if (service == DhcpService.BootServer && TryFindBootItem(vendorOptions, out var item))
        {
            // PXE 2.1 §2.2.5: the boot server's ACK names the boot item (type, layer) the client asked for.
            vendor[vendorLength++] = PxeBootItem;
            vendor[vendorLength++] = 4;
            item.CopyTo(vendor[vendorLength..]);
            vendorLength += 4;
        }
        if (vendorLength > 0)
        {
            vendor[vendorLength++] = PxeSubOptionEnd;
            writer.WriteOption(DhcpOptionCode.VendorSpecific, vendor[..vendorLength]);
        }
        writer.WriteOption(DhcpOptionCode.BcdPath, bcdOption);
        var length = writer.Finish();

        var destination = service == DhcpService.BootServer ? ReplyDestination.RequestSource
            : reader.Giaddr != 0 ? ReplyDestination.Relay : ReplyDestination.Broadcast;
        result = new ProxyReply(length, replyType, entry, boot, architecture, source, loader, bcdPath, destination,
            reader.Giaddr, index.Generation, mac);
        return NoAnswerReason.None;
    }

    /// <summary>Finds sub-option 71 (4 bytes: boot server type, layer) inside a request's option 43.</summary>
    private static bool TryFindBootItem(ReadOnlySpan<byte> vendor, out ReadOnlySpan<byte> item)
    {
        var i = 0;
        while (i < vendor.Length)
        {
            var code = vendor[i];
            if (code == 0) { i++; continue; }
            if (code == PxeSubOptionEnd || i + 1 >= vendor.Length) break;
            int length = vendor[i + 1];
            if (length > vendor.Length - i - 2) break;
            if (code == PxeBootItem && length == 4)
            {
                item = vendor.Slice(i + 2, 4);
                return true;
            }
            i += 2 + length;
        }
        item = default;
        return false;
    }
}
