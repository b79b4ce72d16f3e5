"""The one widget kit every screen uses: plain-words error and confirm dialogs, page titles,
headings, hints, labelled fields, cards, dates.

The dialog functions are module-level on purpose: tests monkeypatch them so no
real modal dialog ever blocks a test run.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...errors import JournalError
from .date_field import DateField

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("common", text)


def describe_error(error: BaseException) -> tuple[str, str]:
    """(title, message) in plain words; never a traceback, never personal data."""
    if isinstance(error, JournalError):
        return tr(error.title), str(error)
    if isinstance(error, MemoryError):
        return tr("Not enough memory"), tr(
            "The computer ran out of memory. Close other programs and try again. Nothing was changed."
        )
    if isinstance(error, OSError):
        reason = error.strerror or tr("the file could not be read or written")
        return tr("File problem"), tr("The file could not be used ({reason}). Nothing was changed.").format(
            reason=reason
        )
    return tr("Something went wrong"), tr(
        "Something unexpected went wrong, so that step was not finished. Your saved journal is safe."
    )


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the learner what went wrong, in a dialog they can close, then put the keyboard on
    the field at fault (when the error names one, see ``at_field``)."""
    if not isinstance(error, JournalError):
        # Only the type goes to the log: the message could quote journal text.
        log.warning("unexpected error shown to the learner: %s", type(error).__name__)
    error_dialog(parent, error)
    focus_field(field_of(error))


def error_dialog(parent: QWidget | None, error: BaseException) -> None:
    """The dialog itself (tests replace this one to read what the learner is told)."""
    title, message = describe_error(error)
    QMessageBox.warning(parent, title, message)


E = TypeVar("E", bound=BaseException)


def at_field(error: E, field: QWidget | None) -> E:
    """Mark ``error`` as being about ``field``, so showing it moves the keyboard there."""
    error.ui_field = field  # type: ignore[attr-defined]
    return error


def field_of(error: BaseException) -> QWidget | None:
    field = getattr(error, "ui_field", None)
    return field if isinstance(field, QWidget) else None


def focus_field(field: QWidget | None) -> None:
    """Put the keyboard on the field an error is about, so the learner can fix it at once."""
    if field is not None and field.isVisible() and field.isEnabled():
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        target = field.focusProxy() or field
        select_all = getattr(target, "selectAll", None)
        if callable(select_all):
            select_all()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; True only when the learner clicks Yes."""
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


class Card(QFrame):
    """A number with a caption, e.g. "3 / Promises due this week"."""

    def __init__(self, title: str, value: str = "—", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value_label = QLabel(value)
        self.value_label.setObjectName("cardValue")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("cardTitle")
        self.title_label.setWordWrap(True)
        layout.addWidget(self.value_label)
        layout.addWidget(self.title_label)
        self.setAccessibleName(title)

    def set_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.setToolTip(detail)
        self.setAccessibleDescription(f"{value} {detail}".strip())


class DateEdit(DateField):
    """A date field (``label`` is its accessible name); ``optional`` ones may stay empty."""

    def __init__(self, label: str, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(label, optional=optional, parent=parent)


def heading(text: str, object_name: str = "sectionTitle") -> QLabel:
    """A section heading (the style sheet sizes it by its object name)."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setAccessibleName(text)
    return label


def page_title(text: str) -> QLabel:
    """The one style every page and the unlock window use for their title."""
    return heading(text, "pageTitle")


def hint(text: str) -> QLabel:
    """Grey helper text under a field (the STAR prompts, for example)."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def scroll_area(name: str, body: QWidget | None = None, tab_stop: bool = False) -> QScrollArea:
    """A scrolling area with a name a screen reader says. Not a Tab stop unless ``tab_stop``
    (for content with nothing to focus, so the keyboard can still scroll it): Tab goes straight
    to the fields inside, and the area scrolls to show whichever has the focus."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setAccessibleName(name)
    if not tab_stop:
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if body is not None:
        area.setWidget(body)
    return area


def labelled(label_text: str, field: QWidget) -> QLabel:
    """A label bound to its field, so screen readers and Alt+letter both reach it."""
    label = QLabel(label_text)
    label.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(label_text.replace("&", ""))
    return label


def text_area(
    placeholder: str = "", name: str = "", *, lines: int | None = None,
    min_height: int | None = None, max_height: int | None = None,
) -> QPlainTextEdit:
    """A few lines of free text in which Tab moves on to the next field (so a whole form works
    from the keyboard). ``lines`` fixes its height to that many lines; otherwise
    ``min_height``/``max_height`` bound it."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    if name:
        box.setAccessibleName(name)
    if lines is not None:
        box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    if min_height is not None:
        box.setMinimumHeight(min_height)
    if max_height is not None:
        box.setMaximumHeight(max_height)
    return box

