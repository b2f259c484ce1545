#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test with ctest.
#   Builds/test.sh                      the default preset (Builds/out)
#   Builds/test.sh --sanitize address   the same under ASan+UBSan (preset asan, Builds/out-asan)
#   Builds/test.sh --sanitize thread    the same under TSan (preset tsan, Builds/out-tsan)
# The sanitizer presets run every test: all of them, the OLA peer test and lv2_bundle included,
# pass under ASan, so none is left out.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=default
if [ $# -gt 0 ]; then
  case "${1}:${2:-}" in
    --sanitize:address) preset=asan ;;
    --sanitize:thread) preset=tsan ;;
    *) echo "usage: Builds/test.sh [--sanitize address|thread]" >&2; exit 2 ;;
  esac
  [ $# -eq 2 ] || { echo "usage: Builds/test.sh [--sanitize address|thread]" >&2; exit 2; }
fi

Builds/install-deps.sh
start=$(date +%s)
cmake --preset "$preset"
cmake --build --preset "$preset"
echo "DMX In: build took $(( $(date +%s) - start )) s"
ctest --preset "$preset"
