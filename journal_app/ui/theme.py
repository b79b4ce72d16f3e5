"""Light and dark: follow the system's colour scheme unless the learner picks one.

Fusion style with an explicit palette for each scheme, so text stays readable on
every platform (some Linux desktops report "dark" but hand Qt a light palette).
The colours live in palette.py; the stylesheet in resources/styles names them as
@role@ and is filled in for the scheme in use.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir
from . import palette as colour_palette

# Qt palette role -> our palette role (journal_app/ui/palette.py holds the colours).
_QT_ROLES = {
    "Window": "window", "WindowText": "text", "Base": "base", "AlternateBase": "alt_base",
    "ToolTipBase": "tooltip_bg", "ToolTipText": "tooltip_text", "Text": "text", "Button": "button",
    "ButtonText": "button_text", "BrightText": "error", "Highlight": "selection_bg",
    "HighlightedText": "selection_text", "Link": "link", "PlaceholderText": "muted", "Mid": "mid",
    "Midlight": "midlight", "Dark": "dark", "Shadow": "shadow", "Light": "light",
}
_PLACEHOLDER = re.compile(r"@([a-z_]+)@")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> str:
    """"light" or "dark" for a setting of "system", "light" or "dark"."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_is_dark() else "light"


def palette_for(scheme: str) -> QPalette:
    colours = colour_palette.as_dict(colour_palette.for_scheme(scheme))
    palette = QPalette()
    for role_name, ours in _QT_ROLES.items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(QPalette.ColorGroup.All, role, QColor(colours[ours]))
    disabled = QColor(colours["muted"])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def stylesheet_template() -> str:
    path = resources_dir() / "styles" / "app.qss"
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


def stylesheet(scheme: str = "light") -> str:
    """app.qss with each ``@role@`` replaced by that role's colour in ``scheme``
    (and ``@styles@`` by the stylesheet's folder, for its images)."""
    colours = colour_palette.as_dict(colour_palette.for_scheme(scheme))
    colours["styles"] = (resources_dir() / "styles").as_posix()
    colours["scheme"] = "dark" if scheme == "dark" else "light"

    def substitute(match: re.Match[str]) -> str:
        return colours.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(substitute, stylesheet_template())


def apply_theme(app: QApplication, choice: str = "system") -> str:
    """Style the whole app; returns the scheme used ("light"/"dark")."""
    scheme = resolve(choice)
    app.setStyle("Fusion")
    app.setPalette(palette_for(scheme))
    app.setProperty("colourScheme", scheme)
    app.setStyleSheet(stylesheet(scheme))
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


def roles() -> colour_palette.Roles:
    """The colours of the scheme in use (light until a theme is applied)."""
    return colour_palette.for_scheme("dark" if is_dark() else "light")
