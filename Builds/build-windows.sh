#!/usr/bin/env bash
# Cross-builds DMX In for 64-bit Windows with Debian's MinGW-w64 (preset `windows`, Builds/out-win);
# the tests then run under Wine: `ctest --preset windows` (Builds/test.sh --windows does both).
#   1. installs what is missing (apt-get);
#   2. builds libpng and libjpeg-turbo statically with MinGW from Debian's own source packages into
#      Builds/out-win-deps/mingw (once: skipped while that prefix holds them), and copies the
#      header-only nlohmann_json and Catch2 into Builds/out-win-deps/header-only;
#   3. creates a Wine prefix of our own, Builds/out-win-wine (once);
#   4. configures and builds the preset `windows` (ccache).
# That is DMXIn.vst3, DMXIn.exe and the Windows tests (Core, Net, the VST3 host, the headless app).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
deps=$root/Builds/out-win-deps
triple=x86_64-w64-mingw32
toolchain=$root/cmake/toolchains/mingw-w64-x86_64.cmake
export WINEPREFIX=$root/Builds/out-win-wine WINEDEBUG=-all
start=$(date +%s)

packages=(
  # the MinGW-w64 cross compiler (GCC 12, posix threads: std::thread, std::mutex) and Windows zlib for JUCE
  g++-mingw-w64-x86-64-posix libz-mingw-w64-dev
  # Wine runs the Windows tests (ctest's CMAKE_CROSSCOMPILING_EMULATOR); xvfb: tests that need JUCE's
  # message loop need a display under Wine
  wine wine64 xvfb
  # the build itself, on the build machine: CMake, Ninja, ccache; Debian's JUCE 7 (its juceaide runs
  # here); the header-only libraries copied for the cross build; dpkg-dev unpacks the source packages
  cmake ninja-build ccache juce-modules-source nlohmann-json3-dev catch2 dpkg-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "DMX In: installing ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || { echo "DMX In: not root; run: sudo apt-get install -y ${missing[*]}" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- libpng and libjpeg-turbo for JUCE's image loaders --------------------------------------------
# Debian's JUCE has its bundled libpng and libjpeg removed, and Debian has no MinGW builds of them:
# build the very sources Debian builds its own packages from. A private apt configuration (its own
# deb-src list, package lists and cache under Builds/out-win-deps/apt) leaves the system's untouched.
apt_private=(-o Dir::Etc::SourceList="$deps/apt/sources.list" -o Dir::Etc::SourceParts="$deps/apt/sources.list.d"
             -o Dir::State::Lists="$deps/apt/lists" -o Dir::Cache="$deps/apt/cache"
             -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)

fetch_sources() {
  local a=$deps/apt
  mkdir -p "$a/sources.list.d" "$a/lists/partial" "$a/cache/archives/partial"
  : > "$a/sources.list"
  # deb-src twins of the system's Debian entries (one-line and deb822 formats); other vendors'
  # repositories publish no sources.
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list >> "$a/sources.list"
  fi
  for f in /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)$/deb-src \1/p' "$f" >> "$a/sources.list"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         /URIs:[^\n]*debian/ && /Types:[^\n]*deb/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' \
        "$f" > "$a/sources.list.d/$(basename "$f")"
  done
  apt-get "${apt_private[@]}" -qq update
  rm -rf "$deps/src" && mkdir -p "$deps/src"
  fetch_source libpng1.6
  fetch_source libjpeg-turbo
}

# The newest version of a source package that the mirror really serves: a mirror can list a security
# update in its Sources index and still answer 404 for its files (seen for libpng1.6 1.6.39-2+deb12u6).
fetch_source() {
  local pkg=$1 v newest=""
  for v in $(apt-cache "${apt_private[@]}" showsrc "$pkg" | sed -n 's/^Version: //p' | sort -u | sort -r -V); do
    newest=${newest:-$v}
    if (cd "$deps/src" && apt-get "${apt_private[@]}" -qq source "$pkg=$v" > "$deps/src/$pkg.log" 2>&1); then
      [ "$v" = "$newest" ] || echo "DMX In: WARNING: the mirror does not serve $pkg $newest; using $v" >&2
      echo "DMX In: $pkg $v from Debian's source package" | tee -a "$deps/src/$pkg.log"
      return 0
    fi
    rm -f "$deps/src/${pkg}_"*
  done
  echo "DMX In: could not fetch the source package $pkg; its log:" >&2
  cat "$deps/src/$pkg.log" >&2
  return 1
}

cross_cmake() {  # source dir, build dir, options...: a static MinGW build installed into $deps/mingw
  local src=$1 build=$2
  shift 2
  if ! { cmake -S "$src" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
               -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$deps/mingw" \
               -DCMAKE_C_COMPILER_LAUNCHER=ccache "$@" \
          && nice cmake --build "$build" -j 2 && cmake --install "$build"; } > "$build.log" 2>&1; then
    echo "DMX In: building $(basename "$src") for Windows failed; the end of $build.log:" >&2
    tail -n 30 "$build.log" >&2
    exit 1
  fi
}

# Built once; .complete is written last, so an interrupted or failed build starts again.
if [ -f "$deps/mingw/.complete" ]; then
  echo "DMX In: libpng and libjpeg-turbo for Windows: already in $deps/mingw"
else
  echo "DMX In: building libpng and libjpeg-turbo for Windows from Debian's source packages"
  t=$(date +%s)
  rm -rf "$deps/mingw" "$deps/build"
  mkdir -p "$deps/build"
  fetch_sources
  png_src=$(ls -d "$deps"/src/libpng1.6-*/ | head -n 1)
  jpeg_src=$(ls -d "$deps"/src/libjpeg-turbo-*/ | head -n 1)
  cross_cmake "$png_src" "$deps/build/libpng" -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF \
              -DPNG_EXECUTABLES=OFF -DSKIP_INSTALL_PROGRAMS=ON -DSKIP_INSTALL_FILES=ON
  # No SIMD: it needs nasm, and JUCE only decodes the odd embedded JPEG.
  cross_cmake "$jpeg_src" "$deps/build/libjpeg-turbo" -DENABLE_SHARED=OFF -DENABLE_STATIC=ON \
              -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF
  # JUCE's JPEG loader defines JPEG_INTERNALS, so jpeglib.h includes jpegint.h: install it too.
  cp "$jpeg_src/jpegint.h" "$deps/mingw/include/"
  # JUCE includes jpeglib.h inside a namespace after <windows.h>, whose rpcndr.h has already declared
  # ::boolean; libjpeg-turbo's Windows jconfig.h then skips its own typedef ("#ifndef __RPCNDR_H__"),
  # no jpeglibNamespace::boolean exists and JUCE's `using jpeglibNamespace::boolean` fails. Declare it
  # whatever was included first; the type is the one the library was compiled with (unsigned char).
  sed -i '/^#ifndef __RPCNDR_H__/{N;N;s/^#ifndef __RPCNDR_H__[^\n]*\n\(typedef unsigned char boolean;\)\n#endif/\1  \/* DMX In: always, see Builds\/build-windows.sh *\//}' \
      "$deps/mingw/include/jconfig.h"
  if grep -q __RPCNDR_H__ "$deps/mingw/include/jconfig.h"; then
    echo "DMX In: jconfig.h of libjpeg-turbo changed: fix its boolean typedef by hand" >&2
    exit 1
  fi
  grep -h "DMX In: .* from Debian's source package" "$deps/src/"*.log > "$deps/mingw/.complete" || true
  echo "DMX In: libpng and libjpeg-turbo took $(( $(date +%s) - t )) s"
fi

# --- header-only libraries: a prefix of their own -------------------------------------------------
# The cross build must never search the build machine's /usr (glibc headers would come in), so the
# headers and CMake configurations of nlohmann_json and Catch2 are copied. Catch2's prebuilt Linux
# libCatch2WithMain.a (Catch2Targets-none.cmake) is left behind: we link our own Catch main.
hdr=$deps/header-only
stamp="nlohmann-json3-dev $(dpkg-query -W -f='${Version}' nlohmann-json3-dev) catch2 $(dpkg-query -W -f='${Version}' catch2)"
if [ "$(cat "$hdr/.versions" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$hdr"
  mkdir -p "$hdr/include" "$hdr/share/cmake" "$hdr/lib/cmake/Catch2"
  cp -r /usr/include/nlohmann /usr/include/catch2 "$hdr/include/"
  cp -r /usr/share/cmake/nlohmann_json "$hdr/share/cmake/"
  find /usr/lib/cmake/Catch2 -maxdepth 1 -name '*.cmake' ! -name 'Catch2Targets-*.cmake' \
       -exec cp {} "$hdr/lib/cmake/Catch2/" \;
  echo "$stamp" > "$hdr/.versions"
fi

# --- a Wine prefix of our own -----------------------------------------------------------------------
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "DMX In: creating the Wine prefix $WINEPREFIX"
  # "failed to open syswow64\rundll32.exe" is harmless: Debian's wine64 has no 32-bit half here.
  wineboot -i > "$deps/wineboot.log" 2>&1 || { cat "$deps/wineboot.log" >&2; exit 1; }
  wineserver -w
fi

# --- DMX In -------------------------------------------------------------------------------------------
t=$(date +%s)
cmake --preset windows
nice cmake --build --preset windows
echo "DMX In: build (windows) took $(( $(date +%s) - t )) s; build-windows.sh took $(( $(date +%s) - start )) s"
