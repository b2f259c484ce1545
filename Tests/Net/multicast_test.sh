#!/usr/bin/env bash
# Runs the sACN multicast cases of dmxin_net_tests inside a private network namespace whose only
# interface is loopback, with multicast switched on and routed there: nothing leaves the machine.
# Exit 77 (skipped) where namespaces are not allowed (no root, or a container without them).
set -uo pipefail
tests="$1"
if ! unshare -n true 2>/dev/null; then
    echo "SKIPPED: cannot create a network namespace (needs root / CAP_SYS_ADMIN)"
    exit 77
fi
exec unshare -n sh -c '
    ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 1
    exec "$0" "[multicast]"
' "$tests"
