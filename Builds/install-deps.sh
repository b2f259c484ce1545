#!/usr/bin/env bash
# Installs, with apt-get, every Debian 12 package DMX In needs to build, run and test, and only
# those that are missing. Run as root (the README's commands do); otherwise it says what to install.
set -euo pipefail

packages=(
  # toolchain; dpkg-dev: dpkg-shlibdeps computes the .deb's Depends (Builds/package.sh, package_deb test)
  build-essential cmake ninja-build ccache pkg-config git dpkg-dev
  # JUCE 7.0.5 and what its modules link on Linux
  juce-modules-source libasound2-dev libjack-jackd2-dev libx11-dev libxrandr-dev libxinerama-dev
  libxcursor-dev libxext-dev libfontconfig1-dev libfreetype-dev libpng-dev libjpeg-dev
  # Core and tests
  nlohmann-json3-dev catch2 libbenchmark-dev
  # libFuzzer harnesses and the sanitizer runtimes (Builds/fuzz.sh)
  clang-14 libclang-rt-14-dev
  # real peers and checks used by the tests: OLA as an Art-Net sender, lilv for the LV2 bundle,
  # Xvfb for the editor, network namespaces (iproute2, util-linux), tshark to decode what DMX In sends
  ola lilv-utils xvfb x11-apps imagemagick iproute2 util-linux procps tshark
  # ola_receiver: jq rewrites the shipped preset's destinations, curl reads olad's HTTP /get_dmx
  # (this OLA has no ola_fetch_dmx)
  jq curl
  # real hosts: Ardour 7 (ardour7-lua headless, and its GUI under Xvfb driven by xdotool; xdotool
  # also drives Builds/screenshots.sh)
  ardour xdotool
  # fixture-profile exports: QLC+ 4.12 loads the exported .qxf in a test; xmllint and unzip
  # check the exported XML and the GDTF zip from the standalone test
  qlcplus libxml2-utils unzip
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "DMX In: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "DMX In: not root; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
