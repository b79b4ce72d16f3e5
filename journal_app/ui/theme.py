"""Light and dark: follow the system's colour scheme unless the learner picks one.

Fusion style with an explicit palette for each scheme, so text stays readable on
every platform (some Linux desktops report "dark" but hand Qt a light palette).
The stylesheet in resources/styles uses only palette() colours, so it suits both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir

_LIGHT = {
    "Window": "#f4f5f7", "WindowText": "#1d2330", "Base": "#ffffff", "AlternateBase": "#f0f2f5",
    "ToolTipBase": "#ffffe0", "ToolTipText": "#1d2330", "Text": "#1d2330", "Button": "#e9ebef",
    "ButtonText": "#1d2330", "BrightText": "#b00020", "Highlight": "#2f6fdb", "HighlightedText": "#ffffff",
    "Link": "#1f5bc2", "PlaceholderText": "#6b7280", "Mid": "#c5cad3", "Midlight": "#dfe3e8",
    "Dark": "#8a909c", "Shadow": "#5b616c", "Light": "#ffffff",
}
_DARK = {
    "Window": "#1f232a", "WindowText": "#e8eaed", "Base": "#15181d", "AlternateBase": "#252a32",
    "ToolTipBase": "#2b3038", "ToolTipText": "#e8eaed", "Text": "#e8eaed", "Button": "#2b3038",
    "ButtonText": "#e8eaed", "BrightText": "#ff8a80", "Highlight": "#4c8df6", "HighlightedText": "#ffffff",
    "Link": "#8ab4f8", "PlaceholderText": "#9aa0a6", "Mid": "#3c424c", "Midlight": "#343a43",
    "Dark": "#101216", "Shadow": "#000000", "Light": "#4a515c",
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> str:
    """"light" or "dark" for a setting of "system", "light" or "dark"."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_is_dark() else "light"


def palette_for(scheme: str) -> QPalette:
    colours = _DARK if scheme == "dark" else _LIGHT
    palette = QPalette()
    for role_name, hex_colour in colours.items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(QPalette.ColorGroup.All, role, QColor(hex_colour))
    disabled = QColor(colours["PlaceholderText"])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def stylesheet() -> str:
    path = resources_dir() / "styles" / "app.qss"
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication, choice: str = "system") -> str:
    """Style the whole app; returns the scheme used ("light"/"dark")."""
    scheme = resolve(choice)
    app.setStyle("Fusion")
    app.setPalette(palette_for(scheme))
    app.setProperty("colourScheme", scheme)
    app.setStyleSheet(stylesheet())
    return scheme


def follow_system(app: QApplication, current_choice: Callable[[], str]) -> None:
    """Re-apply when the system switches light/dark and the learner chose "system"."""

    def changed(_scheme: Qt.ColorScheme) -> None:
        if current_choice() == "system":
            apply_theme(app, "system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def is_dark() -> bool:
    app = QApplication.instance()
    return bool(app is not None and app.property("colourScheme") == "dark")
