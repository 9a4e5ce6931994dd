#!/usr/bin/python3
"""PXE client played by scapy (a DHCP encoder/decoder nobody here wrote) for the proxydhcpd integration tests.

Usage: pxe_client.py IFACE CLIENT_IP SERVER_IP SERVER_MAC CASES_JSON
Each case: {"name", "port": 67|4011, "type": 1|3|8, "mac", "arch": int|null, "guid": bool, "vendor": str|null,
            "ciaddr": bool, "sport": int}
Prints one JSON object per case with what scapy decoded from the reply (or "replied": false after the timeout).
"""
import json, sys, random
from scapy.all import AsyncSniffer, Ether, IP, UDP, BOOTP, DHCP, sendp, conf, mac2str

conf.verb = 0
iface, client_ip, server_ip, server_mac, cases = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
my_mac = open(f"/sys/class/net/{iface}/address").read().strip()
TIMEOUT = 1.5


def build(case, xid):
    options = [("message-type", case["type"])]
    if case.get("arch") is not None:
        options += [("pxe_client_architecture", case["arch"].to_bytes(2, "big")), ("pxe_client_network_interface", b"\x01\x03\x10")]
    vendor = case.get("vendor")
    if vendor is None:
        vendor = "PXEClient:Arch:%05d:UNDI:003016" % (case.get("arch") or 0)
    if vendor != "":
        options.append(("vendor_class_id", vendor.encode()))
    if case.get("guid"):
        options.append(("pxe_client_machine_identifier", b"\x00" + bytes(range(0x40, 0x50))))
    options.append("end")
    bootp = BOOTP(op=1, xid=xid, flags=0x8000, chaddr=mac2str(case["mac"]) + bytes(10),
                  ciaddr=client_ip if case.get("ciaddr") else "0.0.0.0")
    if case["port"] == 67:
        ip = IP(src="0.0.0.0", dst="255.255.255.255")
        dst_mac = "ff:ff:ff:ff:ff:ff"
    else:
        ip = IP(src=client_ip, dst=server_ip)
        dst_mac = server_mac
    return Ether(src=my_mac, dst=dst_mac) / ip / UDP(sport=case.get("sport", 68), dport=case["port"]) / bootp / DHCP(options=options)


def bootp_of(p):
    # scapy binds BOOTP to ports 67/68 only; a reply to an EDK2-style client port 4011 is decoded explicitly.
    if BOOTP in p:
        return p[BOOTP]
    if UDP in p:
        try:
            return BOOTP(bytes(p[UDP].payload))
        except Exception:
            return None
    return None


def is_reply(p, xid):
    b = bootp_of(p)
    return b is not None and b.xid == xid and b.op == 2


for case in cases:
    xid = random.randrange(1, 2**32)
    import threading, time
    capturing = threading.Event()
    # send only once the capture socket is open: a fixed sleep lost the first reply on a machine at load average 16
    sniffer = AsyncSniffer(iface=iface, filter="udp and (src port 67 or src port 4011)",
                           lfilter=lambda p, x=xid: is_reply(p, x), started_callback=capturing.set)
    sniffer.start()
    capturing.wait(10)
    sendp(build(case, xid), iface=iface)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline and not sniffer.results:
        time.sleep(0.02)
    replies = sniffer.stop() or []
    result = {"name": case["name"], "replied": len(replies) > 0, "count": len(replies)}
    if replies:
        p = replies[0]
        b = bootp_of(p)
        opts = {}
        for o in b[DHCP].options:
            if isinstance(o, tuple):
                key = o[0] if isinstance(o[0], str) else str(o[0])
                v = o[1]
                opts[key] = v.hex() if isinstance(v, bytes) else str(v)
        result.update({
            "ip_src": p[IP].src, "ip_dst": p[IP].dst, "udp_sport": p[UDP].sport, "udp_dport": p[UDP].dport,
            "eth_dst": p[Ether].dst, "op": b.op, "yiaddr": b.yiaddr, "siaddr": b.siaddr, "ciaddr": b.ciaddr,
            "giaddr": b.giaddr, "flags": int(b.flags), "chaddr": b.chaddr[:6].hex(),
            "file": b.file.split(b"\0")[0].decode(), "file_nul": b"\0" in b.file,
            "options": opts,
        })
    print(json.dumps(result), flush=True)
