#!/usr/bin/env bash
# The Windows standalone (DMXIn.exe) under Wine, headless: it loads a preset, follows Art-Net sent
# to 127.0.0.1 by the Windows dmxin-send.exe, prints a live line per parameter change and a status
# line, and refuses a bad preset with the field named (exit 3).
# JUCE's message loop needs a display under Wine (xvfb-run), for every run: the first Wine GUI
# program of a session without one leaves the session's desktop on the null driver, and later runs
# hang. The whole script runs in a private network namespace, where the wineserver (which opens
# Wine's sockets) is started too.
#   windows_headless_test.sh WINE APP.exe SENDER.exe PRESET_DIR
set -euo pipefail
if [ -z "${DMXIN_TEST_NETNS:-}" ] && unshare -n true 2> /dev/null; then
    "$(dirname "$1")/wineserver" -w 2> /dev/null || true   # a wineserver outside the namespace would own the sockets
    exec env DMXIN_TEST_NETNS=1 unshare -n bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
wine=$1 app=$2 sender=$3 presets=$4
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- log"; cat "$work/log" 2>/dev/null || true; exit 1; }
send() { "$wine" "$sender" "$@" > /dev/null; }

xvfb-run -a "$wine" "$app" --version | tr -d '\r' | grep -q "^DMX In [0-9]" || fail "--version"

xvfb-run -a "$wine" "$app" --headless --preset "Z:$presets/default.json" --bind 127.0.0.1 --port 0 \
         --status-every 1 --seconds 20 > "$work/log" 2>&1 &
for _ in $(seq 300); do grep -q "status: listening 127.0.0.1:" "$work/log" && break; sleep 0.1; done
port=$(tr -d '\r' < "$work/log" | sed -n 's/^status: listening 127.0.0.1:\([0-9]*\),.*/\1/p' | head -n1)
[ -n "$port" ] && [ "$port" != 0 ] || fail "no listening status line with a port"
grep -q 'mapping "Universe 1 ch 1": universe Art-Net 0:0:0 (#1) ch 1 -> control001' "$work/log" \
    || fail "mapping list not printed with both universe notations"

send --to 127.0.0.1 --port "$port" --universe 0:0:0 --set 1=255,2=128,5=18,6=52 --count 3 --interval-ms 50
for _ in $(seq 100); do grep -q 'param control005 "Pan (16-bit)" = 0.0711' "$work/log" && break; sleep 0.1; done
grep -q 'param control001 "Fader 1" = 1.0000  <- universe Art-Net 0:0:0 (#1) ch 1' "$work/log" || fail "control001 did not follow"
grep -q 'param control002 "Fader 2" = 0.5020' "$work/log" || fail "control002 did not follow"
grep -q 'param control005 "Pan (16-bit)" = 0.0711' "$work/log" || fail "16-bit pan did not follow"   # 0x1234/65535
for _ in $(seq 50); do grep -q "1 source(s)" "$work/log" && break; sleep 0.1; done
grep -q "1 source(s)" "$work/log" || fail "status line does not count the source"

# A bad preset is refused, the reason names the field, exit code 3.
echo '{"schema":1,"mappings":[{"universe":"0:0:0","channel":600,"target":1}]}' > "$work/bad.json"
set +e
xvfb-run -a "$wine" "$app" --headless --preset "Z:$work/bad.json" --seconds 1 > "$work/bad.log" 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || { cat "$work/bad.log"; fail "bad preset exit code $rc, expected 3"; }
grep -q "mappings\[0\].channel: 600 is outside 1..512" "$work/bad.log" || { cat "$work/bad.log"; fail "bad preset message"; }
echo "PASS: DMXIn.exe followed Art-Net under Wine and refused a bad preset"
