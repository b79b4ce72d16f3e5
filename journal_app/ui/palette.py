"""Every colour the window uses, by role, for light and dark: the one place to change one.

theme.py builds the Qt palette from these roles, the stylesheet template
(resources/styles/app.qss) names them as ``@role@`` and gets them substituted at load,
and the list models ask ``roles()`` for their foreground colours. Chart series share
one colour-blind-safe set with the exported packs (``CHART_COLOURS``).

No Qt here, so the contrast test can check every pair without a display: each text
colour reads at 4.5:1 or better on every background it is drawn on, and each control
boundary (field and check-box borders, the focus ring) at 3:1 (WCAG 2.2 AA).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..services.export.colours import CHART_COLOURS

__all__ = ["CHART_COLOURS", "DARK", "LIGHT", "Roles", "contrast_ratio", "for_scheme"]


@dataclass(frozen=True)
class Roles:
    # Surfaces
    window: str          # page background
    base: str            # inside fields, lists and tables; cards
    alt_base: str        # sidebar, alternate rows
    button: str
    tooltip_bg: str
    # Text
    text: str
    button_text: str
    tooltip_text: str
    muted: str           # hints, card titles, prompts, placeholders, disabled text
    error: str
    link: str
    success: str
    # Severity (reminders, promises, interactions to reflect on)
    overdue: str
    due_soon: str
    todo: str
    info: str
    # Selection
    selection_bg: str
    selection_text: str
    sidebar_sel_bg: str
    sidebar_sel_text: str
    # Boundaries
    field_border: str    # line edits, combo boxes, spin boxes, check boxes, buttons
    focus: str           # the keyboard focus ring
    card_border: str     # decorative: cards are not controls
    # Fusion's bevel shades (not used for text or boundaries)
    mid: str
    midlight: str
    dark: str
    shadow: str
    light: str


LIGHT = Roles(
    window="#f4f5f7", base="#ffffff", alt_base="#eceef2", button="#e9ebef", tooltip_bg="#ffffe0",
    text="#1d2330", button_text="#1d2330", tooltip_text="#1d2330", muted="#4b5563",
    error="#b00020", link="#1f5bc2", success="#1b6e3a",
    overdue="#b3261e", due_soon="#8a4b00", todo="#1f5bc2", info="#4b5563",
    selection_bg="#1f5bc2", selection_text="#ffffff", sidebar_sel_bg="#1f5bc2", sidebar_sel_text="#ffffff",
    field_border="#767c88", focus="#1f5bc2", card_border="#c5cad3",
    mid="#c5cad3", midlight="#dfe3e8", dark="#8a909c", shadow="#5b616c", light="#ffffff",
)

DARK = Roles(
    window="#1f232a", base="#15181d", alt_base="#252a32", button="#2b3038", tooltip_bg="#2b3038",
    text="#e8eaed", button_text="#e8eaed", tooltip_text="#e8eaed", muted="#a9b0b8",
    error="#ff8a80", link="#8ab4f8", success="#81c995",
    overdue="#ff8a80", due_soon="#f0b55a", todo="#8ab4f8", info="#a9b0b8",
    selection_bg="#2a5bb5", selection_text="#ffffff", sidebar_sel_bg="#2a5bb5", sidebar_sel_text="#ffffff",
    field_border="#7a828f", focus="#8ab4f8", card_border="#3c424c",
    mid="#3c424c", midlight="#343a43", dark="#101216", shadow="#000000", light="#4a515c",
)

# Evidence status fills: pale in both themes, always with STATUS_FILL_TEXT on top.
STATUS_FILLS = {"none": "#f2a7a1", "some": "#f7d27c", "green": "#9fdcb0"}
STATUS_FILL_TEXT = "#1a1a1a"


def for_scheme(scheme: str) -> Roles:
    return DARK if scheme == "dark" else LIGHT


def as_dict(roles: Roles) -> dict[str, str]:
    return {f.name: getattr(roles, f.name) for f in fields(roles)}


# (foreground, background) pairs: text must reach 4.5:1.
_TEXT_ON = ("window", "base", "alt_base")
TEXT_ROLES = ("text", "muted", "error", "link", "success", "overdue", "due_soon", "todo", "info")
TEXT_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (fg, bg) for fg in TEXT_ROLES for bg in _TEXT_ON
) + (
    ("button_text", "button"), ("muted", "button"), ("tooltip_text", "tooltip_bg"),
    ("selection_text", "selection_bg"), ("sidebar_sel_text", "sidebar_sel_bg"),
)
# Control boundaries and the focus ring: 3:1 against what surrounds and fills them.
BOUNDARY_PAIRS: tuple[tuple[str, str], ...] = (
    ("field_border", "window"), ("field_border", "base"), ("field_border", "alt_base"),
    ("field_border", "button"),
    ("focus", "window"), ("focus", "base"), ("focus", "alt_base"), ("focus", "button"),
)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two "#rrggbb" colours, 1.0 to 21.0."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
