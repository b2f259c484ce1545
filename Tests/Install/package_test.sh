#!/usr/bin/env bash
# The Debian package, as a new machine gets it: CPack builds the .deb from this build dir (the
# binaries are reused, not rebuilt), then
#  - the control fields: name, the project version; Depends names the package of every library the
#    packaged binaries link (readelf -d NEEDED), plus the X11 libraries JUCE opens with dlopen;
#  - dpkg -x into a scratch root: the VST3 bundle with its .so, the LV2 bundle with manifest.ttl,
#    the app, the desktop entry and its icon, the manual; nothing outside /usr; binaries stripped;
#  - the extracted app prints the version, lilv (lv2info) finds the LV2 plugin, and the host
#    validation tool (JUCE's VST3PluginFormat) scans and instantiates the extracted VST3 bundle;
#  - dpkg --root installs it into an empty dpkg database and removes it leaving no file behind.
#   package_test.sh BUILD_DIR VERSION LV2_URI HOST_VALIDATION [XVFB_RUN]
set -euo pipefail
build=$1 version=$2 uri=$3 validation=$4 xvfb=${5:-}
for tool in cpack dpkg-deb dpkg-shlibdeps dpkg; do
  command -v "$tool" > /dev/null || { echo "SKIPPED: $tool is not installed (dpkg-dev for dpkg-shlibdeps)"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# --- build the package (CPack's own staging lives in $work, not in the build dir's package/)
start=$(date +%s)
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack"; }
arch=$(dpkg --print-architecture)
deb="$work/pkg/dmx-in_${version}_${arch}.deb"
[ -f "$deb" ] || { ls -l "$work/pkg"; fail "no $deb"; }
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB, built in $(( $(date +%s) - start )) s"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = dmx-in ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), expected the project version $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "Depends: $depends"
depends_names=" $(sed 's/ *([^)]*)//g; s/,/ /g' <<< "$depends" | tr -s ' ') "   # package names only
# Opened with dlopen by JUCE, so dpkg-shlibdeps cannot see them: cmake/Package.cmake lists them.
for pkg in libx11-6 libxext6; do
  [[ "$depends_names" == *" $pkg "* ]] || fail "Depends lacks $pkg (dlopen'ed by JUCE, listed by hand)"
done

root="$work/root"
dpkg -x "$deb" "$root"
triplet="$(uname -m)-linux"

# Every library a packaged binary links (its NEEDED entries) must come from a package that Depends
# names. What they link depends on the JUCE: Debian's links the system libpng and libjpeg, a JUCE
# source tree compiles its own copies in, so the list comes from the binaries, not from here.
needed=$(for so in "$root/usr/bin/DMXIn" "$root/usr/lib/vst3/DMXIn.vst3/Contents/$triplet/DMXIn.so" \
                   "$root/usr/lib/lv2/DMXIn.lv2/libDMXIn.so"; do
           [ -f "$so" ] || fail "no $so in the package"
           readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
         done | sort -u)
grep -qx 'libc.so.6' <<< "$needed" || fail "readelf -d found no NEEDED libc.so.6 (found: $(tr '\n' ' ' <<< "$needed"))"
checked=()
for soname in $needed; do
  # The package that ships the library: dpkg -S with a pattern, then the exact file name (usrmerge:
  # the package may list it under /lib or /usr/lib).
  # A line is "pkg[:arch][, pkg[:arch]...]: /path".
  owners=$(dpkg -S "*/$soname" 2>/dev/null | awk -v n="/$soname" 'substr($0, length($0) - length(n) + 1) == n' | sed 's/: [^ ]*$//' \
           | tr ',' '\n' | sed 's/^ *//; s/:.*//' | sort -u || true)
  [ -n "$owners" ] || fail "no installed package ships $soname, which a packaged binary links"
  found=
  for pkg in $owners; do [[ "$depends_names" == *" $pkg "* ]] && found=$pkg; done
  [ -n "$found" ] || fail "a packaged binary links $soname (from $(tr '\n' ' ' <<< "$owners")), Depends does not name its package"
  checked+=("$soname:$found")
done
echo "Depends covers every NEEDED library: ${checked[*]}"

# --- the file list
expect=(
  usr/bin/DMXIn
  "usr/lib/vst3/DMXIn.vst3/Contents/$triplet/DMXIn.so"
  usr/lib/lv2/DMXIn.lv2/manifest.ttl
  usr/lib/lv2/DMXIn.lv2/dsp.ttl
  usr/lib/lv2/DMXIn.lv2/libDMXIn.so
  usr/share/applications/org.dmxin.DMXIn.desktop
  usr/share/icons/hicolor/scalable/apps/dmxin.svg
  usr/share/icons/hicolor/256x256/apps/dmxin.png
  usr/share/doc/dmx-in/manual.md
  usr/share/doc/dmx-in/README.md
  usr/share/doc/dmx-in/presets/default.json
)
for f in "${expect[@]}"; do
  [ -f "$root/$f" ] || { (cd "$root" && find . -type f | sort); fail "the package has no /$f"; }
done
[ -x "$root/usr/bin/DMXIn" ] || fail "/usr/bin/DMXIn is not executable"
outside=$(cd "$root" && find . -mindepth 1 -maxdepth 1 ! -name usr)
[ -z "$outside" ] || fail "files outside /usr: $outside"
[ ! -e "$root/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo none)" ] || fail "plugins went into the multiarch libdir, hosts do not look there"
echo "files: $(cd "$root" && find . -type f | wc -l) (every expected one present)"
for so in "$root/usr/bin/DMXIn" "$root/usr/lib/vst3/DMXIn.vst3/Contents/$triplet/DMXIn.so" "$root/usr/lib/lv2/DMXIn.lv2/libDMXIn.so"; do
  sections=$(readelf -S "$so")   # (captured: "readelf | grep -q" would fail by SIGPIPE under pipefail)
  ! grep -q '\.debug_info' <<< "$sections" || fail "$so is not stripped"
done

# The desktop entry starts the installed app and names an installed icon.
desktop="$root/usr/share/applications/org.dmxin.DMXIn.desktop"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
icon_name=$(sed -n 's/^Icon=//p' "$desktop")
[ -x "$root/usr/bin/$exec_name" ] || fail "Exec=$exec_name is not in /usr/bin"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon_name.svg" ] || fail "Icon=$icon_name has no icon file"
grep -q '^Type=Application$' "$desktop" && grep -q '^Name=DMX In$' "$desktop" || fail "desktop entry fields"

# --- what a host sees
got=$(env -u DISPLAY "$root/usr/bin/DMXIn" --version)
[ "$got" = "DMX In $version" ] || fail "the packaged app says \"$got\""
echo "packaged app: $got"
# With nothing mapped, the packaged app names the packaged factory presets (found from its own folder).
env -u DISPLAY "$root/usr/bin/DMXIn" --headless --bind 127.0.0.1 --port 0 --no-share --seconds 1 > "$work/none.log" 2>&1 \
  || { cat "$work/none.log"; fail "the packaged app without a preset"; }
grep -qF "(factory presets: $root/usr/share/doc/dmx-in/presets/default.json" "$work/none.log" \
  || { cat "$work/none.log"; fail "the packaged app does not name its packaged presets"; }
echo "packaged app with no mapping: names /usr/share/doc/dmx-in/presets of the package"

if command -v lv2info > /dev/null; then
  LV2_PATH="$root/usr/lib/lv2" lv2info "$uri" > "$work/lv2info" 2>&1 || { cat "$work/lv2info"; fail "lv2info $uri"; }
  grep -q "Name: *DMX In" "$work/lv2info" || { head -n 20 "$work/lv2info"; fail "lilv does not find DMX In in the packaged bundle"; }
  echo "lv2info: finds \"DMX In\" ($uri) in /usr/lib/lv2 of the package"
else
  echo "lv2info: not installed, LV2 scan not checked"
fi

scan=("$validation" --vst3 "$root/usr/lib/vst3/DMXIn.vst3" "scan and instantiate from disk")
[ -n "$xvfb" ] && scan=("$xvfb" -a -s "-screen 0 1280x1024x24" "${scan[@]}")
"${scan[@]}" > "$work/scan" 2>&1 || { cat "$work/scan"; fail "the VST3 scan of the packaged bundle"; }
grep 'host_validation: VST3: "DMX In"' "$work/scan" || { cat "$work/scan"; fail "the scan did not report DMX In"; }
grep -q "$root/usr/lib/vst3/DMXIn.vst3" "$work/scan" || fail "the scan did not load the packaged bundle"
grep -q "host_validation: VST3: .*, version $version, " "$work/scan" || fail "the VST3 does not report version $version to the host"

# --- install and remove with dpkg in a private root (no maintainer scripts in this package)
inst="$work/inst"
mkdir -p "$inst/var/lib/dpkg/info" "$inst/var/lib/dpkg/updates"
touch "$inst/var/lib/dpkg/status" "$inst/var/lib/dpkg/available"
dpk=(dpkg --root="$inst" --force-not-root --force-depends --log=/dev/null)
"${dpk[@]}" -i "$deb" > "$work/dpkg" 2>&1 || { cat "$work/dpkg"; fail "dpkg -i"; }
status=$("${dpk[@]}" -s dmx-in)
grep -q '^Status: install ok installed' <<< "$status" || fail "dpkg does not list dmx-in as installed: $status"
[ -f "$inst/usr/lib/vst3/DMXIn.vst3/Contents/$triplet/DMXIn.so" ] || fail "dpkg -i did not install the VST3"
installed=$(find "$inst/usr" -type f | wc -l)
"${dpk[@]}" -r dmx-in > "$work/dpkg" 2>&1 || { cat "$work/dpkg"; fail "dpkg -r"; }
left=$(find "$inst" -mindepth 1 \( -path "$inst/var" -prune \) -o -print)
[ -z "$left" ] || fail "dpkg -r left behind: $left"
echo "dpkg --root: installed $installed files, removed them all"
echo "package_deb: OK"
