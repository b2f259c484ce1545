#!/usr/bin/env bash
# The manual's "Command line" block is the app's real --help, verbatim, and every app flag the
# manual or the README mentions exists (the app's parser accepts it, not only the help text).
#   help_sync_test.sh APP            check
#   help_sync_test.sh APP --update   rewrite the manual's block from APP --help (after adding flags)
# The block sits between the two marker lines below in Resources/docs/manual.md, inside a fence.
set -euo pipefail
app=$1 mode=${2:-check}
repo=$(cd "$(dirname "$0")/../.." && pwd)
manual="$repo/Resources/docs/manual.md" readme="$repo/README.md"
begin='<!-- BEGIN DMXIn --help (kept in sync by Tests/Docs/help_sync_test.sh) -->'
end='<!-- END DMXIn --help -->'
unset DISPLAY WAYLAND_DISPLAY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$app" --help > "$work/help" 2> "$work/help.err"
[ -s "$work/help" ] || fail "$app --help printed nothing"
# --help and --version open nothing (no audio device, no MIDI): they print their text and nothing
# else, not even a library's complaint about a missing device on stderr.
"$app" --version > "$work/version" 2> "$work/version.err"
for f in help version; do
  [ ! -s "$work/$f.err" ] || fail "--$f wrote to stderr: $(head -c 300 "$work/$f.err")"
done
[ "$(wc -l < "$work/version")" -eq 1 ] || fail "--version printed more than its line: $(cat "$work/version")"
grep -qxF "$begin" "$manual" && grep -qxF "$end" "$manual" || fail "the manual lacks the marker lines:
$begin
$end"

if [ "$mode" = --update ]; then
  awk -v b="$begin" -v e="$end" -v help="$work/help" '
    $0 == b { print; print "```text"; while ((getline l < help) > 0) print l; print "```"; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$manual" > "$work/manual" && cp "$work/manual" "$manual"
  echo "updated the --help block in $manual"
fi

# The block as the manual has it (without the fence lines).
awk -v b="$begin" -v e="$end" '$0 == e { on = 0 } on && !/^```/ { print } $0 == b { on = 1 }' "$manual" > "$work/block"
if ! diff -u "$work/block" "$work/help" > "$work/diff"; then
  cat "$work/diff"
  fail "the manual's --help block differs from '$app --help' (- manual, + app). Update it with:
  $0 $app --update"
fi
echo "manual: the --help block matches the app ($(wc -l < "$work/help") lines)"

# Every flag of the help text is accepted by the parser: FLAG [VALUE] --version must print the
# version (an unknown flag exits 2 with "unknown argument"). A flag followed by an upper-case
# placeholder (FILE, N, ADDR ...) takes a value.
help_flags=$(grep -oE -- '--[a-z][a-z0-9-]*( [A-Z]+)?' "$work/help" | sort -u)
checked=0
while read -r flag value; do
  [ "$flag" = --help ] || [ "$flag" = --version ] && continue
  # A value the parser accepts for its placeholder: ADDR must be an IPv4 address (--bind x exits 2).
  args=("$flag")
  case $value in "") ;; ADDR) args+=(127.0.0.1) ;; *) args+=(1) ;; esac
  [ "$flag" = --loop ] && args=(--replay 1 --loop)   # --loop only means something with --replay
  out=$("$app" "${args[@]}" --version 2>&1) || fail "the app refuses $flag (documented in --help): $out"
  [[ "$out" == "DMX In "* ]] || fail "$flag: unexpected output: $out"
  checked=$((checked + 1))
done <<< "$help_flags"
echo "app: accepts every flag of its --help ($checked flags with and without values)"

# Every --flag the manual or README mentions is an app flag from --help, unless it belongs to one
# of the other commands they document (cmake, ctest, cpack, dpkg, firewall-cmd, Builds/*.sh, dmxin-play, the
# benchmarks, this script).
not_app_list=(--build --install --prefix --component --config --strip --target --test-dir --output-on-failure
         --fresh --quick --sanitize --juce --windows --long --update --root --force-depends --add-port
         --to --sacn --universes --rate)   # --to, --sacn: dmxin-play (Tests/Tools); --quick .. --long: Builds/test.sh,
                                           # Builds/fuzz.sh; --universes, --rate: dmxin-load, dmxin-output-load (Tests/Bench)
not_app=" ${not_app_list[*]} "
known=" $(grep -oE -- '--[a-z][a-z0-9-]*' "$work/help" | sort -u | tr '\n' ' ') "
missing=()
for f in $(grep -ohE -- '(^|[^a-z0-9-])--[a-z][a-z0-9-]*' "$manual" "$readme" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
  [[ "$known" == *" $f "* || "$not_app" == *" $f "* ]] || missing+=("$f")
done
[ ${#missing[@]} -eq 0 ] || fail "documented but not in the app's --help: ${missing[*]}"
echo "manual and README: every documented app flag exists"
echo "help_sync: OK"
