#!/usr/bin/env bash
# The main job: installs what is missing, builds, installs the VST3 to ~/.vst3 and the LV2 to
# ~/.lv2, then starts the standalone app with the default preset (a window when there is a
# display, otherwise headless with a printed live view). Extra arguments go to the app,
# e.g. Builds/run.sh --port 6455
set -euo pipefail
cd "$(dirname "$0")/.."

Builds/install-deps.sh
cmake --preset default
cmake --build --preset default --target DmxIn_VST3 DmxIn_LV2 DmxIn_Standalone

artefacts=Builds/out/DmxIn_artefacts/RelWithDebInfo
mkdir -p "$HOME/.vst3" "$HOME/.lv2"
rm -rf "$HOME/.vst3/DMXIn.vst3" "$HOME/.lv2/DMXIn.lv2"
cp -r "$artefacts/VST3/DMXIn.vst3" "$HOME/.vst3/"
cp -r "$artefacts/LV2/DMXIn.lv2" "$HOME/.lv2/"
echo "DMX In: installed $HOME/.vst3/DMXIn.vst3 and $HOME/.lv2/DMXIn.lv2"

exec "$artefacts/Standalone/DMXIn" --preset Resources/presets/default.json "$@"
