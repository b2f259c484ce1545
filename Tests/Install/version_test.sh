#!/usr/bin/env bash
# One version everywhere: the CMake project version must be what the standalone's --version prints
# and what the VST3 (moduleinfo.json) and LV2 (dsp.ttl minor/micro version) bundles declare.
#   version_test.sh APP VERSION VST3_BUNDLE LV2_BUNDLE
set -euo pipefail
app=$1 version=$2 vst3=$3 lv2=$4
fail() { echo "FAIL: $*"; exit 1; }
unset DISPLAY WAYLAND_DISPLAY

got=$("$app" --version)
echo "--version: $got"
[ "$got" = "DMX In $version" ] || fail "--version printed \"$got\", the project version is $version"

# --help names the same binary that is installed, and exits 0.
"$app" --help | grep -q "^usage: DMXIn " || fail "--help has no usage line for DMXIn"

IFS=. read -r major minor micro <<< "$version"
ttl="$lv2/dsp.ttl"
[ -f "$ttl" ] || fail "no $ttl"
lv2minor=$(sed -n 's/.*lv2:minorVersion *\([0-9]*\).*/\1/p' "$ttl" | head -n1)
lv2micro=$(sed -n 's/.*lv2:microVersion *\([0-9]*\).*/\1/p' "$ttl" | head -n1)
echo "LV2: minorVersion $lv2minor, microVersion $lv2micro"
[ "$lv2minor" = "$minor" ] && [ "$lv2micro" = "$micro" ] || fail "LV2 declares $lv2minor.$lv2micro, expected $minor.$micro"

info="$vst3/Contents/Resources/moduleinfo.json"
if [ -f "$info" ]; then
  grep -q "\"Version\": *\"$version\"" "$info" || fail "$info does not declare Version $version: $(grep -i version "$info" | head -n3)"
  echo "VST3 moduleinfo.json: Version $version"
else
  # JUCE builds without moduleinfo.json: the version is in the binary's factory info.
  so=$(ls "$vst3"/Contents/*-linux/*.so | head -n1)
  # (not "strings | grep -q": grep quitting early fails the pipeline under pipefail)
  [ "$(strings -a "$so" | grep -cx "$version")" -gt 0 ] || fail "$so does not contain the version string $version"
  echo "VST3 binary: contains $version"
fi
echo "version: OK ($version)"
