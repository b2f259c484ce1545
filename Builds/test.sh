#!/usr/bin/env bash
# The test command: installs what is missing, builds everything, runs every test with ctest.
#   Builds/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

Builds/install-deps.sh
start=$(date +%s)
cmake --preset default
cmake --build --preset default
echo "DMX In: build took $(( $(date +%s) - start )) s"
ctest --preset default
