#!/bin/sh
# Remove Placement Journal for this user. Journals, backups and settings are kept:
# they live in ~/.local/share/PlacementJournal and ~/.config/PlacementJournal.
set -eu

DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=$HOME/.local/lib/placement-journal

if [ -L "$HOME/.local/bin/journal-app" ]; then
    case "$(readlink "$HOME/.local/bin/journal-app")" in
        "$APP_DIR"/*) rm -f "$HOME/.local/bin/journal-app" ;;
    esac
fi
rm -f "$DATA_HOME/applications/placement-journal.desktop" \
      "$DATA_HOME/mime/packages/placement-journal.xml" \
      "$DATA_HOME/icons/hicolor/256x256/apps/placement-journal.png" \
      "$DATA_HOME/icons/hicolor/512x512/apps/placement-journal.png" \
      "$DATA_HOME/icons/hicolor/scalable/apps/placement-journal.svg"
rm -rf "$APP_DIR"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA_HOME/applications" || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
echo "Placement Journal was removed. Your journals were not touched."
