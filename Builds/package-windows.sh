#!/usr/bin/env bash
# The Windows download: Builds/out-win/package/DMXIn-<version>-windows-x64.zip with the VST3 bundle,
# DMXIn.exe, the factory presets, the manual and INSTALL-Windows.txt. Builds first
# (Builds/build-windows.sh); the zip is written by CMake itself (cmake -E tar --format=zip).
set -euo pipefail
cd "$(dirname "$0")/.."
Builds/build-windows.sh
version=$(sed -n 's/^project(DmxIn VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
artefacts=Builds/out-win/DmxIn_artefacts/RelWithDebInfo
name=DMXIn-$version-windows-x64
stage=Builds/out-win/package/$name
rm -rf "$stage" "$stage.zip"
mkdir -p "$stage/presets" "$stage/docs"
cp -r "$artefacts/VST3/DMXIn.vst3" "$stage/"
cp "$artefacts/Standalone/DMXIn.exe" "$stage/"
cp Resources/presets/*.json "$stage/presets/"
cp README.md Resources/windows/INSTALL-Windows.txt "$stage/"
cp Resources/docs/*.md Resources/docs/*.png "$stage/docs/"
# Release binaries without the debug sections (RelWithDebInfo keeps them for the tests' backtraces).
x86_64-w64-mingw32-strip "$stage/DMXIn.exe" "$stage/DMXIn.vst3/Contents/x86_64-win/DMXIn.vst3"
(cd "$(dirname "$stage")" && cmake -E tar cf "$name.zip" --format=zip "$name")
echo "DMX In: $(dirname "$stage")/$name.zip ($(du -h "$stage.zip" | cut -f1))"
