#!/usr/bin/env bash
# Real-peer test: OLA and DMX In on two "machines" of a private show network.
#
#   ola_network_test.sh /path/to/DMXIn
#
# Topology: two named network namespaces joined by a veth pair, nothing else in them:
#   dmxin-console-PID  10.77.0.1/24 (brd 10.77.0.255)  olad as the olad user: Art-Net + E1.31 plugins
#   dmxin-node-PID     10.77.0.2/24                     DMX In's headless standalone on 0.0.0.0:6454
# Both veth ends have multicast on and a 224.0.0.0/4 route; IPv6 is off in both namespaces. The veth is
# created directly inside the namespaces, so no packet of this test can reach a real network
# (PEERS.md). The namespaces are deleted on exit.
#
# Parts:
#  1. Discovery + unicast. olad's Art-Net plugin runs with always_broadcast = false, so it sends
#     ArtDmx only to nodes that answered its ArtPoll with the universe in SwOut.
#     a) Negative control: DMX In with "answerPolls": false receives OLA's ArtPoll but no ArtDmx.
#     b) DMX In with answerPolls on: after OLA's next poll the parameter follows ola_set_dmx
#        (255, 64, 0, back to 255, 128) -> OLA discovered DMX In through its ArtPollReply.
#  2. tshark (when installed; otherwise only this part is skipped) captures on the node's veth and
#     decodes DMX In's ArtPollReply field by field: unicast 10.77.0.2 -> 10.77.0.1, short name
#     "DMX In", long name "DMX In on <host>", IP and BindIp 10.77.0.2, 1 port of type 0x80 (output
#     from Art-Net), SwOut 1 (0:0:1), BindIndex 1, Status2 bit 3 (15-bit Port-Address); every
#     ArtDmx was unicast to 10.77.0.2 (none broadcast) and the first one came after DMX In's first
#     ArtPollReply; OLA's sACN went to multicast group 239.255.1.7 with universe 263.
#  3. sACN multicast from a real sender: OLA's own E1.31 plugin (ip = 10.77.0.1) patched to OLA
#     universe 263 sends sACN universe 263 to 239.255.1.7; DMX In joins it on 10.77.0.2
#     ("sacnInterface") and control002 follows (200, 0, 128, back to 200). OLA's E1.31 plugin worked
#     at the first try once the namespace had a non-loopback interface with an address, so the npm
#     e131 fallback was not needed.
#
# What was measured while writing it (OLA 0.10.9, tshark 4.0.17, Debian 12):
# - OLA polls (ArtPoll to 10.77.0.255) when an Art-Net port is patched and then every 10 s. With each
#   poll it broadcasts its own ArtPollReply and, on the first, an ArtTodRequest; DMX In counts those.
# - DMX In answers 0.3-1 s after each poll (random delay), unicast to the poller.
# - OLA sends ArtDmx and sACN only on a change (every ola_set_dmx call, even with equal values)
#   and no keep-alive; only the slots set (ArtDmx rounded up to an even length, sACN 1 slot here,
#   which tshark 4.0 flags as "Malformed" though it decodes every field). DMX In therefore reports
#   both universes LOST a few seconds later and holds the values (onLoss defaults to hold).
# - The first ola_set_dmx after DMX In starts usually finds OLA not yet subscribed (it learns nodes
#   only from replies to its 10 s polls), so part 1b repeats the first value until it arrives.
# Exit codes: 0 pass, 1 fail, 77 skipped (printed as "SKIPPED: <reason>"; ctest SKIP_RETURN_CODE).
set -euo pipefail

CONSOLE_IP=10.77.0.1
NODE_IP=10.77.0.2
BROADCAST_IP=10.77.0.255
ARTNET_UNIVERSE=1        # OLA universe patched to Art-Net output port 0 (goes out as 0:0:1, ola_sender_test.sh)
SACN_UNIVERSE=263        # OLA universe patched to E1.31 output port 0: sACN universe 263
SACN_GROUP=239.255.1.7   # 239.255.(263 >> 8).(263 & 255)
STEP_TIMEOUT=10          # seconds to wait for each expected parameter line
DISCOVERY_TIMEOUT=30     # OLA polls every 10 s: allow two polls and the reply delay

OLA_KEEP_PLUGINS="ola-artnet.conf ola-e131.conf ola-port.conf ola-server.conf ola-universe.conf"
# shellcheck source=ola_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/ola_common.sh"

[[ $# -eq 1 ]] || fail "usage: $0 DMXIN_STANDALONE"
APP=$(realpath -- "$1") || fail "standalone $1 not found"
[[ -x "$APP" ]] || fail "standalone $APP is not an executable (build DmxIn_Standalone)"

[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, veth, olad run as the olad user)"
for cmd in ip setpriv realpath; do
    command -v "$cmd" >/dev/null 2>&1 || skip "$cmd not found (iproute2 / util-linux)"
done
require_olad
HAVE_TSHARK=0
command -v tshark >/dev/null 2>&1 && HAVE_TSHARK=1

NS_C="dmxin-console-$$"
NS_N="dmxin-node-$$"
VETH_C="dmxc$$"          # at most 4 + 7 characters: within IFNAMSIZ
VETH_N="dmxn$$"
WORK=""
OLAD_PID=""
APP_PID=""
TSHARK_PID=""
NS_CREATED=()

cleanup() {
    stop_pid "$APP_PID"
    stop_pid "$OLAD_PID"
    stop_pid "$TSHARK_PID"
    delete_network
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP

in_node() { ip netns exec "$NS_N" "$@"; }

dump_logs() {
    local f
    for f in "$WORK"/app*.log; do
        [[ -e "$f" ]] || continue
        echo "---- DMX In output $(basename "$f") (tail) ----"
        tail -n 40 "$f" || true
    done
    echo "---- olad log (tail) ----"
    tail -n 30 "$WORK/olad.log" 2>/dev/null || true
    echo "---- ola_dev_info ----"
    timeout 5 ip netns exec "$NS_C" ola_dev_info 2>&1 || true
    if [[ -s "$WORK/node.pcapng" ]] && (( HAVE_TSHARK )); then
        echo "---- tshark: packets on the node's veth ----"
        tshark -r "$WORK/node.pcapng" -n 2>/dev/null | tail -n 40 || true
    fi
    if [[ -s "$WORK/tshark.err" ]]; then
        echo "---- tshark stderr ----"
        tail -n 10 "$WORK/tshark.err" || true
    fi
}


# ---------------------------------------------------------------------------------------------
# olad in the console namespace: Art-Net and E1.31 only.
write_ola_config() {
    local conf=$1
    disable_known_plugins "$conf"
    write_artnet_config "$conf" false "$CONSOLE_IP" false
    write_e131_config "$conf" 0 1 "$CONSOLE_IP"
}


# ---------------------------------------------------------------------------------------------
# DMX In in the node namespace.
APP_LOG=""

write_preset() {   # write_preset FILE ANSWER_POLLS(true|false)
    cat > "$1" <<EOF
{
  "schema": 1,
  "dmxEnabled": true,
  "network": { "bindAddress": "0.0.0.0", "artnetPort": 6454, "sacnPort": 5568,
               "sacnInterface": "$NODE_IP", "answerPolls": $2 },
  "labels": { "1": "Art-Net ch 1", "2": "sACN ch 1" },
  "mappings": [
    { "name": "OLA Art-Net 0:0:1 ch 1", "universe": "0:0:1", "channel": 1, "target": 1 },
    { "name": "OLA sACN $SACN_UNIVERSE ch 1", "protocol": "sacn", "universe": $SACN_UNIVERSE,
      "channel": 1, "target": 2 }
  ]
}
EOF
}

start_app() {   # start_app PRESET LOG
    APP_LOG=$2
    : > "$APP_LOG"
    ip netns exec "$NS_N" "$APP" --headless --preset "$1" --bind 0.0.0.0 --port 6454 \
        --status-every 1 --seconds 150 > "$APP_LOG" 2>&1 &
    APP_PID=$!
    wait_for_line 0 "^status: (listening|NOT LISTENING)" || fail_inside "DMX In printed no status line"
    if grep -q "^status: NOT LISTENING" "$APP_LOG"; then
        fail_inside "DMX In could not bind 0.0.0.0:6454 in $NS_N"
    fi
}

# Waits for N more "status: listening" lines after FROM and sets STATUS_LINE to the last one.
STATUS_LINE=""
status_after() {   # status_after FROM N
    local from=$1 n=$2 deadline=$((SECONDS + STEP_TIMEOUT)) count
    while (( SECONDS < deadline )); do
        count=$(tail -n +"$((from + 1))" "$APP_LOG" | grep -c '^status: listening' || true)
        if (( count >= n )); then
            STATUS_LINE=$(tail -n +"$((from + 1))" "$APP_LOG" | grep '^status: listening' | tail -n 1)
            return 0
        fi
        sleep 0.1
    done
    fail_inside "DMX In printed no status line for ${STEP_TIMEOUT} s"
}

# send_and_expect OLA_UNIVERSE "DMX values" SLOT VALUE
send_and_expect() {
    local universe=$1 values=$2 slot=$3 value=$4 from
    from=$(log_lines)
    in_console ola_set_dmx -u "$universe" -d "$values" || fail_inside "ola_set_dmx -u $universe -d $values failed"
    if ! wait_for_line "$from" "$(param_regex "$slot" "$value")"; then
        fail_inside "after ola_set_dmx -u $universe -d $values, $slot did not reach $value within ${STEP_TIMEOUT} s"
    fi
    echo "  ola_set_dmx -u $universe -d $values -> $slot = $value"
}

# ---------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/dmxin-olanet-test.XXXXXX)
chmod 755 "$WORK"
: > "$WORK/olad.log"

make_network
wait_link

if (( HAVE_TSHARK )); then
    # dumpcap writes the capture; decoded at the end (part 2). Capture filter: Art-Net and sACN only.
    ip netns exec "$NS_N" tshark -i "$VETH_N" -n -f 'udp port 6454 or udp port 5568' \
        -w "$WORK/node.pcapng" > "$WORK/tshark.out" 2> "$WORK/tshark.err" &
    TSHARK_PID=$!
    deadline=$((SECONDS + 15))
    until grep -q "Capturing on" "$WORK/tshark.err" 2>/dev/null; do
        kill -0 "$TSHARK_PID" 2>/dev/null || fail_inside "tshark exited: $(cat "$WORK/tshark.err")"
        (( SECONDS < deadline )) || fail_inside "tshark did not start capturing within 15 s"
        sleep 0.1
    done
    echo "tshark: capturing on $VETH_N in $NS_N"
else
    echo "tshark not found: part 2 (ArtPollReply decoding) will be SKIPPED (Builds/install-deps.sh installs it)"
fi

conf="$WORK/conf"
mkdir "$conf"
start_olad_with_only_kept_plugins "$conf"
devices=$(in_console ola_dev_info)
if grep '^Device ' <<< "$devices" | grep -Evq ': (ArtNet|E1\.31)'; then
    fail_inside "plugins other than Art-Net and E1.31 are running: $(grep '^Device ' <<< "$devices" | tr '\n' ' ')"
fi
DEV_ARTNET=$(sed -n 's/^Device \([0-9]*\): ArtNet.*/\1/p' <<< "$devices" | head -n 1)
DEV_E131=$(sed -n 's/^Device \([0-9]*\): E1\.31.*/\1/p' <<< "$devices" | head -n 1)
grep -q "ArtNet \[$CONSOLE_IP\]" <<< "$devices" || fail_inside "olad's Art-Net device is not on $CONSOLE_IP"
grep -q "E1.31 .*\[$CONSOLE_IP\]" <<< "$devices" || fail_inside "olad's E1.31 device is not on $CONSOLE_IP"
echo "olad ready in $NS_C: $(grep '^Device ' <<< "$devices" | tr '\n' ' ')"

# ---- Part 1a: negative control. DMX In does not answer polls: OLA must send it no ArtDmx.
write_preset "$WORK/silent.json" false
start_app "$WORK/silent.json" "$WORK/app-silent.log"
from=$(log_lines)
# Patching an Art-Net port makes OLA poll at once.
in_console ola_patch -d "$DEV_ARTNET" -p 0 -u "$ARTNET_UNIVERSE" \
    || fail_inside "ola_patch -d $DEV_ARTNET -p 0 -u $ARTNET_UNIVERSE failed"
wait_for_line "$from" '^status: listening .* [1-9][0-9]* datagrams' 15 \
    || fail_inside "DMX In saw no datagram (OLA's ArtPoll) within 15 s of patching"
sleep 1.2   # longer than DMX In's largest reply delay: had it answered, OLA would know it by now
from=$(log_lines)
in_console ola_set_dmx -u "$ARTNET_UNIVERSE" -d 255 || fail_inside "ola_set_dmx failed"
sleep 1
status_after "$from" 2
line=$STATUS_LINE
[[ "$line" =~ \ ([0-9]+)\ ArtDmx ]] || fail_inside "cannot read the ArtDmx count from: $line"
(( BASH_REMATCH[1] == 0 )) \
    || fail_inside "OLA sent ArtDmx to a node that never answered ArtPoll (always_broadcast = false): $line"
if tail -n +"$((from + 1))" "$APP_LOG" | grep -Eq "$(param_regex control001 1.0000)"; then
    fail_inside "control001 moved although DMX In never answered ArtPoll"
fi
echo "part 1a PASS: with answerPolls=false DMX In got OLA's poll but no ArtDmx ($line)"
stop_pid "$APP_PID"
APP_PID=""

# ---- Part 1b: DMX In answers polls; OLA discovers it at its next poll and unicasts ArtDmx.
write_preset "$WORK/node.json" true
start_app "$WORK/node.json" "$WORK/app.log"
t0=$SECONDS
attempts=0
found=0
while (( SECONDS - t0 < DISCOVERY_TIMEOUT )); do
    attempts=$((attempts + 1))
    from=$(log_lines)
    in_console ola_set_dmx -u "$ARTNET_UNIVERSE" -d 255 || fail_inside "ola_set_dmx failed"
    if wait_for_line "$from" "$(param_regex control001 1.0000)" 2; then
        found=1
        break
    fi
done
(( found )) || fail_inside "OLA did not send DMX In any ArtDmx within ${DISCOVERY_TIMEOUT} s" \
    "(OLA unicasts only to nodes that answered its ArtPoll with the universe in SwOut)"
echo "part 1b: OLA discovered DMX In after $((SECONDS - t0)) s ($attempts ola_set_dmx call(s)):"
echo "  ola_set_dmx -u $ARTNET_UNIVERSE -d 255 -> control001 = 1.0000"
# 255 -> 1.0000, 64 -> 0.2510, 0 -> 0.0000, 128 -> 0.5020.
send_and_expect "$ARTNET_UNIVERSE" 64 control001 0.2510
send_and_expect "$ARTNET_UNIVERSE" 0 control001 0.0000
send_and_expect "$ARTNET_UNIVERSE" 255 control001 1.0000
send_and_expect "$ARTNET_UNIVERSE" 128 control001 0.5020
echo "part 1b PASS: DMX In's parameter followed OLA's Art-Net, which OLA sent only after discovery"

# ---- Part 3: sACN multicast from OLA's E1.31 plugin.
in_console ola_patch -d "$DEV_E131" -p 0 -u "$SACN_UNIVERSE" \
    || fail_inside "ola_patch -d $DEV_E131 -p 0 -u $SACN_UNIVERSE failed"
send_and_expect "$SACN_UNIVERSE" 200 control002 0.7843
send_and_expect "$SACN_UNIVERSE" 0 control002 0.0000
send_and_expect "$SACN_UNIVERSE" 128 control002 0.5020
send_and_expect "$SACN_UNIVERSE" 200 control002 0.7843
if grep -Eq "$(param_regex control001 0.7843)" "$APP_LOG"; then
    fail_inside "the sACN universe moved the Art-Net mapping (control001)"
fi
status_after "$(log_lines)" 1
sacn_line=$(grep '^status: .*sACN :' "$APP_LOG" | tail -n 1 || true)
echo "  $sacn_line"
[[ "$sacn_line" =~ sACN\ :5568,\ 1\ group ]] || fail_inside "DMX In does not report one sACN group on :5568"
echo "part 3 PASS: DMX In followed OLA's E1.31 (sACN universe $SACN_UNIVERSE) multicast via $NODE_IP"

echo "---- DMX In output ----"
grep -E '^(DMX In |  mapping |param )' "$APP_LOG"
grep '^status: ' "$APP_LOG" | tail -n 2

# ---- Part 2: decode what crossed the node's veth.
if (( ! HAVE_TSHARK )); then
    echo "part 2 SKIPPED: tshark not found (apt-get install -y tshark); parts 1 and 3 passed"
    echo "PASS (without part 2)"
    exit 0
fi
stop_pid "$TSHARK_PID"
TSHARK_PID=""
pcap="$WORK/node.pcapng"
[[ -s "$pcap" ]] || fail_inside "tshark wrote no capture"

decode() {   # decode DISPLAY_FILTER FIELD...
    local filter=$1 f args=()
    shift
    for f in "$@"; do args+=(-e "$f"); done
    tshark -r "$pcap" -n --enable-heuristic acn -o acn.dmx_enable:TRUE -Y "$filter" \
        -T fields -E separator=/t -E occurrence=f "${args[@]}" 2>/dev/null
}

replies=$(decode "artnet.poll_reply && ip.src == $NODE_IP" frame.number ip.src ip.dst udp.dstport \
    artnet.poll_reply.ip_address artnet.poll_reply.short_name artnet.poll_reply.long_name \
    artnet.poll_reply.node_report artnet.poll_reply.num_ports artnet.poll_reply.port_types_1 \
    artnet.poll_reply.netswitch artnet.poll_reply.subswitch artnet.poll_reply.swout_1 \
    artnet.poll_reply.swout_1_universe artnet.poll_reply.bind_ip_address artnet.poll_reply.bind_index \
    artnet.poll_reply.status2 artnet.poll_reply.addrsupport artnet.poll_reply.style \
    artnet.poll_reply.oem artnet.poll_reply.mac)
[[ -n "$replies" ]] || fail_inside "tshark decoded no ArtPollReply from $NODE_IP"
echo "---- tshark: DMX In's ArtPollReply (one line per reply) ----"
echo "frame ip.src ip.dst dport | ip short_name long_name node_report | num_ports type1 net sub swout1 (univ)" \
     "| bind_ip bind_index status2 addrsupport style oem mac"
first_reply_frame=""
while IFS=$'\t' read -r frame src dst dport ipaddr short long report nports type1 net sub swout swout_u \
        bindip bindidx status2 addr15 style oem mac; do
    echo "  $frame $src $dst $dport | $ipaddr \"$short\" \"$long\" \"$report\" | $nports $type1 $net $sub" \
         "$swout ($swout_u) | $bindip $bindidx $status2 $addr15 $style $oem $mac"
    [[ -n "$first_reply_frame" ]] || first_reply_frame=$frame
    why=""
    [[ "$dst" == "$CONSOLE_IP" ]] || why+=" destination $dst (expected unicast to the poller $CONSOLE_IP);"
    [[ "$dport" == 6454 ]] || why+=" destination port $dport;"
    [[ "$ipaddr" == "$NODE_IP" ]] || why+=" IP field $ipaddr;"
    [[ "$short" == "DMX In" ]] || why+=" short name \"$short\";"
    [[ "$long" == "DMX In on "* ]] || why+=" long name \"$long\";"
    [[ "$report" =~ ^#0001\ \[[0-9]+\] ]] || why+=" node report \"$report\";"
    [[ "$nports" == 1 ]] || why+=" NumPorts $nports;"
    (( type1 == 0x80 )) || why+=" PortTypes[0] $type1 (expected 0x80, output from Art-Net);"
    (( net == 0 && sub == 0 )) || why+=" NetSwitch/SubSwitch $net/$sub (expected 0/0);"
    (( swout == 1 )) || why+=" SwOut[0] $swout (expected 1: Port-Address 0:0:1);"
    [[ "$bindip" == "$NODE_IP" ]] || why+=" BindIp $bindip;"
    (( bindidx == 1 )) || why+=" BindIndex $bindidx (expected 1);"
    (( (status2 & 0x08) != 0 )) || why+=" Status2 $status2 lacks bit 3 (15-bit Port-Address);"
    if [[ -n "$why" ]]; then
        fail_inside "ArtPollReply frame $frame:$why"
    fi
done <<< "$replies"
n_replies=$(wc -l <<< "$replies")

broadcast_replies=$(decode "artnet.poll_reply && ip.src == $NODE_IP && ip.dst != $CONSOLE_IP" frame.number)
[[ -z "$broadcast_replies" ]] || fail_inside "DMX In sent ArtPollReply not unicast to the poller: frames $broadcast_replies"

dmx=$(decode "artnet.output" frame.number ip.src ip.dst artnet.output.universe artnet.output.length)
[[ -n "$dmx" ]] || fail_inside "tshark decoded no ArtDmx"
echo "---- tshark: ArtDmx (frame ip.src ip.dst universe length) ----"
sed 's/^/  /' <<< "$dmx"
while IFS=$'\t' read -r frame src dst uni len; do
    [[ "$src" == "$CONSOLE_IP" && "$dst" == "$NODE_IP" ]] \
        || fail_inside "ArtDmx frame $frame went $src -> $dst (expected unicast $CONSOLE_IP -> $NODE_IP)"
    (( uni == 1 )) || fail_inside "ArtDmx frame $frame has universe $uni (expected 1 = 0:0:1)"
    (( frame > first_reply_frame )) \
        || fail_inside "ArtDmx frame $frame came before DMX In's first ArtPollReply (frame $first_reply_frame)"
done <<< "$dmx"
n_dmx=$(wc -l <<< "$dmx")
(( n_dmx >= 5 )) || fail_inside "only $n_dmx ArtDmx captured (5 values were received)"

sacn=$(decode "acn.dmx.universe" frame.number ip.src ip.dst udp.dstport acn.dmx.universe \
    acn.dmx.source_name acn.dmx.priority)
[[ -n "$sacn" ]] || fail_inside "tshark decoded no sACN data packet"
echo "---- tshark: sACN (frame ip.src ip.dst dport universe source priority) ----"
sed 's/^/  /' <<< "$sacn"
while IFS=$'\t' read -r frame src dst dport uni name prio; do
    [[ "$src" == "$CONSOLE_IP" && "$dst" == "$SACN_GROUP" && "$dport" == 5568 ]] \
        || fail_inside "sACN frame $frame went $src -> $dst:$dport (expected $CONSOLE_IP -> $SACN_GROUP:5568)"
    (( uni == SACN_UNIVERSE )) || fail_inside "sACN frame $frame has universe $uni"
done <<< "$sacn"
echo "part 2 PASS: $n_replies ArtPollReply unicast to $CONSOLE_IP with the expected fields;" \
     "$n_dmx ArtDmx all unicast to $NODE_IP after discovery; sACN multicast to $SACN_GROUP"
echo "PASS: OLA discovered DMX In (Art-Net unicast), tshark decoded its ArtPollReply, sACN multicast followed"
exit 0
