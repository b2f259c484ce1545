#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test. CI runs exactly
# `Builds/test.sh`.
#   Builds/test.sh                      everything CI runs:
#                                        1. the default preset (Builds/out): every ctest test;
#                                        2. Core and Net tests under ASan+UBSan and under TSan
#                                           (presets asan-core, tsan-core: no JUCE, so minutes);
#                                        3. Core and Net through the portable POSIX backend, the
#                                           macOS/BSD code path (preset portable);
#                                        4. the Windows stage (as --windows below);
#                                        5. each libFuzzer harness for 10 s (Builds/fuzz.sh 10).
#   Builds/test.sh --quick              step 1 only
#   Builds/test.sh --sanitize address   the whole suite, JUCE included, under ASan+UBSan (Builds/out-asan)
#   Builds/test.sh --sanitize thread    the whole suite under TSan (Builds/out-tsan)
#   Builds/test.sh --juce PATH          step 1 against the JUCE source tree at PATH (a checkout of JUCE 7
#                                       or 8) instead of Debian's JUCE, in its own build directory
#                                       Builds/out-juce-<version> (Builds/out is left alone).
#   Builds/test.sh --windows            the Windows stage only: Builds/build-windows.sh (MinGW-w64 cross
#                                       build, Builds/out-win), then its tests under Wine (ctest --preset
#                                       windows).
# Why CI runs the sanitizers on Core and Net only: that is where the threads meet (receive thread,
# SPSC queues, mergers, hub subscriptions) and where hostile bytes are parsed; the full sanitized
# builds recompile JUCE twice (about 25 extra minutes on 2 cores) and are run on demand.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
preset=default
juce_source=
case "${1:-}:${2:-}" in
  ":") ;;
  "--quick:") mode=quick ;;
  "--sanitize:address") mode=one; preset=asan ;;
  "--sanitize:thread") mode=one; preset=tsan ;;
  "--juce:"?*) mode=juce; juce_source=$(realpath "$2") ;;
  "--windows:") mode=windows ;;
  *) echo "usage: Builds/test.sh [--quick | --sanitize address|thread | --juce PATH | --windows]" >&2; exit 2 ;;
esac

windows_stage() {
  local start
  start=$(date +%s)
  # build-windows.sh installs what the Windows build needs (and nothing for the Linux build).
  Builds/build-windows.sh
  echo "DMX In: Windows build took $(( $(date +%s) - start )) s"
  # The test preset sets WINEPREFIX (Builds/out-win-wine, made by build-windows.sh) and WINEDEBUG.
  # A Wine session left from an interrupted run can hang new Wine programs: start from none.
  WINEPREFIX=$PWD/Builds/out-win-wine wineserver -k 2>/dev/null || true
  ctest --preset windows
}

if [ "$mode" = windows ]; then
  windows_stage
  exit
fi

Builds/install-deps.sh

run_preset() {
  local p=$1 start
  start=$(date +%s)
  cmake --preset "$p"
  cmake --build --preset "$p"
  echo "DMX In: build ($p) took $(( $(date +%s) - start )) s"
  if [ "$p" = default ]; then
    beside_a_running_dmxin Builds/out ctest --preset "$p"
  else
    ctest --preset "$p"
  fi
}

# Runs a command the way a developer runs the tests: with DMX In installed in their home (as
# Builds/run.sh leaves it) and a headless DMX In already running, leading 0.0.0.0:6454 and the
# local-share name. Tests must neither pick up the installed copy nor be disturbed by the running
# one; and the running one must still be alive at the end (a test that crashes it fails here).
# $1: the build directory whose DMXIn runs; the rest: the command.
beside_a_running_dmxin() {
  local artefacts=$1/DmxIn_artefacts/RelWithDebInfo home log resident rc=0
  shift
  home=$(mktemp -d)
  log=$home/resident-dmxin.log
  mkdir -p "$home/.vst3" "$home/.lv2"
  cp -r "$artefacts/VST3/DMXIn.vst3" "$home/.vst3/"
  cp -r "$artefacts/LV2/DMXIn.lv2" "$home/.lv2/"
  HOME=$home "$artefacts/Standalone/DMXIn" --headless --preset Resources/presets/default.json --status-every 5 \
    > "$log" 2>&1 &
  resident=$!
  # Interrupted (Ctrl+C, a CI timeout): the resident must not outlive the script holding port 6454.
  trap 'kill "$resident" 2>/dev/null; rm -rf "$home"' INT TERM
  for _ in $(seq 100); do grep -q "^status: sharing:" "$log" && break; sleep 0.1; done
  echo "DMX In: the tests run beside a headless DMX In (pid $resident): $(grep -m1 '^status: listening\|NOT LISTENING' "$log" || true)"
  echo "DMX In: ... $(grep -m1 '^status: sharing:' "$log" || echo 'no sharing status yet')"
  HOME=$home "$@" || rc=$?
  if kill -0 "$resident" 2>/dev/null; then
    kill "$resident"
    wait "$resident" 2>/dev/null || true
  else
    echo "DMX In: FAIL: the headless DMX In the tests ran beside is gone; its log:" >&2
    tail -n 20 "$log" >&2
    rc=1
  fi
  trap - INT TERM
  rm -rf "$home"
  return $rc
}

# The default preset's build and tests against another JUCE: the preset's cache variables, with the
# JUCE source tree and its own build directory, so Builds/out (Debian's JUCE) is never reconfigured.
run_with_juce() {
  local version dir start
  version=$(sed -n 's/^project(JUCE VERSION \([0-9.]*\).*/\1/p' "$juce_source/CMakeLists.txt")
  dir=Builds/out-juce-${version:-unknown}
  start=$(date +%s)
  cmake --preset default -B "$dir" -DDMXIN_JUCE_SOURCE="$juce_source"
  cmake --build "$dir" -j 2
  echo "DMX In: build (default preset, JUCE ${version:-?} from $juce_source, $dir) took $(( $(date +%s) - start )) s"
  # As the default test preset: one test at a time, 600 s each, output of failures.
  beside_a_running_dmxin "$dir" ctest --test-dir "$dir" --output-on-failure -j 1 --timeout 600
}

if [ "$mode" = juce ]; then
  run_with_juce
  exit
fi

run_preset "$preset"
if [ "$mode" = all ]; then
  run_preset asan-core
  run_preset tsan-core
  run_preset portable
  windows_stage
  Builds/fuzz.sh 10
fi
