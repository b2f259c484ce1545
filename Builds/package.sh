#!/usr/bin/env bash
# Builds the Debian package of DMX In: installs what is missing, builds the default preset, and runs
# CPack in Builds/out. Prints the package's path, its control fields and its file list.
#   Builds/package.sh            -> Builds/out/package/dmx-in_<version>_<arch>.deb
# Install it with: sudo apt install ./Builds/out/package/dmx-in_*.deb   (remove: sudo apt remove dmx-in)
set -euo pipefail
cd "$(dirname "$0")/.."

Builds/install-deps.sh
cmake --preset default
cmake --build --preset default   # everything: CPack builds the "all" target before it installs anyway

out=Builds/out/package
rm -rf "$out/_CPack_Packages"
# -G DEB with the config CMake wrote; CPack installs the default build's files into its staging
# folder (stripped) and runs dpkg-shlibdeps on every binary for Depends.
cpack --config Builds/out/CPackConfig.cmake -G DEB -B "$out"
deb=$(ls -t "$out"/dmx-in_*.deb | head -n1)
echo "DMX In: package $deb"
dpkg-deb --field "$deb"
dpkg-deb --contents "$deb" | awk '{print $6}' | grep -v '/$'
