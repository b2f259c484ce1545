#!/usr/bin/env bash
# Runs a Windows test program under Wine (with a display, xvfb-run) in a private network namespace.
# Wine's sockets are made by the wineserver of the prefix, not by the program: a wineserver started
# outside the namespace (by an earlier test) would open them on the machine's network. So wait for
# any wineserver of this WINEPREFIX to end first; the one the program starts then lives inside.
#   wine_private_netns.sh WINE PROGRAM.exe [ARGS...]
set -euo pipefail
here=$(dirname "$0")
wine=$1
shift
wineserver=$(dirname "$wine")/wineserver
[ -x "$wineserver" ] || wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] && "$wineserver" -w || true
exec "$here/private_netns.sh" xvfb-run -a "$wine" "$@"
