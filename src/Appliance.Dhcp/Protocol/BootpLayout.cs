namespace Appliance.Dhcp.Protocol;

/// <summary>
/// The fixed BOOTP header of RFC 2131 §2 (figure 1) as chained offsets: each field starts where the previous ends,
/// so a wrong length cannot silently shift the fields after it.
/// </summary>
internal static class BootpLayout
{
    public const int OpLength = 1;
    public const int HTypeLength = 1;
    public const int HLenLength = 1;
    public const int HopsLength = 1;
    public const int XidLength = 4;
    public const int SecsLength = 2;
    public const int FlagsLength = 2;
    public const int AddressLength = 4;
    public const int ChaddrLength = 16;
    public const int SnameLength = 64;
    public const int FileLength = 128;
    public const int MagicCookieLength = 4;

    public const int Op = 0;
    public const int HType = Op + OpLength;
    public const int HLen = HType + HTypeLength;
    public const int Hops = HLen + HLenLength;
    public const int Xid = Hops + HopsLength;
    public const int Secs = Xid + XidLength;
    public const int Flags = Secs + SecsLength;
    public const int Ciaddr = Flags + FlagsLength;
    public const int Yiaddr = Ciaddr + AddressLength;
    public const int Siaddr = Yiaddr + AddressLength;
    public const int Giaddr = Siaddr + AddressLength;
    public const int Chaddr = Giaddr + AddressLength;
    public const int Sname = Chaddr + ChaddrLength;
    public const int File = Sname + SnameLength;
    public const int MagicCookie = File + FileLength;
    /// <summary>236 + 4 = 240: the first option byte (RFC 2131 §3, RFC 2132 §2).</summary>
    public const int Options = MagicCookie + MagicCookieLength;

    /// <summary>RFC 1542 §3.3 / RFC 951: BOOTP messages are at least 300 bytes; some PXE ROMs drop shorter replies.</summary>
    public const int MinimumMessageLength = 300;

    /// <summary>RFC 2131 §2: "the client MUST be prepared to receive DHCP messages with an options field of at least 312 octets" — 576-byte datagrams.</summary>
    public const int MaximumReplyLength = 576;

    /// <summary>Broadcast flag, RFC 2131 §2 figure 2: the leftmost bit of the flags field.</summary>
    public const ushort BroadcastFlag = 0x8000;

    public const byte BootRequest = 1;
    public const byte BootReply = 2;
    /// <summary>ARP hardware type 1 (Ethernet, RFC 1700) with 6-byte addresses.</summary>
    public const byte HTypeEthernet = 1;
    public const byte HLenEthernet = 6;

    /// <summary>99.130.83.99, RFC 2132 §2.</summary>
    public static ReadOnlySpan<byte> MagicCookieValue => [99, 130, 83, 99];
}
