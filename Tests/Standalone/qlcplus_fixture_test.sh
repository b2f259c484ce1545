#!/usr/bin/env bash
# The exported QLC+ fixture loads in QLC+ 4.12 (Debian's qlcplus) and patches at the right address:
# the standalone exports a .qxf; QLC+ opens a workspace that patches "DMX In"/<model>/<mode> at
# address 10 and finds the definition beside the workspace (its fallback for fixtures that are not
# installed). QLC+ has no headless "validate" switch, so the test reads its debug log:
#   - the file as exported: no "Failed to load definition" and no generic-dimmer fallback (which
#     would add intensity channels, logged as "updateIntensityChannelsRanges");
#   - the same file with its channels' group switched to Intensity: QLC+ logs one intensity range
#     per contiguous block of mapped channels at their offsets (10 | 12-13 | 20 -> 3 ranges), which
#     shows it read every channel and the mode's order;
#   - controls: a wrong mode name and a wrong model are noticed (fallback / failed load).
# QLC+ starts its I/O plugins, so it runs in a private network namespace (unshare -n).
#   qlcplus_fixture_test.sh APP
set -euo pipefail
app=$1
command -v qlcplus > /dev/null || { echo "qlcplus not installed: skipped"; exit 77; }
unshare -n true 2> /dev/null || { echo "unshare -n not permitted: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail() { echo "FAIL: $*"; exit 1; }

cat > "$work/rig.json" <<'JSON'
{"schema":1,"mappings":[
 {"name":"Cutoff","universe":"0:0:0","channel":10,"target":1},
 {"name":"Pitch","universe":"0:0:0","channel":12,"sixteenBit":true,"target":2},
 {"name":"Send","universe":"0:0:0","channel":20,"target":3}],
 "labels":{"1":"Filter cutoff"}}
JSON
# The export run opens the default network like any run: in a private namespace of its own.
unshare -n "$app" --headless --preset "$work/rig.json" --model "Test Rig" --export-qxf "$work/rig.qxf" > "$work/export.log" 2>&1 \
  || { cat "$work/export.log"; fail "export"; }
mode="Art-Net 0:0:0 (#1) @ 10"
grep -q "<Mode Name=\"$mode\">" "$work/rig.qxf" || fail "mode $mode not in the export"

mkdir -m 700 "$work/run" "$work/home"
# run_qlc MODEL MODE QXF: QLC+ opens a workspace patching MODEL/MODE at DMX address 10 of universe 1,
# with QXF beside it; prints the debug log lines that matter.
run_qlc() {
  local dir="$work/ws.$RANDOM"
  mkdir "$dir"
  cp "$3" "$dir/DMX-In-${1// /-}.qxf"
  cat > "$dir/ws.qxw" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Workspace>
<Workspace xmlns="http://www.qlcplus.org/Workspace" CurrentWindow="FixtureManager">
 <Creator><Name>Q Light Controller Plus</Name><Version>4.12.6</Version><Author>DMX In test</Author></Creator>
 <Engine>
  <Fixture>
   <Manufacturer>DMX In</Manufacturer><Model>$1</Model><Mode>$2</Mode>
   <ID>0</ID><Name>DAW</Name><Universe>0</Universe><Address>9</Address><Channels>11</Channels>
  </Fixture>
 </Engine>
</Workspace>
XML
  HOME="$work/home" XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen \
    timeout 8 unshare -n qlcplus -d 0 -o "$dir/ws.qxw" > "$dir/log" 2>&1 || true
  grep -E "Failed to load definition|updateIntensityChannelsRanges|Fixture not found" "$dir/log" || true
}

out=$(run_qlc "Test Rig" "$mode" "$work/rig.qxf")
echo "$out" | grep -q "Fixture not found. Fallback to: .*/DMX-In-Test-Rig.qxf" || fail "QLC+ did not look for the exported file: $out"
echo "$out" | grep -q "Failed to load definition" && fail "QLC+ refused the export: $out"
echo "$out" | grep -q "updateIntensityChannelsRanges" && fail "QLC+ fell back to a generic dimmer: $out"

sed 's/>Effect</>Intensity</' "$work/rig.qxf" > "$work/intensity.qxf"
out=$(run_qlc "Test Rig" "$mode" "$work/intensity.qxf")
echo "$out" | grep -q "updateIntensityChannelsRanges() : 3 ranges" || fail "channels not at 10 | 12-13 | 20: $out"

out=$(run_qlc "Test Rig" "Bogus mode" "$work/rig.qxf")
echo "$out" | grep -q "updateIntensityChannelsRanges" || fail "control: a wrong mode went unnoticed: $out"
out=$(run_qlc "Other Rig" "$mode" "$work/rig.qxf")
echo "$out" | grep -q "updateIntensityChannelsRanges" || fail "control: a wrong model went unnoticed: $out"
echo "qlcplus fixture: OK"
