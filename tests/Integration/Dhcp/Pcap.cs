using System.Buffers.Binary;

namespace Appliance.Integration.Dhcp;

/// <summary>One UDP datagram of a capture.</summary>
public sealed record UdpPacket(uint Source, ushort SourcePort, uint Destination, ushort DestinationPort, byte[] Payload);

/// <summary>
/// Classic libpcap files (tcpdump -w, Ethernet link type): enough to read the golden captures and to write our replies
/// for tshark. Layouts from pcap-savefile(5), IPv4 RFC 791 §3.1, UDP RFC 768.
/// </summary>
public static class Pcap
{
    private const uint Magic = 0xA1B2C3D4;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int EthernetHeaderLength = 14;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const byte ProtocolUdp = 17;

    public static List<UdpPacket> ReadUdp(string path)
    {
        var data = File.ReadAllBytes(path);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
            throw new InvalidDataException($"{path}: expected a little-endian microsecond pcap (a1b2c3d4), saw {Convert.ToHexString(data, 0, 4)}");
        if (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20)) != 1)
            throw new InvalidDataException($"{path}: expected link type 1 (Ethernet)");
        var packets = new List<UdpPacket>();
        for (var at = GlobalHeaderLength; at + RecordHeaderLength <= data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 8));
            var frame = data.AsSpan(at + RecordHeaderLength, length);
            at += RecordHeaderLength + length;
            if (frame.Length < EthernetHeaderLength + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeIPv4) continue;
            var ip = frame[EthernetHeaderLength..];
            var ihl = (ip[0] & 0x0F) * 4;
            if (ip[9] != ProtocolUdp) continue;
            var total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            var udp = ip[ihl..total];
            packets.Add(new UdpPacket(BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), BinaryPrimitives.ReadUInt16BigEndian(udp),
                BinaryPrimitives.ReadUInt32BigEndian(ip[16..]), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]), udp[8..].ToArray()));
        }
        return packets;
    }

    public static void WriteUdp(string path, IEnumerable<UdpPacket> packets)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[GlobalHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        header[8..16].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        file.Write(header);
        var second = 0u;
        Span<byte> record = stackalloc byte[RecordHeaderLength];
        foreach (var p in packets)
        {
            var frame = new byte[EthernetHeaderLength + 20 + 8 + p.Payload.Length];
            frame.AsSpan(0, 6).Fill(0xFF);
            frame[6] = 0x02; frame[11] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherTypeIPv4);
            var ip = frame.AsSpan(EthernetHeaderLength);
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + p.Payload.Length));
            ip[8] = 64;
            ip[9] = ProtocolUdp;
            BinaryPrimitives.WriteUInt32BigEndian(ip[12..], p.Source);
            BinaryPrimitives.WriteUInt32BigEndian(ip[16..], p.Destination);
            uint sum = 0;
            for (var i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
            while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
            var udp = ip[20..];
            BinaryPrimitives.WriteUInt16BigEndian(udp, p.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], p.DestinationPort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + p.Payload.Length));
            p.Payload.CopyTo(udp[8..]);
            BinaryPrimitives.WriteUInt32LittleEndian(record, second++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            file.Write(record);
            file.Write(frame);
        }
    }
}
