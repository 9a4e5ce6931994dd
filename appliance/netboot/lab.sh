# Network-boot lab: a throw-away topology of network namespaces for the end-to-end test and `make demo`.
# Sourced by appliance/netboot/scenario. Every name carries $LAB_ID, and lab_down removes everything lab_up made
# (namespaces, and with them their bridge, veths, taps and processes). Traffic never leaves these namespaces.
#
#   lan  — bridge br0 with a tap per guest and one veth per host; QEMU guests run here
#   site — the customer's DHCP server (dnsmasq, DHCP only), 10.77.<n>.1/24
#   appl — the appliance (proxydhcpd + tftpd from out/bin), 10.77.<n>.2/24; in the co-located scenario the appliance
#          runs in `site` next to dnsmasq instead (xCAT style), and `appl` is not created.

LAB_ID=${LAB_ID:-$$}
LAB_NET=${LAB_NET:-10.77.$((LAB_ID % 200 + 20))}
NS_LAN=nblan$LAB_ID
NS_SITE=nbsite$LAB_ID
NS_APPL=nbappl$LAB_ID

lab_say() { [[ ${LAB_QUIET:-0} == 1 ]] || printf '%s\n' "$*" >&2; }

lab_up() {
  local colocated=$1
  ip netns add "$NS_LAN"
  ip netns exec "$NS_LAN" ip link set lo up
  ip netns exec "$NS_LAN" ip link add br0 type bridge
  # No STP and no forwarding delay: a PXE ROM gives up long before a 15 s learning phase ends.
  ip netns exec "$NS_LAN" ip link set br0 type bridge stp_state 0 forward_delay 0
  ip netns exec "$NS_LAN" ip link set br0 up
  lab_host "$NS_SITE" "$LAB_NET.1" vsite
  if [[ $colocated != 1 ]]; then lab_host "$NS_APPL" "$LAB_NET.2" vappl; fi
}

# lab_host NS ADDR PEER: a namespace with one veth (eth0) whose other end (PEER) is a bridge port.
lab_host() {
  local ns=$1 addr=$2 peer=$3
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  ip link add eth0 netns "$ns" type veth peer name "$peer" netns "$NS_LAN"
  ip netns exec "$NS_LAN" ip link set "$peer" master br0 up
  ip netns exec "$ns" ip addr add "$addr/24" dev eth0
  ip netns exec "$ns" ip link set eth0 up
}

# lab_tap NAME: a tap in the bridge for one QEMU guest.
lab_tap() {
  ip netns exec "$NS_LAN" ip tuntap add dev "$1" mode tap
  ip netns exec "$NS_LAN" ip link set "$1" master br0 up
}

lab_down() {
  local ns
  for ns in "$NS_LAN" "$NS_SITE" "$NS_APPL"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -TERM 2>/dev/null || true
  done
  sleep 0.3
  for ns in "$NS_LAN" "$NS_SITE" "$NS_APPL"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}

# lab_wait_for SECONDS FILE PATTERN [FROM_LINE]: waits until FILE has a line matching PATTERN (extended regex) at or
# after line FROM_LINE (default 1); 1 on timeout.
lab_wait_for() {
  local deadline=$((SECONDS + $1)) file=$2 pattern=$3 from=${4:-1}
  while ((SECONDS < deadline)); do
    if [[ -f $file ]] && tail -n "+$from" "$file" | grep -Eq -- "$pattern"; then return 0; fi
    sleep 0.2
  done
  return 1
}

# lab_lines FILE: the number of the line after the last one (where new output starts).
lab_lines() { echo $(( $( [[ -f $1 ]] && wc -l < "$1" || echo 0) + 1 )); }
