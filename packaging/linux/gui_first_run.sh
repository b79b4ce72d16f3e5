#!/bin/sh
# First launch as a new learner, by keyboard only: the set-up wizard to the main window.
# Run under a virtual display with an empty app home:
#   JOURNAL_APP_HOME=$(mktemp -d) xvfb-run -a sh packaging/linux/gui_first_run.sh PROGRAM [SHOT.png]
# Types into the real window with xdotool, copies the recovery key with the page's Copy
# button (read back with xclip) to answer "type group 3", and passes when the main window
# is up, the wizard is gone, the app is still running and the journal file exists.
# Exit 0 on success, 1 with the app's output otherwise.
set -u
PROGRAM=$1
SHOT=${2:-}
PASSPHRASE="purple tractors sing at dawn by the canal"
LOG=$(mktemp)
fail() {
    echo "First run failed: $*" >&2
    echo "The app's output:" >&2
    cat "$LOG" >&2
    kill "$APP" 2>/dev/null
    exit 1
}
window() {  # the id of a visible window whose title matches $1, waiting up to $2 tenths of a second
    n=0
    while [ "$n" -lt "$2" ]; do
        kill -0 "$APP" 2>/dev/null || fail "the app ended while waiting for \"$1\""
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1)
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.1
        n=$((n + 1))
    done
    return 1
}
keys() { xdotool key --clearmodifiers --delay 60 "$@"; sleep 0.4; }
type_text() { xdotool type --delay 20 "$1"; sleep 0.2; }

"$PROGRAM" >"$LOG" 2>&1 &
APP=$!
wizard=$(window "Set up Placement Journal" 300) || fail "no set-up window within 30 s"
xdotool windowactivate --sync "$wizard" 2>/dev/null || xdotool windowfocus --sync "$wizard"
sleep 0.5
keys Return                 # Welcome → Where to keep your journal
keys Return                 # the usual place → Choose a passphrase
type_text "$PASSPHRASE"
keys Tab
type_text "$PASSPHRASE"
keys Return                 # creates the journal (key derivation), then the recovery key page
sleep 3
keys alt+c                  # Copy the recovery key
key=$(xclip -o -selection clipboard 2>/dev/null | tr -d ' \r\n')
group=$(echo "$key" | cut -d- -f3)
[ -n "$group" ] || fail "the recovery key could not be copied (clipboard: \"$key\")"
keys alt+w                  # I have written it down
keys alt+3                  # type group 3 of your key
type_text "$group"
keys Return                 # → About you
type_text "Sam Learner"
keys Return                 # → Your assessment criteria
keys Return                 # Finish
main=""
n=0
while [ "$n" -lt 150 ]; do
    kill -0 "$APP" 2>/dev/null || fail "the app quit after the wizard instead of opening the journal"
    if [ -z "$(xdotool search --onlyvisible --name 'Set up Placement Journal' 2>/dev/null)" ]; then
        main=$(xwininfo -root -tree 2>/dev/null \
            | grep -m1 -E '"[^"]*Placement Journal[^"]*":.* [0-9]{3,}x[0-9]{3,}[+-]' | grep -v Unlock || true)
        [ -n "$main" ] && break
    fi
    sleep 0.1
    n=$((n + 1))
done
[ -n "$main" ] || fail "no main window after finishing the wizard"
echo "Main window up after the wizard: $(echo "$main" | sed 's/^ *0x[0-9a-f]* //')"
if [ -n "$SHOT" ]; then
    sleep 1
    import -window root "$SHOT" 2>/dev/null || true
fi
sleep 1
kill -0 "$APP" 2>/dev/null || fail "the app ended on its own after showing the main window"
journal=$(find "${JOURNAL_APP_HOME:-$HOME}" -name '*.pjournal' 2>/dev/null | head -1)
[ -n "$journal" ] || fail "no journal file was created"
echo "Journal created: $(basename "$journal")"
kill "$APP" 2>/dev/null
wait "$APP" 2>/dev/null
rm -f "$LOG"
exit 0
