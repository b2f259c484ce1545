#!/usr/bin/env bash
# Module unload, for real: dmxin_module_unload loads the built VST3 (JUCE's VST3PluginFormat) and
# LV2 (JUCE's LV2PluginFormat, lilv) from disk, creates instances, feeds them Art-Net, destroys
# them and unloads the library, CYCLES times each, checking after every unload that the library
# is no longer mapped and that threads, fds and sockets are back to the baseline. Three cases,
# each in its own network namespace (only loopback), on the default ports 6454/5568 that the
# instances' default network settings use:
#   alone     no other DMX In: the plugin's receiver binds the ports itself;
#   follower  a headless DMX In leads the ports: the plugin follows it, then unloads;
#   leader    the plugin leads and a follower process stays attached across the unloads;
#   two_lv2   two LV2 bundles of DMX In installed (a copy found first, then the build): a lilv
#             host takes the plugin from one and often the editor from the other; the LV2 editor is
#             opened every cycle (needs xvfb-run; 40 cycles).
#   module_unload_test.sh TEST VST3 LV2 LV2_URI APP PROBE [CYCLES]
set -euo pipefail
test_bin=$1 vst3=$2 lv2=$3 lv2_uri=$4 app=$5 probe=$6 cycles=${7:-200}

if [ "${DMXIN_UNLOAD_CASE:-}" = "" ]; then
    unshare -n true 2>/dev/null || { echo "module_unload: needs unshare -n (root or user namespaces); skipped"; exit 77; }
    for c in alone follower leader two_lv2; do
        echo "=== case: $c"
        DMXIN_UNLOAD_CASE=$c unshare -n "$0" "$@" || exit 1
    done
    echo "module_unload: all cases passed"
    exit 0
fi

# Inside the case's own network namespace from here on.
ip link set lo up
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL ($DMXIN_UNLOAD_CASE): $*"; for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done; exit 1; }
wait_for() {   # FILE PATTERN
    for _ in $(seq 150); do grep -q -- "$1" "$2" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
# The host must load exactly these bundles: no installed copy from a HOME or LV2_PATH.
export HOME="$work/home" LV2_PATH="$(dirname "$lv2")"
mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY

case $DMXIN_UNLOAD_CASE in
follower)
    "$app" --headless --status-every 0.2 --seconds 3600 > "$work/leader.log" 2>&1 &
    pids+=($!)
    wait_for "status: sharing: local leader for 0 other programs" "$work/leader.log" || fail "the headless DMX In did not lead"
    ;;
leader)
    "$probe" --follow 3600 --universe 0:0:1 > "$work/follower.log" 2>&1 &
    pids+=($!)
    ;;
esac

runner=()
command -v xvfb-run > /dev/null && runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
if [ "$DMXIN_UNLOAD_CASE" = two_lv2 ]; then
    [ ${#runner[@]} -gt 0 ] || { echo "module_unload (two_lv2): skipped, needs xvfb-run for the editor"; exit 0; }
    mkdir -p "$work/copy"
    cp -r "$lv2" "$work/copy/"
    export LV2_PATH="$work/copy"
    args=(--lv2 "$lv2" --lv2-copy "$work/copy/$(basename "$lv2")" --lv2-uri "$lv2_uri" --cycles 40 --instances 1 --lv2-editor on)
else
    # Both formats at once in every cycle (two copies of the module in one process); the VST3
    # editor is opened and closed each cycle when a display can be had.
    args=(--vst3 "$vst3" --lv2 "$lv2" --lv2-uri "$lv2_uri" --cycles "$cycles" --instances 2)
    [ ${#runner[@]} -gt 0 ] && args+=(--editor on)
fi
"${runner[@]}" "$test_bin" "${args[@]}" > "$work/unload.out" 2>&1 &
runner_pid=$!
rc=0
wait $runner_pid || rc=$?
grep -v "two copies of DMX In are installed" "$work/unload.out" || true
[ $rc -eq 0 ] || fail "dmxin_module_unload exited with $rc$([ $rc -gt 128 ] && echo " (signal $((rc - 128)))")"
tpid=$(sed -n 's/^module_unload: .*, pid \([0-9]*\), .*/\1/p' "$work/unload.out")
[ -n "$tpid" ] || fail "no pid line"
case $DMXIN_UNLOAD_CASE in
follower)   # the plugin followed the headless leader (it lists the test's pid as a follower)
    grep -q "local leader for [0-9]* other programs\? (pids\? \(.*, \)\?$tpid[,)]" "$work/leader.log" \
        || fail "the plugin never followed the headless leader"
    ;;
leader)     # the plugin led: the attached follower was welcomed by the test's pid every cycle
    welcomed=$(grep -c "^welcome from pid $tpid$" "$work/follower.log" || true)
    echo "module_unload: the attached follower was welcomed by the plugin's receiver $welcomed time(s)"
    [ "$welcomed" -ge "$cycles" ] || fail "the follower was welcomed by pid $tpid $welcomed time(s), expected >= $cycles"
    ;;
two_lv2)    # the mismatched pairing happened, and that editor refused the other copy's plugin
    refused=$(grep -c "two copies of DMX In are installed" "$work/unload.out" || true)
    echo "module_unload: the editor of one copy refused the plugin of the other in $refused of 40 cycles"
    [ "$refused" -ge 1 ] || fail "the host never paired one copy's editor with the other's plugin: the case tested nothing"
    ;;
esac
echo "module_unload ($DMXIN_UNLOAD_CASE): passed"
