#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test. CI runs exactly
# `Builds/test.sh`.
#   Builds/test.sh                      everything CI runs:
#                                        1. the default preset (Builds/out): every ctest test;
#                                        2. Core and Net tests under ASan+UBSan and under TSan
#                                           (presets asan-core, tsan-core: no JUCE, so minutes);
#                                        3. each libFuzzer harness for 10 s (Builds/fuzz.sh 10).
#   Builds/test.sh --quick              step 1 only
#   Builds/test.sh --sanitize address   the whole suite, JUCE included, under ASan+UBSan (Builds/out-asan)
#   Builds/test.sh --sanitize thread    the whole suite under TSan (Builds/out-tsan)
# Why CI runs the sanitizers on Core and Net only: that is where the threads meet (receive thread,
# SPSC queues, mergers, hub subscriptions) and where hostile bytes are parsed; the full sanitized
# builds recompile JUCE twice (about 25 extra minutes on 2 cores) and are run on demand.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
preset=default
case "${1:-}:${2:-}" in
  ":") ;;
  "--quick:") mode=quick ;;
  "--sanitize:address") mode=one; preset=asan ;;
  "--sanitize:thread") mode=one; preset=tsan ;;
  *) echo "usage: Builds/test.sh [--quick | --sanitize address|thread]" >&2; exit 2 ;;
esac

Builds/install-deps.sh

run_preset() {
  local p=$1 start
  start=$(date +%s)
  cmake --preset "$p"
  cmake --build --preset "$p"
  echo "DMX In: build ($p) took $(( $(date +%s) - start )) s"
  ctest --preset "$p"
}

run_preset "$preset"
if [ "$mode" = all ]; then
  run_preset asan-core
  run_preset tsan-core
  Builds/fuzz.sh 10
fi
