"""Every folder the app uses, in one place.

Normal installs use the platform's per-user folders (platformdirs). Portable mode
(a file named ``portable.txt`` beside the executable) keeps everything in a
``PlacementJournalData`` folder beside it instead, so nothing touches the user
profile or registry. ``JOURNAL_APP_HOME`` overrides both (tests, scripted use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "PlacementJournal"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "PlacementJournalData"
JOURNAL_SUFFIX = ".pjournal"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def portable_root() -> Path | None:
    """The portable data folder when the marker file sits next to the executable."""
    exe = executable_dir()
    if (exe / PORTABLE_MARKER).exists():
        return exe / PORTABLE_DATA
    return None


def app_home() -> Path | None:
    override = os.environ.get("JOURNAL_APP_HOME")
    if override:
        return Path(override)
    return portable_root()


def is_portable() -> bool:
    return not os.environ.get("JOURNAL_APP_HOME") and portable_root() is not None


def data_dir() -> Path:
    home = app_home()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def state_dir() -> Path:
    """Small non-secret bookkeeping: the last save generation seen per journal id."""
    home = app_home()
    if home is not None:
        return home / "state"
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))


def config_dir() -> Path:
    home = app_home()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def default_journal_path() -> Path:
    return data_dir() / f"journal{JOURNAL_SUFFIX}"


def resources_dir() -> Path:
    """Bundled resources (frameworks, demo, icons), also inside a frozen build."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
