#!/bin/sh
# Build Placement Journal on macOS: "dist/Placement Journal.app" and a .dmg to share it.
#   sh packaging/macos/build.sh [--clean]
# Needs Python 3.11+ (python.org installer or Homebrew). Build on the oldest macOS you
# support, on the architecture you ship (arm64 on Apple silicon, x86_64 on Intel).
#
# Signing (optional, for distribution beyond your own Mac):
#   PJ_CODESIGN_IDENTITY="Developer ID Application: Your Name (TEAMID)" sh packaging/macos/build.sh
# then notarise the .dmg:
#   xcrun notarytool submit dist/PlacementJournal-*.dmg --keychain-profile NOTARY --wait
#   xcrun stapler staple dist/PlacementJournal-*.dmg
# Unsigned builds run after right-click > Open the first time.
set -eu
cd "$(dirname "$0")/../.."

if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv"
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[package]"
.venv/bin/python packaging/build.py --dmg --portable-zip "$@"
