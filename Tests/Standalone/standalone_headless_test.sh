#!/usr/bin/env bash
# The standalone app without a display: it must run headless, load a preset, follow Art-Net sent
# to 127.0.0.1, print a live line per parameter change and a status line, refuse a bad preset
# with the field named, and report a port it cannot bind with the reason.
# It exports the mappings as .qxf/.gdtf/.csv, records what it receives, replays the
# recording without the network, and dmxin-play sends the recording back to it over UDP.
#   standalone_headless_test.sh APP SENDER PRESET_DIR PLAYER
set -euo pipefail
# Some runs below use the default network (exports, a refused preset, no preset at all): they would
# bind 0.0.0.0:6454 and the local-share name. The whole script runs in a private network namespace
# (loopback only) where it can, so a DMX In running on this machine is neither disturbed nor joined.
if [ -z "${DMXIN_TEST_NETNS:-}" ] && unshare -n true 2> /dev/null; then
    exec env DMXIN_TEST_NETNS=1 unshare -n bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
app=$1 sender=$2 presets=$3 player=$4
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail() { echo "FAIL: $*"; echo "--- log"; cat "$work/log" 2>/dev/null || true; exit 1; }


"$app" --version | grep -q "^DMX In [0-9]" || fail "--version"

"$app" --headless --preset "$presets/default.json" --bind 127.0.0.1 --port 0 \
       --status-every 1 --seconds 8 > "$work/log" 2>&1 &
pid=$!
# --port 0 binds an ephemeral port; the status line tells which.
for _ in $(seq 100); do grep -q "status: listening 127.0.0.1:" "$work/log" && break; sleep 0.1; done
port=$(sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/log" | head -n1)
[ -n "$port" ] && [ "$port" != 0 ] || fail "no listening status line with a port"
grep -q 'mapping "Universe 1 ch 1": universe Art-Net 0:0:0 (#1) ch 1 -> control001' "$work/log" || fail "mapping list not printed with both universe notations"

"$sender" --to 127.0.0.1 --port "$port" --universe 0:0:0 --set 1=255,2=128,5=18,6=52 --count 3 --interval-ms 50
for _ in $(seq 50); do grep -q 'param control002' "$work/log" && break; sleep 0.1; done
grep -q 'param control001 "Fader 1" = 1.0000  <- universe Art-Net 0:0:0 (#1) ch 1' "$work/log" || fail "control001 did not follow"
grep -q 'param control002 "Fader 2" = 0.5020' "$work/log" || fail "control002 did not follow"
grep -q 'param control005 "Pan (16-bit)" = 0.0711' "$work/log" || fail "16-bit pan did not follow"   # 0x1234/65535

# The app prints every mapped value once at start (0.0000), so "back to 0" must come after the
# 1.0000 line. The second burst goes on from the first one's sequence (it sent 1..3): a new
# dmxin-send would start again at 1, which the merger rightly drops as late (1 and 2 after 3).
back_to_zero() { sed -n '/param control001 "Fader 1" = 1.0000/,$p' "$work/log" | grep -q 'param control001 "Fader 1" = 0.0000'; }
"$sender" --to 127.0.0.1 --port "$port" --universe 0:0:0 --set 1=0 --count 2 --interval-ms 50 --sequence 4
for _ in $(seq 50); do back_to_zero && break; sleep 0.1; done
back_to_zero || fail "control001 did not follow back to 0"
! grep -q "late (sequence)" "$work/log" || fail "frames of a sender that went on with its sequence were dropped as late"
wait $pid || fail "app exited with $?"
grep -q "1 source(s)" "$work/log" || fail "status line does not count the source"

# MIDI-only mapping: the app works as a DMX -> MIDI bridge; --print-midi shows each message.
echo '{"schema":1,"mappings":[{"name":"Delay time","universe":"0:0:2","channel":1,"target":0,
  "midi":{"type":"cc","channel":1,"number":7}}]}' > "$work/midi.json"
"$app" --headless --preset "$work/midi.json" --bind 127.0.0.1 --port 0 --print-midi \
       --status-every 1 --seconds 6 > "$work/midi.log" 2>&1 &
mpid=$!
for _ in $(seq 100); do grep -q "status: listening 127.0.0.1:" "$work/midi.log" && break; sleep 0.1; done
mport=$(sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/midi.log" | head -n1)
[ -n "$mport" ] || { cat "$work/midi.log"; fail "MIDI run: no listening line"; }
grep -q 'mapping "Delay time": universe Art-Net 0:0:2 (#3) ch 1 -> MIDI cc ch 1 #7' "$work/midi.log" \
  || { cat "$work/midi.log"; fail "MIDI mapping not listed"; }
"$sender" --to 127.0.0.1 --port "$mport" --universe 0:0:2 --set 1=255 --count 2 --interval-ms 50
for _ in $(seq 50); do grep -q '^midi B0 07 7F' "$work/midi.log" && break; sleep 0.1; done
grep -q '^midi B0 07 7F  @' "$work/midi.log" || { cat "$work/midi.log"; fail "no CC 7 = 127 printed"; }
[ "$(grep -c '^midi B0 07 7F' "$work/midi.log")" -eq 1 ] || fail "an unchanged value was sent twice"
kill $mpid 2>/dev/null || true; wait $mpid 2>/dev/null || true

# Output (host -> rig): app A takes Art-Net 0:0:0 ch 1 into control001 and sends control001 as
# Art-Net 0:0:7 ch 1 to 127.0.0.1; app B (another process: its own output filter does not apply)
# listens there and maps 0:0:7 ch 1. DMX into A comes out of B. With --output-off A sends nothing.
listening_port() { sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' "$1" | head -n1; }
start_rig() {   # $1: log file; prints the port it listens on
    echo '{"schema":3,"mappings":[{"name":"Rig ch 1","universe":"0:0:7","channel":1,"target":1}]}' > "$work/rig.json"
    "$app" --headless --preset "$work/rig.json" --bind 127.0.0.1 --port 0 --status-every 1 --seconds 10 > "$1" 2>&1 &
    for _ in $(seq 100); do [ -n "$(listening_port "$1")" ] && break; sleep 0.1; done
    listening_port "$1"
}
output_preset() {   # $1: the rig's port
    echo '{"schema":3,"mappings":[{"name":"Desk ch 1","universe":"0:0:0","channel":1,"target":1}],
      "output":{"universes":[{"name":"Rig","protocol":"artnet","universe":"0:0:7","destination":"unicast",
        "addresses":["127.0.0.1"],"port":'"$1"',"channels":[{"channel":1,"slot":1}]}]}}' > "$work/out.json"
}
rport=$(start_rig "$work/rig.log"); rpid=$!
[ -n "$rport" ] || { cat "$work/rig.log"; fail "output: the receiving app printed no port"; }
output_preset "$rport"
"$app" --headless --preset "$work/out.json" --bind 127.0.0.1 --port 0 --status-every 1 --seconds 10 > "$work/out.log" 2>&1 &
opid=$!
for _ in $(seq 100); do [ -n "$(listening_port "$work/out.log")" ] && break; sleep 0.1; done
oport=$(listening_port "$work/out.log")
[ -n "$oport" ] || { cat "$work/out.log"; fail "output: the sending app printed no port"; }
"$sender" --to 127.0.0.1 --port "$oport" --universe 0:0:0 --set 1=255 --count 3 --interval-ms 50
for _ in $(seq 100); do grep -q 'param control001 = 1.0000' "$work/rig.log" && break; sleep 0.1; done
grep -q 'param control001 = 1.0000  <- universe Art-Net 0:0:7 (#8) ch 1' "$work/rig.log" \
  || { cat "$work/out.log" "$work/rig.log"; fail "output: DMX into one app did not come out of its output into the other"; }
for _ in $(seq 30); do grep -q "^status: output Art-Net 0:0:7 (#8) -> 127.0.0.1:$rport; [1-9][0-9]* packet(s) sent, 0 send error(s)" "$work/out.log" && break; sleep 0.1; done
grep -q "^status: output Art-Net 0:0:7 (#8) -> 127.0.0.1:$rport; [1-9][0-9]* packet(s) sent, 0 send error(s)" "$work/out.log" \
  || { cat "$work/out.log"; fail "output: the status line does not show the output and its packets"; }
kill $opid $rpid 2>/dev/null || true; wait $opid $rpid 2>/dev/null || true

rport=$(start_rig "$work/rig2.log"); rpid=$!
[ -n "$rport" ] || { cat "$work/rig2.log"; fail "--output-off: the receiving app printed no port"; }
output_preset "$rport"
"$app" --headless --preset "$work/out.json" --bind 127.0.0.1 --port 0 --status-every 1 --seconds 10 --output-off > "$work/off.log" 2>&1 &
opid=$!
for _ in $(seq 100); do [ -n "$(listening_port "$work/off.log")" ] && break; sleep 0.1; done
oport=$(listening_port "$work/off.log")
"$sender" --to 127.0.0.1 --port "$oport" --universe 0:0:0 --set 1=255 --count 3 --interval-ms 50
for _ in $(seq 50); do grep -q 'param control001 = 1.0000' "$work/off.log" && break; sleep 0.1; done
grep -q 'param control001 = 1.0000' "$work/off.log" || { cat "$work/off.log"; fail "--output-off: the input stopped working"; }
sleep 1   # a running output sends within a period (23 ms); a bounded wait for nothing at all
! grep -q 'param control001 = 1.0000' "$work/rig2.log" || { cat "$work/rig2.log"; fail "--output-off: the output still sent"; }
grep -q '^status: output off for this run (--output-off), 1 universe(s) configured' "$work/off.log" \
  || { cat "$work/off.log"; fail "--output-off: not shown in the status line"; }
kill $opid $rpid 2>/dev/null || true; wait $opid $rpid 2>/dev/null || true

# A bad preset is refused, the reason names the field, exit code 3.
echo '{"schema":1,"mappings":[{"universe":"0:0:0","channel":600,"target":1}]}' > "$work/bad.json"
set +e
"$app" --headless --preset "$work/bad.json" --seconds 1 > "$work/bad.log" 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || { cat "$work/bad.log"; fail "bad preset exit code $rc, expected 3"; }
grep -q "mappings\[0\].channel: 600 is outside 1..512" "$work/bad.log" || { cat "$work/bad.log"; fail "bad preset message"; }

# An address that cannot be bound is reported with the OS reason and a way out.
"$app" --headless --bind 10.255.255.1 --port 6454 --seconds 1 > "$work/bind.log" 2>&1 || true
grep -q "NOT LISTENING: bind 10.255.255.1:6454: Cannot assign requested address" "$work/bind.log" \
  || { cat "$work/bind.log"; fail "bind failure not reported"; }
grep -q "10.255.255.1 is not an address of this machine: choose one of its addresses, or 0.0.0.0" "$work/bind.log" \
  && grep -q "(--port, --bind)" "$work/bind.log" || { cat "$work/bind.log"; fail "no way out offered"; }

# Permission denied: as nobody in a private network namespace (where ports below 1024 are
# privileged whatever the container set), port 1000 is refused with the reason and the next step,
# and the app keeps running to the end of --seconds (exit 0). Skipped without root/namespaces.
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null && id nobody > /dev/null 2>&1; then
    mkdir -m 777 "$work/nobody"
    unshare -n sh -c 'ip link set lo up && HOME="$1" exec setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
        "$0" --headless --port 1000 --seconds 2 --status-every 1' "$app" "$work/nobody" > "$work/eacces.log" 2>&1 \
        || { cat "$work/eacces.log"; fail "the app did not keep running after permission denied"; }
    grep -q "NOT LISTENING: bind 0.0.0.0:1000: Permission denied. Ports below 1024 need privileges: choose a port >= 1024 or grant CAP_NET_BIND_SERVICE" \
        "$work/eacces.log" || { cat "$work/eacces.log"; fail "permission denied not reported with the next step"; }
else
    echo "permission-denied case skipped: needs root, unshare -n and a nobody user"
fi

# Fixture-profile exports: written, well formed, one CSV row per mapping, then the app quits.
"$app" --headless --preset "$presets/default.json" --export-qxf "$work/rig.qxf" --export-gdtf "$work/rig.gdtf" \
       --export-csv "$work/rig.csv" > "$work/export.log" 2>&1 || { cat "$work/export.log"; fail "exports"; }
for f in rig.qxf rig.gdtf rig.csv; do grep -q "exported $work/$f (${f#rig.}, model \"default\")" "$work/export.log" || fail "$f not reported"; done
xmllint --noout "$work/rig.qxf" || fail "qxf is not well-formed XML"
grep -q "<Model>default</Model>" "$work/rig.qxf" || fail "qxf model is not the preset name"
unzip -tq "$work/rig.gdtf" > /dev/null || fail "gdtf is not a valid zip"
unzip -p "$work/rig.gdtf" description.xml | xmllint --noout - || fail "gdtf description.xml is not well-formed XML"
mappings=$(grep -c '^  mapping "' "$work/export.log")
[ "$(wc -l < "$work/rig.csv")" -eq $((mappings + 1)) ] || fail "csv has not one row per mapping ($mappings)"
head -n1 "$work/rig.csv" | grep -q "^Protocol,Net:Sub:Uni,Universe #,sACN universe,Address" || fail "csv header"
set +e; "$app" --headless --preset "$presets/default.json" --export-csv /nonexistent-dir/x.csv > "$work/export-bad.log" 2>&1; rc=$?; set -e
[ $rc -eq 4 ] || fail "unwritable export exit code $rc, expected 4"
grep -q "export: cannot write /nonexistent-dir/x.csv: No such file or directory" "$work/export-bad.log" || fail "export error text"

# Record: a ramp on channel 1 through the network; the recording holds it.
"$app" --headless --preset "$presets/default.json" --bind 127.0.0.1 --port 0 --record "$work/show.dmxrec" \
       --status-every 1 --seconds 6 > "$work/rec.log" 2>&1 &
rpid=$!
for _ in $(seq 100); do grep -q "status: listening 127.0.0.1:" "$work/rec.log" && break; sleep 0.1; done
rport=$(sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/rec.log" | head -n1)
[ -n "$rport" ] || { cat "$work/rec.log"; fail "record run: no listening line"; }
grep -q "recording the mapped universes to $work/show.dmxrec" "$work/rec.log" || fail "recording not announced"
"$sender" --to 127.0.0.1 --port "$rport" --universe 0:0:0 --ramp 1 --set 2=77 --count 40 --interval-ms 20
wait $rpid || fail "record run exited with $?"
grep -q 'param control001 "Fader 1" = 0.1529' "$work/rec.log" || { cat "$work/rec.log"; fail "live ramp did not end at 39/255"; }
grep -q "status: recording $work/show.dmxrec: 40 frame(s)" "$work/rec.log" || { cat "$work/rec.log"; fail "recorder did not count 40 frames"; }
grep -q "recorded $work/show.dmxrec" "$work/rec.log" || fail "recording not closed"

# Replay without any network: the parameters follow the recording to the same end values.
"$app" --headless --preset "$presets/default.json" --bind 127.0.0.1 --port 0 --replay "$work/show.dmxrec" \
       --status-every 1 --seconds 3 > "$work/replay.log" 2>&1 || { cat "$work/replay.log"; fail "replay run"; }
grep -q "replaying $work/show.dmxrec: 40 frame(s), .* s, once; the network is paused" "$work/replay.log" \
  || { cat "$work/replay.log"; fail "replay not announced"; }
grep -q 'param control001 "Fader 1" = 0.1529' "$work/replay.log" || { cat "$work/replay.log"; fail "replay did not end at 39/255"; }
grep -q 'param control002 "Fader 2" = 0.3020' "$work/replay.log" || fail "replay did not set control002 = 77/255"
grep -q "status: replaying $work/show.dmxrec: 40 of 40 frame(s), finished" "$work/replay.log" || fail "replay not finished"
set +e; "$app" --headless --replay "$work/rig.csv" --seconds 1 > "$work/replay-bad.log" 2>&1; rc=$?; set -e
[ $rc -eq 4 ] || fail "bad recording exit code $rc"
grep -q "recording: not a DMX In recording" "$work/replay-bad.log" || fail "bad recording message"

# dmxin-play sends the recording as Art-Net to a listening app.
"$app" --headless --preset "$presets/default.json" --bind 127.0.0.1 --port 0 --status-every 1 --seconds 5 > "$work/play.log" 2>&1 &
ppid_=$!
for _ in $(seq 100); do grep -q "status: listening 127.0.0.1:" "$work/play.log" && break; sleep 0.1; done
pport=$(sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/play.log" | head -n1)
"$player" "$work/show.dmxrec" --to 127.0.0.1 --port "$pport" | grep -q "sent 40 packet(s) to 127.0.0.1:$pport as Art-Net" \
  || fail "dmxin-play did not send 40 packets"
wait $ppid_ || fail "play run exited with $?"
grep -q 'param control001 "Fader 1" = 0.1529' "$work/play.log" || { cat "$work/play.log"; fail "dmxin-play: control001 did not follow"; }

# Unknown arguments are refused with exit code 2.
set +e; "$app" --frobnicate > /dev/null 2>&1; rc=$?; set -e
[ $rc -eq 2 ] || fail "unknown argument exit code $rc"

# A malformed --bind is a bad argument (2, as the manual says), not a refused preset (3).
set +e; "$app" --headless --bind x --seconds 1 > "$work/bind-x.log" 2>&1; rc=$?; set -e
[ $rc -eq 2 ] || { cat "$work/bind-x.log"; fail "--bind x exit code $rc, expected 2 (bad argument)"; }
grep -qF -- '--bind: "x" is not an IPv4 address' "$work/bind-x.log" || { cat "$work/bind-x.log"; fail "--bind x message"; }
grep -q "refused" "$work/bind-x.log" && { cat "$work/bind-x.log"; fail "--bind x reported as a refused preset"; }

# An export with no enabled mapping (no preset, or every mapping disabled) writes no file,
# says why on stderr and exits 5 (the manual's table).
echo '{"schema":1,"mappings":[{"name":"Off","enabled":false,"universe":"0:0:0","channel":1,"target":1}]}' > "$work/disabled.json"
for preset in "" "$work/disabled.json"; do
    for format in qxf gdtf csv; do
        out="$work/empty.$format"
        set +e
        "$app" --headless ${preset:+--preset "$preset"} "--export-$format" "$out" > "$work/empty.out" 2> "$work/empty.err"
        rc=$?
        set -e
        what="--export-$format with ${preset:-no preset}"
        [ $rc -eq 5 ] || { cat "$work/empty.out" "$work/empty.err"; fail "$what: exit code $rc, expected 5"; }
        grep -q "nothing to export: no enabled mapping" "$work/empty.err" || { cat "$work/empty.err"; fail "$what: no message on stderr"; }
        [ ! -e "$out" ] || fail "$what: wrote $out"
    done
done

# Headless with no mapping says so and how to get one: --preset FILE (naming the factory
# presets folder, which exists and holds them) or learning in the editor. A preset run does not.
"$app" --headless --bind 127.0.0.1 --port 0 --seconds 1 > "$work/none.log" 2>&1 || { cat "$work/none.log"; fail "run without a preset"; }
hint=$(grep "^no mappings: " "$work/none.log") || { cat "$work/none.log"; fail "no 'no mappings' line without a preset"; }
for part in "--preset FILE" "learn a mapping in the editor" "(factory presets: "; do
    [[ "$hint" == *"$part"* ]] || fail "the no-mapping line lacks \"$part\": $hint"
done
folder=$(sed -n 's/.*(factory presets: \(.*\)\/default\.json and others there).*/\1/p' <<< "$hint")
[ -f "$folder/default.json" ] || fail "the no-mapping line names \"$folder\", which holds no default.json: $hint"
grep -q "no mappings\|no enabled mapping" "$work/log" && fail "the no-mapping line printed with a preset"
echo "standalone headless: OK"
grep -E "^(param|status)" "$work/log" | head -8
