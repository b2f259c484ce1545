#!/usr/bin/env bash
# The LV2 bundle must be accepted by lilv (Debian's JUCE breaks the URI unless the build sets it)
# and must declare the 128 slot parameters plus dmxEnable.
#   lv2_bundle_test.sh LV2_DIR URI
set -euo pipefail
dir=$(cd "$1" && pwd) uri=$2
command -v lv2info > /dev/null || { echo "SKIPPED: lv2info (lilv-utils) is not installed"; exit 77; }
info=$(LV2_PATH="$dir" lv2info "$uri")
echo "$info" | head -n 12
grep -q "Name: *DMX In" <<< "$info" || { echo "FAIL: lilv does not know $uri"; exit 1; }
ttl="$dir/DMXIn.lv2/dsp.ttl"
params=$(grep -c 'a lv2:Parameter' "$ttl")
[ "$params" -eq 129 ] || { echo "FAIL: $params parameters declared, expected 129"; exit 1; }
grep -q '^plug:control001$' "$ttl" && grep -q '^plug:control128$' "$ttl" && grep -q '^plug:dmxEnable$' "$ttl" \
  || { echo "FAIL: parameter IDs missing"; exit 1; }
echo "lv2 bundle: OK ($params parameters)"
