#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset `fuzz`: clang-14, ASan+UBSan, Core/Net/Fuzz only, no JUCE)
# and runs each for SECONDS (default 30) from a scratch copy of its seed corpus, so the committed
# corpus in Tests/Fuzz/corpus never grows. Prints executions, exec/s and crashes per harness and
# exits non-zero if any harness crashed; the crashing input is kept in Builds/out-fuzz/artifacts/.
#   Builds/fuzz.sh [SECONDS]   each harness for SECONDS (CI: Builds/test.sh runs `Builds/fuzz.sh 10`)
#   Builds/fuzz.sh --long      each harness for 10 million inputs or 5 minutes, whichever comes first
#   FUZZ_ONLY="fuzz_sacn_parser fuzz_sacn_merger" Builds/fuzz.sh ...   runs only those harnesses
# A crash reproduces from its input alone: Builds/out-fuzz/Tests/Fuzz/<harness> <input> (each harness
# resets the objects it reuses between inputs; its header comment says how).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=""
if [ "${1:-}" = "--long" ]; then
  seconds=300
  runs=10000000
else
  seconds=${1:-30}
fi
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: Builds/fuzz.sh [SECONDS | --long]" >&2; exit 2; }

# libFuzzer and the sanitizer runtimes for clang come from libclang-rt-14-dev.
missing=()
for p in clang-14 libclang-rt-14-dev cmake ninja-build nlohmann-json3-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "DMX In: installing ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || { echo "DMX In: not root; run: sudo apt-get install -y ${missing[*]}" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

bin=Builds/out-fuzz/Tests/Fuzz
artifacts=Builds/out-fuzz/artifacts
rm -rf "$artifacts"   # only this run's crashes
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

declare -A dict=(
  [fuzz_artnet_parser]=Tests/Fuzz/fuzz_artnet.dict
  [fuzz_receive_path]=Tests/Fuzz/fuzz_artnet.dict
  [fuzz_state_json]=Tests/Fuzz/fuzz_state_json.dict
  [fuzz_sacn_parser]=Tests/Fuzz/fuzz_sacn.dict
)

failed=0
crashed=0
[ -n "$runs" ] && echo "fuzz: each harness for $runs inputs or $seconds s, whichever comes first"
printf '%-22s %12s %10s %8s\n' harness executions exec/s crashes
all_harnesses=(fuzz_artnet_parser fuzz_receive_path fuzz_state_json fuzz_mapping_engine fuzz_sacn_parser fuzz_sacn_merger fuzz_recording)
# FUZZ_ONLY="a b" runs only those harnesses (e.g. to give new ones a longer run).
read -r -a harnesses <<<"${FUZZ_ONLY:-${all_harnesses[*]}}"
for h in "${harnesses[@]}"; do
  cp -r "Tests/Fuzz/corpus/$h" "$scratch/$h"
  args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$scratch/$h-")
  [ -n "${dict[$h]:-}" ] && args+=(-dict="${dict[$h]}")
  [ -n "$runs" ] && args+=(-runs="$runs")
  rc=0
  "$bin/$h" "${args[@]}" "$scratch/$h" >"$scratch/$h.log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$h.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$scratch/$h.log" | tail -1)
  crashes=$(find "$scratch" -maxdepth 1 -name "$h-*" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi   # died without writing an input
  printf '%-22s %12s %10s %8s\n' "$h" "${execs:-?}" "${rate:-?}" "$crashes"
  if [ "$crashes" -ne 0 ]; then
    failed=1
    crashed=$((crashed + 1))
    find "$scratch" -maxdepth 1 -name "$h-*" -type f -exec cp {} "$artifacts/" \;
    cp "$scratch/$h.log" "$artifacts/$h.log"
    echo "---- $h (exit $rc): last lines of the log; inputs and log in $artifacts/" >&2
    grep -v '^#[0-9]' "$scratch/$h.log" | tail -40 >&2
  fi
done
# The plain closing line CI reads as a test summary.
echo "fuzz: $(( ${#harnesses[@]} - crashed )) passed, $crashed failed"
exit "$failed"
