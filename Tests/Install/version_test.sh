#!/usr/bin/env bash
# One version everywhere: the CMake project version must be what the standalone's --version prints
# and what the VST3 (as a host reads it) and LV2 (dsp.ttl minor/micro version) bundles declare.
#   version_test.sh APP VERSION VST3_BUNDLE LV2_BUNDLE HOST_VALIDATION [XVFB_RUN]
set -euo pipefail
app=$1 version=$2 vst3=$3 lv2=$4 validation=$5 xvfb=${6:-}
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

# The VST3 declares it in its factory class info: ask a real VST3 host (JUCE's VST3PluginFormat in
# the host validation tool) what version it reads.
scan=("$validation" --vst3 "$vst3" "scan and instantiate from disk")
[ -n "$xvfb" ] && scan=("$xvfb" -a -s "-screen 0 1280x1024x24" "${scan[@]}")
out=$("${scan[@]}" 2>&1) || { echo "$out"; fail "the VST3 scan"; }
line=$(grep 'host_validation: VST3: "DMX In"' <<< "$out") || { echo "$out"; fail "the scan did not report DMX In"; }
echo "VST3 scan: $line"
[[ "$line" == *", version $version, "* ]] || fail "the VST3 reports another version than $version"
echo "version: OK ($version)"
