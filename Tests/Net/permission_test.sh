#!/usr/bin/env bash
# Runs the [unprivileged] case of dmxin_net_tests (binding a port below 1024 is refused with
# EACCES) as an unprivileged user. As root: inside a private network namespace (where
# net.ipv4.ip_unprivileged_port_start is the kernel default, 1024, whatever a container set
# outside) as `nobody`. As another user: directly, when that user cannot bind low ports.
# Exit 77 (skipped) when no unprivileged user without CAP_NET_BIND_SERVICE can be arranged.
set -uo pipefail
tests="$1"
if [ "$(id -u)" != 0 ]; then
    start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)
    if [ "$start" -le 1000 ]; then
        echo "SKIPPED: this network lets every user bind port 1000 (ip_unprivileged_port_start=$start)"
        exit 77
    fi
    exec "$tests" "[unprivileged]"
fi
if ! unshare -n true 2>/dev/null || ! id nobody >/dev/null 2>&1; then
    echo "SKIPPED: needs network namespaces (unshare -n) and a 'nobody' user"
    exit 77
fi
group=$(id -gn nobody)
exec unshare -n sh -c '
    ip link set lo up || exit 1
    exec setpriv --reuid=nobody --regid="$1" --clear-groups "$0" "[unprivileged]"
' "$tests" "$group"
