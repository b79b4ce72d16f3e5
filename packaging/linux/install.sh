#!/bin/sh
# Install Placement Journal for this user only: no root, no sudo.
#   ./install.sh      (run from the unpacked PlacementJournal folder)
# Program:  ~/.local/lib/placement-journal      Command: ~/.local/bin/journal-app
# Menu entry and icons under ~/.local/share. Your journals are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=$HOME/.local/lib/placement-journal
BIN_DIR=$HOME/.local/bin

if [ ! -x "$HERE/journal-app" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run this from the unpacked PlacementJournal folder." >&2
    exit 1
fi

echo "Installing Placement Journal into $APP_DIR"
mkdir -p "$HOME/.local/lib" "$BIN_DIR"
if [ "$HERE" != "$APP_DIR" ]; then
    # Copy the program only (not a portable marker or portable data), then swap it in whole.
    rm -rf "$APP_DIR.new"
    mkdir "$APP_DIR.new"
    cp -a "$HERE/journal-app" "$HERE/_internal" "$HERE/share" "$HERE/install.sh" "$HERE/uninstall.sh" "$APP_DIR.new/"
    rm -rf "$APP_DIR.old"
    if [ -d "$APP_DIR" ]; then mv "$APP_DIR" "$APP_DIR.old"; fi
    mv "$APP_DIR.new" "$APP_DIR"
    rm -rf "$APP_DIR.old"
fi

ln -sf "$APP_DIR/journal-app" "$BIN_DIR/journal-app"

mkdir -p "$DATA_HOME/applications" "$DATA_HOME/mime/packages"
sed "s|^Exec=journal-app|Exec=\"$APP_DIR/journal-app\"|" \
    "$APP_DIR/share/applications/placement-journal.desktop" \
    > "$DATA_HOME/applications/placement-journal.desktop"
cp "$APP_DIR/share/mime/packages/placement-journal.xml" "$DATA_HOME/mime/packages/"
for size in 256x256 512x512 scalable; do
    for icon in "$APP_DIR/share/icons/hicolor/$size/apps/"placement-journal.*; do
        [ -f "$icon" ] || continue
        mkdir -p "$DATA_HOME/icons/hicolor/$size/apps"
        cp "$icon" "$DATA_HOME/icons/hicolor/$size/apps/"
    done
done

# Refresh the menus and file types where the desktop has the tools; harmless if not.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA_HOME/applications" || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true

if "$APP_DIR/journal-app" --self-test >/dev/null 2>&1; then
    echo "Installed and checked. Start it from your applications menu, or run: journal-app"
else
    echo "Installed, but its self-test failed. Run: $APP_DIR/journal-app --self-test" >&2
    exit 1
fi
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "Note: $BIN_DIR is not on your PATH, so use the menu or the full path above." ;;
esac
