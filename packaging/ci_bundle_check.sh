#!/bin/sh
# CI: build the Linux bundle and prove it works on a machine without Python or a display.
#
#   sh packaging/ci_bundle_check.sh
#
# 1. makes sure the build tools are in .venv, 2. `make package`, 3. runs the bundle's
# --self-test, and exports a long PDF pack with it (drawn in two processes), 4. prints its
# size and start-up times, 5. zips a portable copy and checks
# that, run from the zip, it writes nothing outside its own folder, 6. starts the desktop
# window under a virtual X display (Xvfb), when one is available or installable, and walks
# a new learner's first run by keyboard (xdotool) from the set-up wizard to the main window.
# Exits non-zero on the first failure. Takes about a minute on 2 cores.
set -eu
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
DIST=dist/PlacementJournal
PROGRAM=$DIST/journal-app
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

say() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A learner's machine has none of the developer's settings: no venv, no overrides.
clean_env() {
    env -u JOURNAL_APP_HOME -u JOURNAL_APP_FAST_KDF -u JOURNAL_APP_TEST_SUITE -u JOURNAL_PASSPHRASE -u PYTHONPATH -u PYTHONHOME \
        -u VIRTUAL_ENV "$@"
}

say "Build tools"
if [ ! -x "$PYTHON" ]; then
    make .venv/.installed
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    "$PYTHON" -m pip install --quiet -e ".[package]"
fi
"$PYTHON" -m PyInstaller --version

say "Build (make package)"
started=$(now)
make package
echo "build took $(since "$started") s"

say "Self-test of the built app"
clean_env "$PROGRAM" --self-test

say "A long PDF pack from the built app"
# Drawn in two processes: the second one is the built app started again.
clean_env "$PYTHON" packaging/long_pack_check.py "$PROGRAM"

say "Size and start-up time"
size_mib=$(du -sm "$DIST" | cut -f1)
files=$(find "$DIST" -type f | wc -l)
echo "bundle: $size_mib MiB in $files files ($DIST)"
for flag in --version --self-test; do
    started=$(now)
    clean_env "$PROGRAM" "$flag" >/dev/null
    first=$(since "$started")
    runs=""
    for _ in 1 2 3 4 5; do
        started=$(now)
        clean_env "$PROGRAM" "$flag" >/dev/null
        runs="$runs $(since "$started")"
    done
    median=$(echo "$runs" | tr ' ' '\n' | grep . | sort -n | sed -n 3p)
    echo "journal-app $flag: first run ${first} s, then median ${median} s (of 5)"
done

say "Portable copy"
started=$(now)
"$PYTHON" packaging/portable_zip.py "$DIST" "$WORK/portable.zip" >/dev/null
echo "portable zip: $(du -m "$WORK/portable.zip" | cut -f1) MiB, made in $(since "$started") s"
mkdir "$WORK/stick" "$WORK/profile"
"$PYTHON" packaging/portable_zip.py --extract "$WORK/portable.zip" "$WORK/stick" >/dev/null
PORTABLE=$WORK/stick/PlacementJournal/journal-app
[ -f "$WORK/stick/PlacementJournal/portable.txt" ] || { echo "portable.txt missing from the zip" >&2; exit 1; }
# Point the user profile at an empty folder: portable mode must leave it empty.
clean_env HOME="$WORK/profile" XDG_DATA_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME= XDG_CACHE_HOME= \
    "$PORTABLE" --self-test | sed -n '1p;$p'

say "Desktop window under Xvfb"
if ! command -v xvfb-run >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    # Xvfb, the window lister, and the X libraries Qt's xcb plugin needs (a desktop has them).
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth x11-utils xdotool xclip libxcb-cursor0 \
        libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxcb-shape0 \
        libxcb-randr0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 >/dev/null 2>&1 \
        || echo "could not install Xvfb here"
fi
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xwininfo >/dev/null 2>&1; then
    echo "SKIPPED: no Xvfb on this machine (install xvfb and x11-utils to check the window)."
    exit 0
fi
# A new learner's first run, by keyboard: the set-up wizard through to the main window
# (finishing the wizard once quit the app instead of opening the journal).
if command -v xdotool >/dev/null 2>&1 && command -v xclip >/dev/null 2>&1; then
    clean_env JOURNAL_APP_HOME="$WORK/gui-home" xvfb-run -a -s "-screen 0 1366x768x24" \
        sh packaging/linux/gui_first_run.sh "$PROGRAM"
else
    echo "first run by keyboard SKIPPED: install xdotool and xclip to drive the wizard"
    clean_env JOURNAL_APP_HOME="$WORK/gui-home" xvfb-run -a -s "-screen 0 1280x800x24" \
        sh packaging/linux/gui_smoke.sh "$PROGRAM"
fi
# The same from the portable copy, with an empty profile that must stay empty. No session
# bus for this run: where dbus-x11 is installed (accessibility tools bring it), Qt would
# autolaunch one, and that writes ~/.dbus into the profile whatever the app does.
clean_env HOME="$WORK/profile" XDG_DATA_HOME= XDG_CONFIG_HOME= XDG_STATE_HOME= XDG_CACHE_HOME= \
    DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-session-bus" NO_AT_BRIDGE=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" sh packaging/linux/gui_smoke.sh "$PORTABLE"
left=$(find "$WORK/profile" -mindepth 1 | head -5)
if [ -n "$left" ]; then
    echo "Portable mode wrote into the user profile:" >&2
    echo "$left" >&2
    exit 1
fi
echo "portable mode left the user profile untouched; data folder: $(ls "$WORK/stick/PlacementJournal/PlacementJournalData" | tr '\n' ' ')"

say "Bundle check passed"
