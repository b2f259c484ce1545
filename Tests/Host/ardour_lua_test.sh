#!/usr/bin/env bash
# Headless Ardour 7 hosts the built DMXIn.vst3 (ctest: ardour_lua). Exit 77 (skipped) without Ardour.
#   ardour_lua_test.sh /path/to/DMXIn.vst3
#
# Headless Ardour (ardour7-lua) never scans plugins itself: it reads its plugin cache, which
# /usr/lib/ardour7/ardour-vst3-scanner writes, and a cache entry counts only when it is newer than
# the plugin's .so. So: copy the bundle into a temp dir (the build tree stays untouched), back-date
# the copy's .so, scan it into a private cache (XDG_CACHE_HOME/XDG_CONFIG_HOME/HOME in the temp dir,
# so the user's Ardour settings are neither read nor changed), then run ardour_lua_test.lua.
set -euo pipefail

bundle="${1:?usage: ardour_lua_test.sh /path/to/DMXIn.vst3}"
here="$(cd "$(dirname "$0")" && pwd)"
scanner=/usr/lib/ardour7/ardour-vst3-scanner
lua="$(command -v ardour7-lua || true)"

if [ -z "$lua" ] || [ ! -x "$scanner" ]; then
  echo "ardour_lua: SKIPPED: Ardour 7 is not installed (needs ardour7-lua and $scanner; apt-get install ardour)"
  exit 77
fi
if [ ! -d "$bundle" ]; then
  echo "ardour_lua: FAIL: no VST3 bundle at $bundle (build DmxIn_VST3 first)"
  exit 1
fi

tmp="$(mktemp -d /tmp/dmxin-ardour.XXXXXX)"
[ -n "${ARDOUR_LUA_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/vst3" "$tmp/home" "$tmp/cache" "$tmp/config"
cp -a "$bundle" "$tmp/vst3/"
copy="$tmp/vst3/$(basename "$bundle")"
find "$copy" -name '*.so' -exec touch -d '2000-01-01 00:00:00' {} +

export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config" VST3_PATH="$tmp/vst3"
unset DISPLAY   # headless: the plugin must not need a display here

# The scanner lives next to Ardour's private libraries (the ardour7-lua wrapper sets the same path).
if ! LD_LIBRARY_PATH=/usr/lib/ardour7 "$scanner" -f "$copy" > "$tmp/scan.log" 2>&1; then
  cat "$tmp/scan.log"
  echo "ardour_lua: FAIL: ardour-vst3-scanner could not scan $copy"
  exit 1
fi
echo "ardour_lua: scanned $(basename "$copy"): $(find "$tmp/cache" -name '*.v3i' | wc -l) cache file(s)"

# One ardour7-lua process per phase (see ardour_lua_test.lua): create -> reload -> again.
for phase in create reload again; do
  status=0
  timeout "${ARDOUR_LUA_TIMEOUT:-300}" "$lua" "$here/ardour_lua_test.lua" "$tmp/session" "$phase" > "$tmp/$phase.log" 2>&1 || status=$?
  grep -v '^MIDI Clock\|^MTC in\|Falling back to Reasonable Synth\|Butler drops\|direct dispatch of call slot' "$tmp/$phase.log" || true
  if [ "$status" -ne 0 ] || ! grep -q "^ardour_lua: PASS $phase\$" "$tmp/$phase.log"; then
    echo "ardour_lua: FAIL in phase $phase (ardour7-lua exit status $status)"
    exit 1
  fi
done
echo "ardour_lua: PASS"
