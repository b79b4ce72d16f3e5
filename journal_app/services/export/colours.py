"""Status colours shared by the HTML, PDF and Word packs: a pale fill with dark text, so the
status reads in greyscale print and for colour-blind readers (the word is always there too)."""

from __future__ import annotations

from ..rules.criteria import STATUS_TINTS

TINTS = STATUS_TINTS
STATUS_TEXT = {"none": "#8e1b1b", "some": "#6b4100", "green": "#1b5e20"}
ACCENT = "#12355b"
# Chart series, in the app (light and dark) and in every pack: the Okabe–Ito colour-blind-safe
# set without its yellow (too faint on white), then a dark grey. Qt-free, so the ui can share it.
CHART_COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")
