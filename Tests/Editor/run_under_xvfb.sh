#!/bin/sh
# Runs a JUCE GUI test binary on a private virtual X display. Exit 77 (skipped) without Xvfb.
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v Xvfb >/dev/null 2>&1; then
    echo "xvfb-run / Xvfb not installed: editor tests skipped"
    exit 77
fi
exec xvfb-run -a -s "-screen 0 1600x1200x24 -nolisten tcp" "$@"
