"""Status colours shared by the HTML, PDF and Word packs: a pale fill with dark text, so the
status reads in greyscale print and for colour-blind readers (the word is always there too)."""

from __future__ import annotations

from ..criteria import STATUS_TINTS

TINTS = STATUS_TINTS
STATUS_TEXT = {"none": "#8e1b1b", "some": "#6b4100", "green": "#1b5e20"}
ACCENT = "#12355b"
