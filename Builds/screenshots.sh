#!/usr/bin/env bash
# Screenshots of each editor view for the README: starts the standalone under a private Xvfb
# display with the stage-show preset on 127.0.0.1 (a free port), sends live Art-Net on loopback
# with dmxin-send, switches views with the editor's keyboard shortcuts (xdotool) and writes
# Resources/docs/editor-*.png with `import -window root`.
#   Builds/screenshots.sh [OUT_DIR]         (needs: Xvfb, ImageMagick import, xdotool)
# Build first: cmake --build --preset default --target DmxIn_Standalone dmxin-send
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-Resources/docs}
app=Builds/out/DmxIn_artefacts/RelWithDebInfo/Standalone/DMXIn
send=Builds/out/Tests/Tools/dmxin-send
preset=Resources/presets/stage-show.json
for tool in Xvfb import xdotool; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing (apt-get install xvfb imagemagick xdotool)"; exit 77; }
done
[ -x "$app" ] && [ -x "$send" ] || { echo "screenshots: build DmxIn_Standalone and dmxin-send first"; exit 2; }
mkdir -p "$out"

port=$(( 20000 + RANDOM % 20000 ))
display=":$(( 200 + RANDOM % 300 ))"
width=1200 height=780
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

Xvfb "$display" -screen 0 ${width}x${height}x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# Live traffic: universe 0:0:0 (mapped: a ramp on channel 1, fixed levels elsewhere, channel 20+
# unmapped), 0:0:1 (mapped, a ramp on channel 10) and 0:0:5 (heard on the wire, not mapped).
"$send" --port "$port" --universe 0:0:0 --ramp 1 --count 100000 --interval-ms 25 \
    --set 2=96,3=200,4=180,5=40,6=150,20=255,21=128,22=64,40=12 >/dev/null 2>&1 &
pids+=($!)
"$send" --port "$port" --universe 0:0:1 --ramp 10 --count 100000 --interval-ms 25 --set 11=60,12=255,13=30 >/dev/null 2>&1 &
pids+=($!)
"$send" --port "$port" --universe 0:0:5 --count 100000 --interval-ms 100 --set 1=255,2=200,3=150 >/dev/null 2>&1 &
pids+=($!)

"$app" --preset "$preset" --bind 127.0.0.1 --port "$port" >/tmp/dmxin-screenshots-app.log 2>&1 &
pids+=($!)
app_pid=$!
window=""
for _ in $(seq 100); do
    window=$(xdotool search --onlyvisible --name "DMX In" 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.1
done
[ -n "$window" ] || { echo "screenshots: the app opened no window"; cat /tmp/dmxin-screenshots-app.log; exit 1; }
# No window manager: the window sits where the app centred it (the screen is the editor's size),
# and key presses go to the window under the pointer.
sleep 3   # the monitor's heard-universe scan runs once a second; let rates settle

key() { xdotool key --clearmodifiers "$@"; sleep 0.3; }
shot() { sleep "${2:-1}"; import -window root "$out/editor-$1.png"; echo "wrote $out/editor-$1.png"; }

# Mappings: select the master fader (row 4) so its details and curve plot show.
xdotool mousemove 300 156 click 1
key Down Down Down
shot mappings
# Learn: arm it (L), then a "console fader" starts moving on universe 0:0:2.
key l
sleep 0.6
"$send" --port "$port" --universe 0:0:2 --ramp 7 --count 400 --interval-ms 25 >/dev/null 2>&1 &
fader=$!
pids+=($fader)
shot learn 2.5
kill "$fader" 2>/dev/null || true
key Escape
key ctrl+2
shot monitor 1.5
key ctrl+3
shot parameters
key ctrl+4
shot presets
key ctrl+5
shot status 1.5
