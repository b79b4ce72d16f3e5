"""Words and dates as the learner reads them, shared by the table models and the widgets.

Qt-core only (translation), no widgets: a model can format a row without importing a screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication


def choice_label(value: str) -> str:
    """An enumeration value in plain words: "face-to-face" → "Face to face"."""
    text = value.replace("-", " ")
    return QCoreApplication.translate("choices", text[:1].upper() + text[1:])


def nice_date(value: str | None) -> str:
    """"2026-10-06" or a timestamp → "6 Oct 2026" (empty stays empty)."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day.strftime('%b %Y')}"


def count_of(count: int, one: str, many: str) -> str:
    """"1 interaction", "3 interactions": the number with the right form of its noun."""
    return f"{count} {one if count == 1 else many}"
