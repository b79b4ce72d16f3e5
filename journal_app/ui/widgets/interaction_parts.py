"""What every section of the interaction form shares: the section protocol, the text box
they all use, and readers for the plain data a draft is kept as.

A section is one titled box of the form ("What happened", "Promises and follow-ups",
"Reflection (STAR)"…). The form owns its sections and asks each in turn; a section never
reaches into another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QWidget

from ...journal.records import Interaction
from .common import text_area

T = TypeVar("T", covariant=True)

Draft = dict[str, object]
"""A section's piece of a draft: plain data (text, numbers, lists, dicts) kept as JSON
inside the encrypted journal. Its keys are the ones drafts already saved use."""


class FormSection(QGroupBox, Generic[T]):
    """One part of the interaction form. Every section has the same small protocol:

    - ``changed``: emitted on every edit (the form passes it on, except while it loads);
    - ``clear()``: back to a blank entry;
    - ``load(interaction)``: show what a saved entry holds;
    - ``collect() -> T``: what the fields say, typed; raises InvalidInput naming the field;
    - ``draft()`` / ``load_draft(data)``: its piece of the draft, as plain data;
    - ``has_content()``: whether the learner typed or ticked anything worth keeping here;
    - ``tab_chain()``: its Tab stops, top to bottom and left to right as shown.
    """

    changed = Signal()

    def clear(self) -> None:
        raise NotImplementedError

    def load(self, interaction: Interaction) -> None:
        raise NotImplementedError

    def collect(self) -> T:
        raise NotImplementedError

    def draft(self) -> Draft:
        raise NotImplementedError

    def load_draft(self, data: Mapping[str, object]) -> None:
        raise NotImplementedError

    def has_content(self) -> bool:
        raise NotImplementedError

    def tab_chain(self) -> list[QWidget]:
        raise NotImplementedError


def text_box(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A few lines of free text with a name a screen reader says (the kit's text area)."""
    return text_area(placeholder, name, lines=lines)


def text_in(data: Mapping[str, object], key: str) -> str:
    """The text a draft keeps under ``key`` ("" when missing or not text)."""
    value = data.get(key)
    return value if isinstance(value, str) else ""


def part_of(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    """The group of values a draft keeps under ``key`` (empty when missing)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def strings_in(data: Mapping[str, object], key: str) -> list[str]:
    """The list of words a draft keeps under ``key`` (techniques, criteria)."""
    value = data.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
