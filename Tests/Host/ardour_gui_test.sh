#!/usr/bin/env bash
# Ardour 7's GUI under Xvfb records DMX as automation (ctest: ardour_gui). Exit 77 (skipped) without
# Ardour, Xvfb or xdotool.
#   ardour_gui_test.sh /path/to/DMXIn.vst3 /path/to/dmxin-send [touch|latch]   (Write is never saved in a
#   session: Ardour loads it as Off, so Write would have to be armed in the GUI after loading)
#
# 1. ardour7-lua prepares a session (ardour_lua_test.lua gui-prepare): DMX In on a track, Art-Net
#    0:0:1 channel 12 on 127.0.0.1:PORT -> Control 003, that parameter's automation in Touch (or
#    Latch), and the plugin's window marked open. The plugin's window matters: with it open, JUCE's
#    VST3 wrapper runs the plugin's timers on Ardour's GUI run loop, so the gestures and values reach
#    Ardour on its GUI thread. Without it they come from JUCE's own message thread, and Ardour 7.3
#    crashes in AutomationControl::start_touch -> AutomationWatch::add_automation_watch ->
#    TempoMap::metric_at (segfault; most likely because Ardour 7 keeps the tempo map per thread and a
#    thread Ardour did not create has none).
# 2. Ardour's GUI opens the session under Xvfb on the Dummy backend (autostarted from a private
#    config); xdotool presses space (roll), dmxin-send ramps channel 12, space (stop), Ctrl+S (save).
# 3. ardour_lua_test.lua gui-check reads the automation events of Control 003 from the saved session.
set -euo pipefail

bundle="${1:?usage: ardour_gui_test.sh DMXIn.vst3 dmxin-send [touch|latch]}"
sender="${2:?usage: ardour_gui_test.sh DMXIn.vst3 dmxin-send [touch|latch]}"
mode="${3:-touch}"
here="$(cd "$(dirname "$0")" && pwd)"
scanner=/usr/lib/ardour7/ardour-vst3-scanner

if [ "${ARDOUR_GUI_INSIDE:-}" != 1 ]; then
  for tool in ardour ardour7-lua xvfb-run xdotool; do
    if ! command -v "$tool" > /dev/null; then
      echo "ardour_gui: SKIPPED: $tool is not installed (apt-get install ardour xvfb xdotool)"
      exit 77
    fi
  done
  if [ ! -x "$scanner" ]; then
    echo "ardour_gui: SKIPPED: $scanner is missing"
    exit 77
  fi
  ARDOUR_GUI_INSIDE=1 exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$@"
fi

tmp="$(mktemp -d /tmp/dmxin-ardour-gui.XXXXXX)"
ardour_pid=""
cleanup() {
  if [ -n "$ardour_pid" ] && kill -0 "$ardour_pid" 2> /dev/null; then
    kill "$ardour_pid" 2> /dev/null || true
    sleep 1
    kill -9 "$ardour_pid" 2> /dev/null || true
  fi
  [ -n "${ARDOUR_GUI_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/vst3" "$tmp/home" "$tmp/cache" "$tmp/config/ardour7"
cp -a "$bundle" "$tmp/vst3/"
copy="$tmp/vst3/$(basename "$bundle")"
find "$copy" -name '*.so' -exec touch -d '2000-01-01 00:00:00' {} +
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config" VST3_PATH="$tmp/vst3"

LD_LIBRARY_PATH=/usr/lib/ardour7 "$scanner" -f "$copy" > "$tmp/scan.log" 2>&1 || { cat "$tmp/scan.log"; echo "ardour_gui: FAIL: scan"; exit 1; }

# A private Ardour configuration: not a first run (.a7), the Dummy backend shown and autostarted.
touch "$tmp/config/ardour7/.a7"
cat > "$tmp/config/ardour7/config" << 'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Ardour>
  <Config>
    <Option name="hide-dummy-backend" value="0"/>
    <Option name="try-autostart-engine" value="1"/>
  </Config>
  <Extra>
    <AudioMIDISetup>
      <EngineStates>
        <State backend="None (Dummy)" driver="Normal Speed" device="Silence" input-device="" output-device="" sample-rate="48000" buffer-size="1024" n-periods="0" input-latency="0" output-latency="0" lm-input="" lm-output="" active="1" use-buffered-io="0" midi-option="1 in, 1 out, Silence" lru="1">
          <MIDIDevices/>
        </State>
      </EngineStates>
    </AudioMIDISetup>
  </Extra>
</Ardour>
EOF

# A free UDP port on 127.0.0.1 for the plugin's Art-Net socket.
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2> /dev/null || echo 46454)

run_lua() {
  local phase="$1"; shift
  local status=0
  (unset DISPLAY; timeout 120 ardour7-lua "$here/ardour_lua_test.lua" "$tmp/session" "$phase" "$@") > "$tmp/$phase.log" 2>&1 || status=$?
  grep '^ardour_lua:' "$tmp/$phase.log" | sed 's/^ardour_lua:/ardour_gui:/' || true
  if [ "$status" -ne 0 ] || ! grep -q "^ardour_lua: PASS $phase\$" "$tmp/$phase.log"; then
    echo "ardour_gui: FAIL in $phase (ardour7-lua exit status $status)"
    exit 1
  fi
}

run_lua gui-prepare "$port" "$mode"

# Waits (bounded) for a visible window whose name matches $1; prints its id.
wait_window() {
  local pattern="$1" i id
  for i in $(seq 1 120); do
    if ! kill -0 "$ardour_pid" 2> /dev/null; then
      echo "ardour_gui: FAIL: Ardour exited while waiting for \"$pattern\"" >&2
      tail -20 "$tmp/ardour.log" >&2
      return 1
    fi
    id=$(xdotool search --onlyvisible --name "$pattern" 2> /dev/null | head -1 || true)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    sleep 0.5
  done
  echo "ardour_gui: FAIL: no window \"$pattern\" after 60 s" >&2
  return 1
}

ardour -n -a "$tmp/session/dmxin.ardour" > "$tmp/ardour.log" 2>&1 &
ardour_pid=$!

main=$(wait_window ' - Ardour$')
plugin=$(wait_window 'DMX In')
echo "ardour_gui: Ardour's editor window $main and the plugin's window $plugin are open"
sleep 3   # let the session settle (engine running, plugin state applied)

# A dialog such as "Engine I/O device has changed" would hold the main window: dismiss it.
for w in $(xdotool search --onlyvisible --name '.' 2> /dev/null); do
  name=$(xdotool getwindowname "$w" 2> /dev/null || true)
  case "$name" in *" - Ardour"|*"DMX In"*) ;; *) echo "ardour_gui: dismissing window \"$name\""; xdotool windowfocus "$w" key Return || true ;; esac
done

session_mtime() { stat -c %Y "$tmp/session/dmxin.ardour"; }
before=$(session_mtime)

xdotool windowfocus --sync "$main" key space          # roll
sleep 1
"$sender" --to 127.0.0.1 --port "$port" --universe 0:0:1 --ramp 12 --count 80 --interval-ms 25
sleep 1                                               # past the plugin's 250 ms gesture idle time
xdotool windowfocus --sync "$main" key space          # stop
sleep 1
sleep 1; xdotool windowfocus --sync "$main" key ctrl+s   # save
for i in $(seq 1 40); do
  [ "$(session_mtime)" != "$before" ] && break
  sleep 0.5
done
if ! kill -0 "$ardour_pid" 2> /dev/null; then
  tail -20 "$tmp/ardour.log"
  echo "ardour_gui: FAIL: Ardour exited during the take"
  exit 1
fi
if [ "$(session_mtime)" = "$before" ]; then
  echo "ardour_gui: FAIL: the session was not saved after Ctrl+S"
  exit 1
fi
sleep 1

run_lua gui-check
echo "ardour_gui: PASS"
