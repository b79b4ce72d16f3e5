"""Every folder the app uses, in one place.

Normal installs use the platform's per-user folders (platformdirs), so no admin
rights are ever needed. Portable mode (a file named ``portable.txt`` beside the
program, e.g. on a USB stick) keeps everything in a ``PlacementJournalData``
folder beside it instead, so nothing touches the user profile or the registry;
that includes Qt's settings, which the GUI stores in the INI file named by
``qsettings_path()``. ``JOURNAL_APP_HOME`` overrides both (tests, scripted use).

Nothing here creates folders: callers create what they write to, when they write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "PlacementJournal"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "PlacementJournalData"
JOURNAL_SUFFIX = ".pjournal"
HOME_ENV = "JOURNAL_APP_HOME"
SETTINGS_FILE = "settings.ini"


def executable_dir() -> Path:
    """The folder holding the program the learner started (the built app, or the script)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def _marker_folders() -> list[Path]:
    exe = executable_dir()
    folders = [exe]
    # A macOS app runs from Name.app/Contents/MacOS; the marker sits beside Name.app.
    if exe.name == "MacOS" and exe.parent.name == "Contents" and exe.parent.parent.suffix == ".app":
        folders.append(exe.parent.parent.parent)
    return folders


def portable_root() -> Path | None:
    """The portable data folder when the marker file sits next to the program, else None."""
    for folder in _marker_folders():
        if (folder / PORTABLE_MARKER).is_file():
            return folder / PORTABLE_DATA
    return None


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    if not value:
        return None
    # Made absolute now so a later change of working folder can't move the app's data.
    return Path(value).expanduser().absolute()


def app_home() -> Path | None:
    """The one folder holding data, state and settings, or None for the per-user platform folders."""
    return _home_override() or portable_root()


def is_portable() -> bool:
    return _home_override() is None and portable_root() is not None


def data_dir() -> Path:
    """Where journals are kept by default."""
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
    """Bundled resources (frameworks, demo, icons), also inside a built app."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def qsettings_path() -> Path | None:
    """The INI file for Qt's settings when the app keeps its own folder (portable, tests), else None.

    None means "use the platform default" (the registry on Windows, a plist on macOS,
    ~/.config on Linux): ``QSettings(org, app)``. Otherwise use
    ``QSettings(str(path), QSettings.Format.IniFormat)`` after creating ``path.parent``.
    """
    home = app_home()
    return home / "config" / SETTINGS_FILE if home is not None else None


def qt_settings_dir() -> Path | None:
    """The folder for Qt's own INI settings (``QSettings.setPath``), so Qt's widgets such as the
    file dialog stay out of the registry in portable mode; None for the platform default."""
    path = qsettings_path()
    return path.parent if path is not None else None


def describe() -> dict[str, str]:
    """Where things live, in words, for the About box and support questions."""
    home = app_home()
    if _home_override() is not None:
        mode = f"a folder chosen by {HOME_ENV}"
    elif home is not None:
        mode = "portable (everything beside the app)"
    else:
        mode = "per-user folders"
    return {
        "mode": mode,
        "journals": str(data_dir()),
        "settings": str(qsettings_path() or config_dir()),
        "state": str(state_dir()),
    }
