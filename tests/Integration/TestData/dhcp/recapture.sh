#!/usr/bin/env bash
# Re-captures the golden DHCP/PXE packets of real firmware (documented, not run in CI; needs root, QEMU, dnsmasq,
# tcpdump and a published proxydhcpd). Writes seabios-ipxe.pcap, ovmf.pcap (OVMF + iPXE EFI driver) and
# ovmf-edk2.pcap (OVMF's own network stack) next to this script.
#
# Topology, all inside network namespaces made and removed here (no traffic leaves them):
#   netns lan: bridge br0 + tap0 (the VM's NIC) + tcpdump on br0
#   netns site: veth 10.99.0.2/24, dnsmasq as the site DHCP server (addresses only, no PXE)
#   netns app:  veth 10.99.0.1/24, proxydhcpd (ports 67 and 4011) knowing both VMs' MACs
# NICs are e1000 with QEMU's default iPXE ROM (efi-e1000.rom, BIOS and UEFI images); virtio-net with
# romfile=pxe-virtio.rom hung in SeaBIOS on this host (no iPXE banner), so e1000 it is.
# Each VM runs until it sends a TFTP read request for the boot file we named (or 150 s); then all is torn down.
# Usage: sudo tests/Integration/TestData/dhcp/recapture.sh [bios|uefi|edk2|both]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${APPLIANCE_BIN:-$here/../../../../out/bin}
which=${1:-both}
work=$(mktemp -d /tmp/pxecap.XXXXXX)
tag=pxc$$
ns_lan=${tag}lan ns_site=${tag}site ns_app=${tag}app

cleanup() {
  set +e
  for ns in $ns_lan $ns_site $ns_app; do
    ip netns pids $ns 2>/dev/null | xargs -r kill -9
    ip netns del $ns 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

for ns in $ns_lan $ns_site $ns_app; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n $ns_lan link add br0 type bridge
ip -n $ns_lan link set br0 up
for side in site app; do
  ip link add ${tag}${side:0:1}0 type veth peer name ${tag}${side:0:1}1
  ip link set ${tag}${side:0:1}0 netns $ns_lan
  ip link set ${tag}${side:0:1}1 netns ${tag}${side}
  ip -n $ns_lan link set ${tag}${side:0:1}0 master br0 up
done
ip -n $ns_site addr add 10.99.0.2/24 dev ${tag}s1; ip -n $ns_site link set ${tag}s1 up
ip -n $ns_app addr add 10.99.0.1/24 dev ${tag}a1; ip -n $ns_app link set ${tag}a1 up
ip -n $ns_lan tuntap add dev tap0 mode tap
ip -n $ns_lan link set tap0 master br0 up

ip netns exec $ns_site dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=${tag}s1 --bind-interfaces \
  --dhcp-range=10.99.0.100,10.99.0.150,1h --dhcp-leasefile=$work/leases --pid-file=$work/dnsmasq.pid --log-dhcp \
  >"$work/dnsmasq.log" 2>&1 &

mkdir -p "$work/app/etc/appliance" "$work/app/var/lib/appliance"
cat >"$work/app/etc/appliance/nodes" <<NODES
biosvm mac=52:54:00:ab:00:01
uefivm mac=52:54:00:ab:00:02
NODES
: >"$work/app/etc/appliance/osimages"
/usr/bin/python3 - "$work/app/var/lib/appliance/proxydhcp.cfg" <<'PY'
import sys
rec = lambda n, p: n.encode().ljust(50, b"\0") + p.encode().ljust(150, b"\0")
open(sys.argv[1], "wb").write(rec("biosvm", "winboot/winpe10/") + rec("uefivm", "winboot/winpe10/"))
PY
ip netns exec $ns_app "$bin/proxydhcpd" --prefix "$work/app" --log-level debug >"$work/proxydhcpd.log" 2>&1 &
sleep 1

capture() { # name mac qemu-args...
  local name=$1 mac=$2; shift 2
  ip netns exec $ns_lan tcpdump -i br0 -U -s 0 -w "$work/$name.pcap" 'udp and (port 67 or port 68 or port 4011 or port 69)' 2>/dev/null &
  local dump=$!
  sleep 1
  ip netns exec $ns_lan qemu-system-x86_64 -m 256 -display none -serial null -monitor none \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
    "$@" >"$work/$name.qemu.log" 2>&1 &
  local vm=$!
  for _ in $(seq 1 75); do
    sleep 2
    # done when the firmware asked for the boot file by TFTP (it accepted our answer), or sent a 4011 request and
    # then the RRQ; an RRQ gets no answer here (no TFTP server), so the VM is stopped then.
    if [[ $(tshark -r "$work/$name.pcap" -Y 'tftp.opcode == 1' 2>/dev/null | wc -l) -ge 1 ]]; then sleep 1; break; fi
  done
  kill $vm 2>/dev/null || true; wait $vm 2>/dev/null || true
  kill $dump; wait $dump 2>/dev/null || true
  cp "$work/$name.pcap" "$here/$name.pcap"
  echo "$name: $(tshark -r "$here/$name.pcap" 2>/dev/null | wc -l) packets"
  tshark -r "$here/$name.pcap" 2>/dev/null || true
}

if [[ $which == bios || $which == both ]]; then
  capture seabios-ipxe 52:54:00:ab:00:01 -machine pc \
    -device e1000,netdev=n0,mac=52:54:00:ab:00:01,bootindex=1
fi
if [[ $which == uefi || $which == both ]]; then
  cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
  capture ovmf 52:54:00:ab:00:02 -machine q35 \
    -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
    -drive if=pflash,format=raw,file="$work/vars.fd" \
    -device e1000,netdev=n0,mac=52:54:00:ab:00:02,bootindex=1
fi
if [[ $which == edk2 || $which == both ]]; then
  # OVMF's own VirtioNetDxe + PxeBcDxe (romfile= empty: no iPXE): EDK2 classifies our offer as ProxyBinl and
  # sends its DHCPREQUEST to port 4011.
  cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars2.fd"
  capture ovmf-edk2 52:54:00:ab:00:02 -machine q35 \
    -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
    -drive if=pflash,format=raw,file="$work/vars2.fd" \
    -device virtio-net-pci,netdev=n0,mac=52:54:00:ab:00:02,bootindex=1,romfile=
fi
echo "--- proxydhcpd log"; cat "$work/proxydhcpd.log" | tail -20
