"""The app's own settings (not the journal's): window, theme, last journal, tray, auto-lock.

Declared once with types and defaults; the settings page and the main window read
and write them through ``AppSettings``. Stored as an INI file in the app's folder
in portable mode (and in tests), else in the platform's usual place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ..paths import qsettings_path

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    choices: tuple[str, ...] = ()


DECLARED: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("window/geometry", QByteArray, QByteArray()),
        Setting("window/state", QByteArray, QByteArray()),
        Setting("appearance/theme", str, "system", THEMES),
        Setting("journal/last_path", str, ""),
        Setting("tray/notifications", bool, True),
        Setting("lock/auto_lock_minutes", int, 5),
    )
}


def open_qsettings() -> QSettings:
    path = qsettings_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings("PlacementJournal", "PlacementJournal")


class AppSettings:
    """Typed access: ``settings.get("lock/auto_lock_minutes")`` is always an int."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or open_qsettings()

    def get(self, key: str) -> Any:
        setting = DECLARED[key]
        raw = self._store.value(key, setting.default)
        try:
            value = _convert(raw, setting.type)
        except (TypeError, ValueError):
            return setting.default
        if setting.choices and value not in setting.choices:
            return setting.default
        return value

    def set(self, key: str, value: Any) -> None:
        setting = DECLARED[key]
        value = _convert(value, setting.type)
        if setting.choices and value not in setting.choices:
            raise ValueError(f"{key} must be one of {setting.choices}")
        self._store.setValue(key, value)

    def sync(self) -> None:
        self._store.sync()

    # The window's geometry, one per screen (name and size); "window/geometry" is the old single one.
    def window_geometry(self, screen: str) -> QByteArray:
        raw = self._store.value(f"window-geometry/{screen}", QByteArray())
        value = _convert(raw, QByteArray) if raw else QByteArray()
        return value if not value.isEmpty() else self.get("window/geometry")

    def set_window_geometry(self, screen: str, geometry: QByteArray) -> None:
        self._store.setValue(f"window-geometry/{screen}", geometry)
        self.set("window/geometry", geometry)

    # Named shortcuts for the settings read most often.
    @property
    def auto_lock_minutes(self) -> int:
        return max(0, self.get("lock/auto_lock_minutes"))

    @property
    def theme(self) -> str:
        return self.get("appearance/theme")

    @property
    def tray_notifications(self) -> bool:
        return self.get("tray/notifications")

    @property
    def last_journal(self) -> str:
        return self.get("journal/last_path")


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        return bool(raw)
    if kind is int:
        return int(raw)
    if kind is QByteArray:
        return raw if isinstance(raw, QByteArray) else QByteArray(raw or b"")
    return kind(raw)
