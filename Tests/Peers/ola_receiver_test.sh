#!/usr/bin/env bash
# Real-peer test: OLA's olad RECEIVES what DMX In sends (host -> rig), with a real VST3 host.
#
#   ola_receiver_test.sh /path/to/dmxin-vst3-drive /path/to/DMXIn.vst3 /path/to/round-trip.json
#
# Topology (make_network in ola_common.sh): two namespaces joined by a veth pair, nothing else:
#   console 10.77.0.1  olad as the olad user: Art-Net (output port -> OLA universe 1 = 0:0:1,
#                      input port <- OLA universe 2 = 0:0:2) and E1.31 (input port <- sACN universe 3)
#   node    10.77.0.2  dmxin-vst3-drive: JUCE's VST3 hosting loads the built DMXIn.vst3 from disk with
#                      the factory preset round-trip.json, its output's destinations rewritten (jq) to
#                      the console: Art-Net 0:0:2 unicast to 10.77.0.1, sACN 3 multicast from 10.77.0.2
# Parts:
#  1. Host automation: the host sets control005 = 51/255 and control006 = 0xABCD/65535; olad's
#     universes 2 (Art-Net) and 3 (sACN) show ch 5 = 51, ch 6/7 = 0xAB/0xCD (8 and 16 bit).
#  2. Round trip: ola_set_dmx on OLA universe 1 -> Art-Net 0:0:1 -> DMX In's mappings (ch 1 8-bit ->
#     control001, ch 2/3 16-bit -> control002; the host sees the values) -> DMX In's output -> olad's
#     universes 2 and 3 hold the same bytes on ch 1..3.
#  3. tshark on the node's veth decodes what DMX In sent: ArtDmx (ID, OpCode 0x5000, ProtVer 14,
#     Sequence 1..255 counting up, universe 2, Length, data) and E1.31 (CID and source name from
#     the state, priority 100, universe 3, sequence counting up, data, and exactly three
#     Stream_Terminated packets, the last three, once the host deletes the instance).
# olad's values are read from its HTTP API (/get_dmx?u=N) on 127.0.0.1 inside the console namespace:
# this OLA has no ola_fetch_dmx. No timing is asserted; every wait is bounded and generous.
# Exit codes: 0 pass, 1 fail, 77 skipped (printed as "SKIPPED: <reason>"; ctest SKIP_RETURN_CODE).
set -euo pipefail

CONSOLE_IP=10.77.0.1
NODE_IP=10.77.0.2
BROADCAST_IP=10.77.0.255
SACN_GROUP=239.255.0.3   # sACN universe 3
CID=5f0c2a6e-1b7d-4c3e-9a58-0d1e2f3a4b5c   # written into the state: the wire must carry it
SOURCE_NAME="DMX In round trip"            # the preset's output.sourceName
STEP_TIMEOUT=15          # seconds to wait for each expected value

OLAD_HTTP=on             # olad's values are read from its web API
OLA_KEEP_PLUGINS="ola-artnet.conf ola-e131.conf ola-port.conf ola-server.conf ola-universe.conf"
# shellcheck source=ola_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/ola_common.sh"

[[ $# -eq 3 ]] || fail "usage: $0 DMXIN_VST3_DRIVE DMXIN_VST3_BUNDLE PRESET_JSON"
DRIVE=$(realpath -- "$1") || fail "host $1 not found"
BUNDLE=$(realpath -- "$2") || fail "VST3 bundle $2 not found (build DmxIn_VST3)"
PRESET=$(realpath -- "$3") || fail "preset $3 not found"

[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, veth, olad run as the olad user)"
for cmd in ip setpriv jq curl tshark; do
    command -v "$cmd" >/dev/null 2>&1 || skip "$cmd not found (Builds/install-deps.sh installs it)"
done
require_olad

NS_C="dmxin-rconsole-$$"
NS_N="dmxin-rnode-$$"
VETH_C="dmrc$$"
VETH_N="dmrn$$"
WORK=""
OLAD_PID=""
HOST_PID=""
TSHARK_PID=""
NS_CREATED=()

cleanup() {
    exec 3>&-   # the host's stdin: end of input makes it quit
    stop_pid "$HOST_PID"
    stop_pid "$OLAD_PID"
    stop_pid "$TSHARK_PID"
    delete_network
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP


dump_logs() {
    echo "---- host output (tail; the first value of every parameter, 0, left out) ----"
    grep -v '^param [0-9]* 0\.0000$' "$WORK/host.log" 2>/dev/null | tail -n 40 || true
    echo "---- olad log (tail) ----"
    tail -n 30 "$WORK/olad.log" 2>/dev/null || true
    echo "---- ola_dev_info ----"
    timeout 5 ip netns exec "$NS_C" ola_dev_info 2>&1 || true
    if [[ -s "$WORK/node.pcapng" ]]; then
        echo "---- tshark: packets on the node's veth (tail) ----"
        tshark -r "$WORK/node.pcapng" -n 2>/dev/null | tail -n 30 || true
    fi
}


# olad: Art-Net on the console's address (always_broadcast: ArtDmx for universe 1 goes to
# 10.77.0.255 at once, no discovery wait) and E1.31 with one input port. HTTP on for /get_dmx.
write_ola_config() {
    local conf=$1
    disable_known_plugins "$conf"
    write_artnet_config "$conf" true "$CONSOLE_IP" false
    write_e131_config "$conf" 1 0 "$CONSOLE_IP"
}


# The first 7 slots of an OLA universe as olad holds them, e.g. [0,0,0,0,51,171,205].
olad_slots() {
    in_console curl -sf --max-time 5 "http://127.0.0.1:9090/get_dmx?u=$1" | jq -c '.dmx[0:7]'
}

# expect_olad UNIVERSE JSON_ARRAY WHAT: waits until olad's universe shows those 7 slots.
expect_olad() {
    local u=$1 want=$2 what=$3 got="" deadline=$((SECONDS + STEP_TIMEOUT))
    while (( SECONDS < deadline )); do
        got=$(olad_slots "$u" || true)
        [[ "$got" == "$want" ]] && { echo "  olad universe $u = $got ($what)"; return 0; }
        kill -0 "$HOST_PID" 2>/dev/null || fail_inside "the host exited while waiting for olad's universe $u"
        sleep 0.2
    done
    fail_inside "$what: olad's universe $u shows ${got:-nothing}, expected $want within ${STEP_TIMEOUT} s"
}

# expect_host REGEX: waits until a line of the host's output matches.
expect_host() {
    local deadline=$((SECONDS + STEP_TIMEOUT))
    until grep -Eq -- "$1" "$WORK/host.log"; do
        (( SECONDS < deadline )) || fail_inside "the host printed no line /$1/ within ${STEP_TIMEOUT} s"
        kill -0 "$HOST_PID" 2>/dev/null || fail_inside "the host exited while waiting for /$1/"
        sleep 0.1
    done
}

# ---------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/dmxin-olarecv-test.XXXXXX)
chmod 755 "$WORK"
: > "$WORK/olad.log"
: > "$WORK/host.log"
mkdir "$WORK/home"   # the host's HOME: no user presets, no ~/.vst3 copy of DMX In

make_network
wait_link

# Everything DMX In sends crosses the node's veth; decoded in part 3.
ip netns exec "$NS_N" tshark -i "$VETH_N" -n -f 'udp port 6454 or udp port 5568' \
    -w "$WORK/node.pcapng" > "$WORK/tshark.out" 2> "$WORK/tshark.err" &
TSHARK_PID=$!
deadline=$((SECONDS + 15))
until grep -q "Capturing on" "$WORK/tshark.err" 2>/dev/null; do
    kill -0 "$TSHARK_PID" 2>/dev/null || fail_inside "tshark exited: $(cat "$WORK/tshark.err")"
    (( SECONDS < deadline )) || fail_inside "tshark did not start capturing within 15 s"
    sleep 0.1
done

conf="$WORK/conf"
mkdir "$conf"
start_olad_with_only_kept_plugins "$conf"
devices=$(in_console ola_dev_info)
DEV_ARTNET=$(sed -n 's/^Device \([0-9]*\): ArtNet.*/\1/p' <<< "$devices" | head -n 1)
DEV_E131=$(sed -n 's/^Device \([0-9]*\): E1\.31.*/\1/p' <<< "$devices" | head -n 1)
in_console ola_patch -d "$DEV_ARTNET" -p 0 -u 1 || fail_inside "ola_patch Art-Net output port -> universe 1 failed"
in_console ola_patch -d "$DEV_ARTNET" -p 0 -i -u 2 || fail_inside "ola_patch Art-Net input port -> universe 2 failed"
in_console ola_patch -d "$DEV_E131" -p 0 -i -u 3 || fail_inside "ola_patch E1.31 input port -> universe 3 failed"
# Before DMX In runs, olad's receiving universes hold nothing: the zeros expected first come from DMX In.
for u in 2 3; do
    got=$(olad_slots "$u") || fail_inside "olad's HTTP API does not answer /get_dmx on 127.0.0.1:9090"
    [[ "$got" == "[]" ]] || fail_inside "olad's universe $u holds $got before DMX In runs"
done
echo "olad ready in $NS_C: $(grep '^Device ' <<< "$devices" | tr '\n' ' ')"

# The shipped preset, pointed at the console and switched on (as shipped it sends nothing).
jq --arg console "$CONSOLE_IP" --arg node "$NODE_IP" --arg cid "$CID" '
    .output.cid = $cid
    | .output.universes[0].addresses = [$console] | .output.universes[0].enabled = true
    | .output.universes[1].interface = $node | .output.universes[1].enabled = true' \
    "$PRESET" > "$WORK/state.json" || fail_inside "jq could not rewrite $PRESET"

# The host reads commands from a FIFO held open on fd 3.
mkfifo "$WORK/host.in"
ip netns exec "$NS_N" env HOME="$WORK/home" VST3_PATH= "$DRIVE" --plugin "$BUNDLE" --state "$WORK/state.json" \
    < "$WORK/host.in" > "$WORK/host.log" 2>&1 &
HOST_PID=$!
exec 3> "$WORK/host.in"
expect_host '^ready$'
echo "host ready in $NS_N: $(basename "$BUNDLE") from $(dirname "$BUNDLE")"

# ---- Part 1: host automation -> olad (the output starts at the parameters' 0).
expect_olad 2 "[0,0,0,0,0,0,0]" "output running, Art-Net"
expect_olad 3 "[0,0,0,0,0,0,0]" "output running, sACN"
wide=$(awk 'BEGIN { printf "%.7f", 43981 / 65535 }')   # 0xABCD as a 16-bit parameter value
echo "set 5 0.2" >&3
echo "set 6 $wide" >&3
expect_host '^param 5 0\.2000$'   # the host's parameters hold what its automation set
expect_host '^param 6 0\.6711$'
expect_olad 2 "[0,0,0,0,51,171,205]" "automation control005=0.2 (8-bit 51), control006=0xABCD (16-bit)"
expect_olad 3 "[0,0,0,0,51,171,205]" "the same automation on sACN"
echo "part 1 PASS: host automation reached olad on Art-Net and sACN, 8 and 16 bit"

# ---- Part 2: round trip olad -> DMX In -> host parameter -> DMX In's output -> olad.
in_console ola_set_dmx -u 1 -d 200,18,52 || fail_inside "ola_set_dmx -u 1 failed"
expect_host '^param 1 0\.7843$'   # 200/255
expect_host '^param 2 0\.0711$'   # 0x1234/65535
expect_olad 2 "[200,18,52,0,51,171,205]" "round trip 200 and 0x1234, Art-Net"
expect_olad 3 "[200,18,52,0,51,171,205]" "round trip 200 and 0x1234, sACN"
in_console ola_set_dmx -u 1 -d 7,254,1 || fail_inside "ola_set_dmx -u 1 failed"
expect_host '^param 1 0\.0275$'   # 7/255
expect_host '^param 2 0\.9922$'   # 0xFE01/65535 = 0.99222
expect_olad 2 "[7,254,1,0,51,171,205]" "round trip 7 and 0xFE01, Art-Net"
expect_olad 3 "[7,254,1,0,51,171,205]" "round trip 7 and 0xFE01, sACN"
echo "part 2 PASS: OLA universe 1 came back on OLA universes 2 and 3 through the host's parameters"

# ---- Part 3: the host deletes the instance (sACN terminates), then decode the capture.
echo "quit" >&3
expect_host '^bye$'
wait "$HOST_PID" || fail_inside "the host exited with $?"
HOST_PID=""
sleep 1   # lets the capture write out the last packets before it stops (nothing is asserted on it)
stop_pid "$TSHARK_PID" INT
TSHARK_PID=""

decode() {   # decode DISPLAY_FILTER FIELD...
    local filter=$1 f args=()
    shift
    for f in "$@"; do args+=(-e "$f"); done
    tshark -r "$WORK/node.pcapng" -n --enable-heuristic acn -o acn.dmx_enable:TRUE -Y "$filter" \
        -T fields -E separator=/t -E occurrence=f "${args[@]}" 2>/dev/null
}

# ArtDmx: the payload's first 18 bytes are the header, the slots follow.
artdmx=$(decode "artnet.output && ip.src == $NODE_IP" frame.number ip.dst udp.dstport artnet.header.id \
    artnet.header.opcode artnet.header.protver artnet.output.sequence artnet.output.universe \
    artnet.output.length udp.length udp.payload)
[[ -n "$artdmx" ]] || fail_inside "tshark decoded no ArtDmx from $NODE_IP"
n=0 prev_seq="" last_data=""
while IFS=$'\t' read -r frame dst dport id opcode protver seq uni len udplen payload; do
    n=$((n + 1))
    why=""
    [[ "$dst" == "$CONSOLE_IP" && "$dport" == 6454 ]] || why+=" sent to $dst:$dport;"
    [[ "$id" == "Art-Net" ]] || why+=" ID \"$id\";"
    (( opcode == 0x5000 )) || why+=" OpCode $opcode;"
    (( protver == 14 )) || why+=" ProtVer $protver;"
    (( seq >= 1 && seq <= 255 )) || why+=" Sequence $seq;"
    [[ -z "$prev_seq" ]] || (( seq == prev_seq % 255 + 1 )) || why+=" Sequence $seq after $prev_seq;"
    (( uni == 2 )) || why+=" universe $uni (expected 2 = 0:0:2);"
    (( len >= 7 && len % 2 == 0 && len == udplen - 8 - 18 )) || why+=" Length $len (UDP length $udplen);"
    [[ -z "$why" ]] || fail_inside "ArtDmx frame $frame:$why"
    prev_seq=$seq
    last_data=${payload:36:14}   # slots 1..7 in hex
done <<< "$artdmx"
[[ "$last_data" == "07fe010033abcd" ]] || fail_inside "the last ArtDmx carries slots 1..7 = $last_data, expected 07fe010033abcd"
echo "  tshark: $n ArtDmx $NODE_IP -> $CONSOLE_IP:6454, OpCode 0x5000, ProtVer 14, universe 2," \
     "sequence counting 1..255, last slots 1..7 = $last_data"

# E1.31: the DMP property values start at payload offset 125 with the start code.
sacn=$(decode "acn.dmx.universe && ip.src == $NODE_IP" frame.number ip.dst udp.dstport acn.cid \
    acn.dmx.source_name acn.dmx.priority acn.dmx.universe acn.dmx.seq_number acn.dmx.option_s udp.payload)
[[ -n "$sacn" ]] || fail_inside "tshark decoded no E1.31 data packet from $NODE_IP"
n=0 prev_seq="" last_data="" terminated=0
while IFS=$'\t' read -r frame dst dport cid name prio uni seq term payload; do
    n=$((n + 1))
    why=""
    [[ "$dst" == "$SACN_GROUP" && "$dport" == 5568 ]] || why+=" sent to $dst:$dport;"
    [[ "$cid" == "$CID" ]] || why+=" CID $cid (the state's is $CID);"
    [[ "$name" == "$SOURCE_NAME" ]] || why+=" source name \"$name\";"
    (( prio == 100 )) || why+=" priority $prio;"
    (( uni == 3 )) || why+=" universe $uni;"
    [[ -z "$prev_seq" ]] || (( seq == (prev_seq + 1) % 256 )) || why+=" sequence $seq after $prev_seq;"
    [[ "${payload:250:2}" == 00 ]] || why+=" start code 0x${payload:250:2};"
    if [[ "$term" == 1 || "$term" == True ]]; then
        terminated=$((terminated + 1))
    elif (( terminated > 0 )); then
        why+=" a data packet after Stream_Terminated;"
    fi
    [[ -z "$why" ]] || fail_inside "E1.31 frame $frame:$why"
    prev_seq=$seq
    last_data=${payload:252:14}
done <<< "$sacn"
(( terminated == 3 )) || fail_inside "$terminated E1.31 packets with Stream_Terminated at the end, expected 3"
[[ "$last_data" == "07fe010033abcd" ]] || fail_inside "the last E1.31 packet carries slots 1..7 = $last_data, expected 07fe010033abcd"
echo "  tshark: $n E1.31 $NODE_IP -> $SACN_GROUP:5568, CID $CID, source \"$SOURCE_NAME\", priority 100," \
     "universe 3, sequence counting up, last slots 1..7 = $last_data, the last 3 Stream_Terminated"
echo "part 3 PASS: tshark decoded DMX In's ArtDmx and E1.31 as the state says"
echo "PASS: olad received DMX In's Art-Net and sACN, from host automation and round trip (olad $(olad --version 2>&1 | head -n 1 | awk '{print $NF}'))"
exit 0
