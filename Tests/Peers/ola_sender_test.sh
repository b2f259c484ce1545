#!/usr/bin/env bash
# Real-peer test: OLA's olad sends Art-Net to 127.0.0.1 and DMX In's headless standalone follows.
#
#   ola_sender_test.sh /path/to/DMXIn /path/to/ola_preset.json
#
# Everything that touches the network runs inside a private network namespace that has nothing but
# loopback (unshare -n), so olad's ArtPoll and ArtDmx never leave this process tree (PEERS.md).
# Exit codes: 0 pass, 1 fail, 77 skipped (printed as "SKIPPED: <reason>"; ctest SKIP_RETURN_CODE).
#
# What was measured while writing it (OLA 0.10.9, Debian 12), and why the test does what it does:
# - OLA universe N patched to an Art-Net output port sends Port-Address 0:0:(N & 15) with the plugin's
#   default net/subnet 0: OLA universe 1 goes out as 0:0:1 (#2), not 0:0:0. The preset maps 0:0:1.
# - With ip = 127.0.0.1 OLA "broadcasts" by unicast to 127.0.0.1:6454 (lo has no broadcast address).
#   olad binds 0.0.0.0:6454 itself (SO_REUSEADDR). A unicast datagram reaches only one socket:
#   with both on 0.0.0.0 the last one bound wins, so a DMX In started before olad hears nothing.
#   DMX In therefore binds 127.0.0.1: a socket bound to the destination address always beats a
#   wildcard one, whatever the order.
# - OLA sends ArtDmx only when the universe changes (no periodic refresh), and only the slots set
#   (rounded up to an even count).
set -euo pipefail

OLA_UNIVERSE=1          # OLA universe patched to Art-Net output port 0 (goes out as 0:0:1)
ARTNET_PORT=6454        # olad's Art-Net port is fixed; DMX In must listen there
APP_BIND=127.0.0.1      # see above: beats olad's own 0.0.0.0:6454 socket for unicast
STEP_TIMEOUT=15         # seconds to wait for each expected parameter line

OLA_KEEP_PLUGINS="ola-artnet.conf ola-port.conf ola-server.conf ola-universe.conf"
# shellcheck source=ola_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/ola_common.sh"

# ---------------------------------------------------------------------------------------------
# Outside: check what we need, then re-run this script inside a private network namespace.
outside() {
    [[ $# -eq 2 ]] || fail "usage: $0 DMXIN_STANDALONE PRESET_JSON"
    local app preset
    app=$(realpath -- "$1") || fail "standalone $1 not found"
    preset=$(realpath -- "$2") || fail "preset $2 not found"
    [[ -x "$app" ]] || fail "standalone $app is not an executable (build DmxIn_Standalone)"
    [[ -r "$preset" ]] || fail "preset $preset is not readable"

    [[ $(id -u) -eq 0 ]] || skip "needs root (a private network namespace and olad run as the olad user)"
    local cmd
    for cmd in unshare ip setpriv; do
        command -v "$cmd" >/dev/null 2>&1 || skip "$cmd not found (util-linux / iproute2)"
    done
    require_olad
    local err
    if ! err=$(unshare -n true 2>&1); then
        skip "cannot create a private network namespace (unshare -n true: ${err:-failed})"
    fi

    exec unshare -n bash "${BASH_SOURCE[0]}" --in-namespace "$app" "$preset"
}

# ---------------------------------------------------------------------------------------------
# Inside the namespace.
WORK=""
APP_LOG=""
OLAD_PID=""
APP_PID=""

cleanup() {
    stop_pid "$APP_PID"
    stop_pid "$OLAD_PID"
    [[ -n "$WORK" ]] && rm -rf -- "$WORK"
    return 0
}

dump_logs() {
    echo "---- DMX In log (tail) ----"
    tail -n 40 "$APP_LOG" 2>/dev/null || true
    echo "---- olad log (tail) ----"
    tail -n 20 "$WORK/olad.log" 2>/dev/null || true
    echo "---- ola_dev_info ----"
    timeout 5 ola_dev_info 2>&1 || true
}


# Every plugin but Art-Net off.
write_ola_config() {
    local conf=$1
    disable_known_plugins "$conf"
    write_artnet_config "$conf" true 127.0.0.1 true
}

# Its own olad start: one namespace with loopback only (the common one is for two namespaces).
start_olad() {
    local conf=$1
    chown -R olad "$conf"
    setpriv --reuid=olad --regid=nogroup --clear-groups \
        olad -c "$conf" --no-http --no-register-with-dns-sd >> "$WORK/olad.log" 2>&1 &
    OLAD_PID=$!
    for _ in $(seq 1 100); do
        kill -0 "$OLAD_PID" 2>/dev/null || fail_inside "olad exited during start"
        if timeout 5 ola_dev_info 2>/dev/null | grep -q '^Device [0-9]*: ArtNet'; then
            return 0
        fi
        sleep 0.2
    done
    fail_inside "olad did not offer an Art-Net device within 20 s"
}

# send_and_expect "DMX values" "control001=1.0000" "control002=0.5020" ...
send_and_expect() {
    local values=$1 from expect slot value
    shift
    from=$(log_lines)
    echo "ola_set_dmx -u $OLA_UNIVERSE -d $values"
    ola_set_dmx -u "$OLA_UNIVERSE" -d "$values" || fail_inside "ola_set_dmx -u $OLA_UNIVERSE -d $values failed"
    for expect in "$@"; do
        slot=${expect%%=*}
        value=${expect#*=}
        if ! wait_for_line "$from" "$(param_regex "$slot" "$value")"; then
            fail_inside "after ola_set_dmx $values, $slot did not reach $value within ${STEP_TIMEOUT} s" \
                "(if the status line counts datagrams 'for unmapped universes', OLA sends on another Port-Address)"
        fi
    done
    echo "  -> $*"
}

inside() {
    local app=$1 preset=$2
    trap cleanup EXIT
    trap 'exit 1' TERM INT HUP

    ip link set lo up || fail "ip link set lo up failed inside the namespace"
    # Safety: never start olad where it could reach a real network.
    local links
    links=$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')
    [[ "$links" == "lo " ]] || fail "refusing to run: namespace has interfaces other than lo: $links"

    WORK=$(mktemp -d /tmp/dmxin-ola-test.XXXXXX)
    APP_LOG="$WORK/app.log"
    chmod 755 "$WORK"
    local conf="$WORK/conf"
    mkdir "$conf"
    : > "$WORK/olad.log"
    : > "$APP_LOG"

    start_olad_with_only_kept_plugins "$conf"

    local devices dev
    devices=$(ola_dev_info)
    dev=$(sed -n 's/^Device \([0-9]*\): ArtNet.*/\1/p' <<< "$devices" | head -n 1)
    [[ -n "$dev" ]] || fail_inside "no Art-Net device in ola_dev_info"
    if grep '^Device ' <<< "$devices" | grep -vq ': ArtNet'; then
        fail_inside "plugins other than Art-Net are running: $(grep '^Device ' <<< "$devices" | tr '\n' ' ')"
    fi
    echo "olad ready: $(grep '^Device ' <<< "$devices")"
    ola_patch -d "$dev" -p 0 -u "$OLA_UNIVERSE" || fail_inside "ola_patch -d $dev -p 0 -u $OLA_UNIVERSE failed"

    "$app" --headless --preset "$preset" --bind "$APP_BIND" --port "$ARTNET_PORT" \
        --status-every 1 --seconds 60 > "$APP_LOG" 2>&1 &
    APP_PID=$!
    wait_for_line 0 "^status: (listening|NOT LISTENING)" || fail_inside "DMX In printed no status line"
    if grep -q "^status: NOT LISTENING" "$APP_LOG"; then
        fail_inside "DMX In could not bind $APP_BIND:$ARTNET_PORT"
    fi

    # 255 -> 1.0000, 128 -> 128/255 = 0.5020, 64 -> 0.2510, 0 -> 0.0000.
    send_and_expect "255,128" "control001=1.0000" "control002=0.5020"
    send_and_expect "0,64" "control001=0.0000" "control002=0.2510"
    send_and_expect "200,255" "control001=0.7843" "control002=1.0000"

    sleep 1.1   # one more status line with the final counters
    echo "---- DMX In log ----"
    grep -E '^(DMX In |  mapping |param )' "$APP_LOG"
    grep '^status: ' "$APP_LOG" | tail -n 1
    echo "PASS: DMX In's parameters followed OLA's Art-Net output"
    exit 0
}

if [[ "${1:-}" == "--in-namespace" ]]; then
    shift
    inside "$@"
else
    outside "$@"
fi
