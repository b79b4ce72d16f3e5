#!/bin/sh
# Start the built desktop app on an X display, wait for its window, then close it.
# Run under a virtual display on servers:  xvfb-run -a sh packaging/linux/gui_smoke.sh PROGRAM [SHOT.xwd]
# Exit 0 when a "Placement Journal" window appeared within 30 s, 1 otherwise.
set -u
PROGRAM=$1
SHOT=${2:-}
LOG=$(mktemp)
STARTED=$(date +%s.%N)

"$PROGRAM" >"$LOG" 2>&1 &
APP=$!
found=""
i=0
while [ $i -lt 300 ]; do
    if ! kill -0 "$APP" 2>/dev/null; then
        break
    fi
    # A titled, full-size window (Qt also keeps tiny hidden helper windows with the app's name).
    found=$(xwininfo -root -tree 2>/dev/null \
        | grep -m1 -E '"[^"]*Placement Journal[^"]*":.* [0-9]{3,}x[0-9]{3,}[+-]' || true)
    [ -n "$found" ] && break
    sleep 0.1
    i=$((i + 1))
done
if [ -n "$found" ]; then
    took=$(awk -v a="$STARTED" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    echo "GUI window up after ${took} s: $(echo "$found" | sed 's/^ *0x[0-9a-f]* //')"
    if [ -n "$SHOT" ]; then
        sleep 1  # let it finish painting before the screenshot
        xwd -root -silent -out "$SHOT" 2>/dev/null
    fi
fi
kill "$APP" 2>/dev/null
wait "$APP" 2>/dev/null
if [ -z "$found" ]; then
    echo "The desktop app showed no window. Its output:" >&2
    cat "$LOG" >&2
    rm -f "$LOG"
    exit 1
fi
rm -f "$LOG"
