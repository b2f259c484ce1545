#!/usr/bin/env bash
# Runs the [interface] cases of dmxin_net_tests (the interface a bind address or an sACN join uses
# goes away and comes back) as root inside a private network namespace with one veth pair:
# nothing the cases do (deleting addresses, links) touches the machine's own interfaces.
# Exit 77 (skipped) without root or namespaces.
set -uo pipefail
tests="$1"
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
    echo "SKIPPED: needs root and network namespaces (unshare -n)"
    exit 77
fi
# A veth pair (the dummy driver is missing in some containers); dmxin0 carries the address.
create='ip link add dmxin0 type veth peer name dmxin1 && ip link set dmxin1 up && ip addr add 10.77.1.2/24 dev dmxin0 && ip link set dmxin0 multicast on up && ip route replace 224.0.0.0/4 dev dmxin0'
export DMXIN_TEST_IFACE=dmxin0 DMXIN_TEST_ADDR=10.77.1.2 DMXIN_TEST_CREATE="$create"
exec unshare -n sh -c '
    ip link set lo up && sh -c "$DMXIN_TEST_CREATE" || exit 1
    exec "$0" "[interface]"
' "$tests"
