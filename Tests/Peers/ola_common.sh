# Shell functions shared by the OLA peer tests (sourced, not run). What a test sets first:
#   OLA_KEEP_PLUGINS: the plugin config files a test keeps enabled, e.g.
#   "ola-artnet.conf ola-port.conf ola-server.conf ola-universe.conf".
#   APP_LOG, APP_PID, STEP_TIMEOUT: DMX In's output file, its pid, the default wait in seconds.
#   fail_inside: the test's own failure (prints its logs, then exits 1).
# Exit codes: 0 pass, 1 fail, 77 skipped (printed as "SKIPPED: <reason>"; ctest SKIP_RETURN_CODE).

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

# Skips the test unless OLA and a user to run olad as are installed (olad refuses to run as root).
require_olad() {
    local cmd
    for cmd in olad ola_dev_info ola_patch ola_set_dmx; do
        command -v "$cmd" >/dev/null 2>&1 || skip "$cmd not found (apt-get install -y ola)"
    done
    id olad >/dev/null 2>&1 || skip "no olad user (the ola package creates it; olad refuses to run as root)"
    getent group nogroup >/dev/null 2>&1 || skip "no nogroup group to run olad with"
}

# Writes "enabled = false" for every plugin OLA 0.10 is known to have except those in
# OLA_KEEP_PLUGINS. A plugin this OLA version has that is not in the list gets its file written by
# olad on the first start and is switched off by start_olad_with_only_kept_plugins.
disable_known_plugins() {
    local conf=$1 p
    for p in dummy e131 espnet ftdidmx gpio karate kinet milinst opendmx openpixelcontrol osc pathport \
             renard sandnet shownet spi stageprofi uartdmx usbdmx usbserial dmx4linux; do
        [[ " $OLA_KEEP_PLUGINS " == *" ola-$p.conf "* ]] && continue
        echo "enabled = false" > "$conf/ola-$p.conf"
    done
}

# wait_for_line FROM_LINE REGEX [TIMEOUT]: waits until a line of APP_LOG after FROM_LINE matches
# REGEX (STEP_TIMEOUT seconds by default); fails the test if DMX In exits meanwhile.
wait_for_line() {
    local from=$1 regex=$2 deadline=$((SECONDS + ${3:-$STEP_TIMEOUT}))
    while (( SECONDS < deadline )); do
        if tail -n +"$((from + 1))" "$APP_LOG" | grep -Eq -- "$regex"; then
            return 0
        fi
        kill -0 "$APP_PID" 2>/dev/null || fail_inside "DMX In exited while waiting for /$regex/"
        sleep 0.1
    done
    return 1
}

log_lines() { wc -l < "$APP_LOG"; }

# param_regex SLOT VALUE: the headless runner's line for a parameter at that value, e.g.
# param control001 "Dimmer" = 1.0000 (the label is optional).
param_regex() {
    local v=$2
    echo "^param $1( \"[^\"]*\")? = ${v//./\\.} "
}

# stop_pid PID [SIGNAL]: asks a process to stop (TERM by default), waits up to 5 s, then kills it.
stop_pid() {
    local pid=$1 sig=${2:-TERM}
    [[ -n "$pid" ]] || return 0
    kill -"$sig" "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Prints the names of plugin config files in CONF_DIR that are still enabled and not kept.
enabled_other_plugins() {
    local f name
    for f in "$1"/ola-*.conf; do
        name=$(basename "$f")
        [[ " $OLA_KEEP_PLUGINS " == *" $name "* ]] && continue
        grep -q '^enabled = false' "$f" || echo "$name"
    done
}

# Disables every plugin in CONF_DIR that the test does not keep (olad enables all by default).
disable_other_plugins() {
    local conf=$1 name
    for name in $(enabled_other_plugins "$conf"); do
        if grep -q '^enabled *=' "$conf/$name"; then
            sed -i 's/^enabled *=.*/enabled = false/' "$conf/$name"
        else
            echo "enabled = false" >> "$conf/$name"
        fi
    done
}

# Writes the test's config (its write_ola_config CONF) and starts olad (its start_olad CONF, which
# sets OLAD_PID). A plugin this OLA version has that the config did not name gets its file written
# by olad on that first start: switch it off and restart, so only the kept plugins run.
start_olad_with_only_kept_plugins() {
    local conf=$1
    write_ola_config "$conf"
    start_olad "$conf"
    if [[ -n "$(enabled_other_plugins "$conf")" ]]; then
        echo "olad wrote config for plugins this test did not know: $(enabled_other_plugins "$conf" | tr '\n' ' ')"
        echo "disabling them and restarting olad"
        stop_pid "$OLAD_PID"
        OLAD_PID=""
        disable_other_plugins "$conf"
        start_olad "$conf"
    fi
}

# write_artnet_config CONF ALWAYS_BROADCAST IP USE_LOOPBACK: OLA's Art-Net plugin on IP with 4 output
# ports on net 0 / subnet 0 (OLA universe N goes out as Port-Address 0:0:N).
write_artnet_config() {
    cat > "$1/ola-artnet.conf" <<EOF
always_broadcast = $2
enabled = true
ip = $3
long_name = OLA - ArtNet node
net = 0
output_ports = 4
short_name = OLA - ArtNet node
subnet = 0
use_limited_broadcast = false
use_loopback = $4
EOF
}

# olad's E1.31 plugin on address $4 with $2 input and $3 output ports (into config dir $1).
write_e131_config() {
    cat > "$1/ola-e131.conf" <<EOF
draft_discovery = false
dscp = 0
enabled = true
ignore_preview = true
input_ports = $2
ip = $4
output_ports = $3
prepend_hostname = true
revision = 0.46
EOF
}

# ---------------------------------------------------------------------------------------------
# The two "machines" of the two-namespace tests (ola_network_test.sh, ola_receiver_test.sh). What the
# test sets first: NS_C NS_N (namespace names), VETH_C VETH_N (the pair's ends), CONSOLE_IP NODE_IP
# BROADCAST_IP, and NS_CREATED=() (the namespaces made, for its cleanup to delete); fail_inside.
make_network() {
    local ns err
    for ns in "$NS_C" "$NS_N"; do
        if ! err=$(ip netns add "$ns" 2>&1); then
            skip "cannot create network namespace $ns (ip netns add: ${err:-failed})"
        fi
        NS_CREATED+=("$ns")
        ip -n "$ns" link set lo up || fail "ip link set lo up failed in $ns"
        # No IPv6 (router solicitations, MLD): only the traffic this test makes. Best effort.
        ip netns exec "$ns" sh -c 'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 \
            /proc/sys/net/ipv6/conf/default/disable_ipv6; do [ -w "$f" ] && echo 1 > "$f"; done; true'
    done
    # Created straight inside the namespaces: the pair never exists in the host's namespace.
    if ! err=$(ip link add "$VETH_C" netns "$NS_C" type veth peer name "$VETH_N" netns "$NS_N" 2>&1); then
        skip "cannot create a veth pair between namespaces (${err:-failed})"
    fi
    ip -n "$NS_C" addr add "$CONSOLE_IP/24" brd "$BROADCAST_IP" dev "$VETH_C"
    ip -n "$NS_N" addr add "$NODE_IP/24" brd "$BROADCAST_IP" dev "$VETH_N"
    ip -n "$NS_C" link set "$VETH_C" multicast on up
    ip -n "$NS_N" link set "$VETH_N" multicast on up
    ip -n "$NS_C" route add 224.0.0.0/4 dev "$VETH_C"
    ip -n "$NS_N" route add 224.0.0.0/4 dev "$VETH_N"

    # Safety: each namespace holds only lo and its end of the pair, and has no default route.
    local links
    links=$(ip -n "$NS_C" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
    [[ "$links" == "$VETH_C lo " ]] || fail "refusing to run: $NS_C has interfaces: $links"
    links=$(ip -n "$NS_N" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
    [[ "$links" == "$VETH_N lo " ]] || fail "refusing to run: $NS_N has interfaces: $links"
    for ns in "$NS_C" "$NS_N"; do
        if ip -n "$ns" route show default | grep -q .; then
            fail "refusing to run: $ns has a default route"
        fi
    done
    echo "network: $NS_C $VETH_C $CONSOLE_IP/24 <-> $NS_N $VETH_N $NODE_IP/24, 224.0.0.0/4 on both"
}

# Waits (bounded) for the link to be usable: the console can reach the node's address.
wait_link() {
    local deadline=$((SECONDS + 10))
    while (( SECONDS < deadline )); do
        if [[ "$(ip -n "$NS_C" -o link show "$VETH_C")" == *"state UP"* ]] \
            && [[ "$(ip -n "$NS_N" -o link show "$VETH_N")" == *"state UP"* ]]; then
            return 0
        fi
        sleep 0.1
    done
    fail_inside "the veth pair did not come up within 10 s"
}

# A failure after the network exists: the test's own dump_logs shows olad's and DMX In's logs.
fail_inside() {
    echo "FAIL: $*"
    dump_logs
    exit 1
}

# olad as the olad user in the console namespace (two-namespace tests) with config dir $1. Its web
# API (127.0.0.1:9090 inside the namespace) is off unless the test set OLAD_HTTP=on. Waits until it
# offers an Art-Net and an E1.31 device. Sets OLAD_PID; logs to $WORK/olad.log.
start_olad() {
    local conf=$1 http=()
    [[ ${OLAD_HTTP:-off} == on ]] || http=(--no-http)
    chown -R olad "$conf"
    ip netns exec "$NS_C" setpriv --reuid=olad --regid=nogroup --clear-groups \
        olad -c "$conf" "${http[@]}" --no-register-with-dns-sd -l 3 >> "$WORK/olad.log" 2>&1 &
    OLAD_PID=$!
    local info
    for _ in $(seq 1 100); do
        kill -0 "$OLAD_PID" 2>/dev/null || fail_inside "olad exited during start"
        info=$(timeout 5 ip netns exec "$NS_C" ola_dev_info 2>/dev/null || true)
        if grep -q '^Device [0-9]*: ArtNet' <<< "$info" && grep -q '^Device [0-9]*: E1.31' <<< "$info"; then
            return 0
        fi
        sleep 0.2
    done
    fail_inside "olad did not offer an Art-Net and an E1.31 device within 20 s"
}

# The two-namespace tests' last cleanup step: deletes the namespaces they made (NS_CREATED) and
# their work directory.
delete_network() {
    local ns
    for ns in "${NS_CREATED[@]}"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    [[ -n "$WORK" ]] && rm -rf -- "$WORK"
    return 0
}

in_console() { ip netns exec "$NS_C" "$@"; }
