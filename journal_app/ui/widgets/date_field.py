"""Date and date-time fields a learner types into: one Tab stop, UK forms, a calendar on Alt+Down.

The text is read by ``services.rules.typed_dates`` (``26/11``, ``26 Nov``, ``today``, ``fri``,
``+3``, and for moments an optional ``14:30`` / ``2pm``). On leaving the field the date is
shown back as "Thu 26 Nov 2026" and said through the accessible description; text that
isn't a date gets a plain message under the field. An optional field stays empty (no
date) until the learner types or picks one; the clear button or Delete empties it.

The calendar button sits inside the field (a trailing action), so it is never a Tab stop;
Alt+Down or F4 opens the same calendar from the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QObject, QRect, Qt, QTime, Signal
from PySide6.QtGui import QAction, QHideEvent, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...errors import InvalidInput
from ...services.rules.typed_dates import (
    DATE_EXAMPLES,
    DATETIME_EXAMPLES,
    UnreadableDate,
    format_date,
    format_datetime,
    parse_typed_date,
    parse_typed_datetime,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("DateField", text)


_ICON: QIcon | None = None


def calendar_icon() -> QIcon:
    """A small calendar drawn once (no image files to ship)."""
    global _ICON
    if _ICON is None:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(QPen(Qt.GlobalColor.darkGray, 1))
        painter.drawRect(QRect(1, 2, 13, 12))
        painter.fillRect(QRect(1, 2, 14, 3), Qt.GlobalColor.darkGray)
        for row in (7, 10):
            for column in (3, 6, 9, 12):
                painter.fillRect(QRect(column, row, 2, 2), Qt.GlobalColor.darkGray)
        painter.end()
        _ICON = QIcon(pixmap)
    return _ICON


class CalendarPopup(QFrame):
    """The month grid: arrows move, Enter or a click picks, Escape closes."""

    picked = Signal(QDate)
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(tr("Calendar: arrows move, Enter picks, Escape closes"))
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(day)

    def hideEvent(self, event: QHideEvent) -> None:  # Qt's name
        super().hideEvent(event)
        self.closed.emit()


class _TypedField(QWidget):
    """What the date and date-time fields share; ``changed`` fires when the value read changes."""

    changed = Signal()
    examples = DATE_EXAMPLES

    def __init__(self, name: str, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.optional = optional
        self.now: Callable[[], datetime] = datetime.now
        self._value: Any = None
        self._problem: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        self.setAccessibleName(name)
        self.edit.setPlaceholderText(self._placeholder())
        self.edit.setToolTip(self._expected())
        self.edit.setClearButtonEnabled(optional)
        name_clear_button(self.edit, tr("Clear the date"))
        self.calendar_action = QAction(calendar_icon(), tr("Pick from a calendar (Alt+Down)"), self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.edit.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        # A label's Alt+letter only moves focus to a buddy that takes focus; the proxy passes it
        # on to the line (Qt leaves a proxied widget out of the Tab chain, so still one Tab stop).
        self.setFocusPolicy(self.edit.focusPolicy())
        self.edit.textChanged.connect(self._read_text)
        self.edit.editingFinished.connect(self.settle)
        self.edit.installEventFilter(self)
        self.popup: CalendarPopup | None = None
        self._describe()

    # --- what subclasses say -----------------------------------------------------------------
    def _parse(self, text: str) -> Any:
        raise NotImplementedError

    def _format(self, value: Any) -> str:
        raise NotImplementedError

    def _placeholder(self) -> str:
        return tr("No date: type one, e.g. 26/11 or fri") if self.optional else tr("e.g. 26/11/2026 or today")

    def _expected(self) -> str:
        return tr("Type a date like {examples}. Alt+Down opens a calendar.").format(examples=self.examples)

    # --- the accessible name stays on the line the learner types in ---------------------------
    def setAccessibleName(self, name: str) -> None:  # Qt's name
        super().setAccessibleName(name)
        if hasattr(self, "edit"):
            self.edit.setAccessibleName(name)
        self.name = name

    def setToolTip(self, text: str) -> None:  # Qt's name
        self.edit.setToolTip(text)

    # --- reading -------------------------------------------------------------------------
    def _read_text(self, text: str) -> None:
        before = self._value
        try:
            value = self._parse(text)
        except UnreadableDate as error:
            self._problem = str(error)
        else:
            if value is None and not self.optional:
                self._problem = tr("Type a date: {examples}.").format(examples=self.examples)
            else:
                self._problem = None
            self._value = value
        if self._problem is None:
            self.message.hide()
        self._describe()
        if self._value != before:
            self.changed.emit()

    def settle(self) -> None:
        """Show the date back in its readable form, or say why the text isn't one."""
        if self._problem is not None:
            if self.edit.text().strip() or not self.optional:
                self.message.setText(self._problem)
                self.message.show()
            self._describe()
            return
        if self._value is not None:
            shown = self._format(self._value)
            if self.edit.text() != shown:
                self.edit.setText(shown)
        self.message.hide()

    def problem(self) -> str | None:
        """Why the text isn't a date (a plain sentence), or None when it's fine."""
        return self._problem

    def read(self) -> Any:
        """The value typed; raises InvalidInput, naming the field, when it can't be read."""
        if self._problem is not None:
            from .common import at_field

            self.settle()
            raise at_field(UnreadableDate(f"{self.name}: {self._problem}"), self)
        return self._value

    def last(self) -> Any:
        """The last value the text could be read as (never raises): for drafts and previews."""
        return self._value

    def write(self, value: Any) -> None:
        self.edit.setText("" if value is None else self._format(value))
        self.message.hide()

    def clear(self) -> None:
        self.edit.clear()

    def _describe(self) -> None:
        if self._problem is not None and self.edit.text().strip():
            now = tr("Not read: {problem}").format(problem=self._problem)
        elif self._value is None:
            now = tr("No date.")
        else:
            now = self._format(self._value) + "."
        self.edit.setAccessibleDescription(f"{now} {self._expected()}")

    # --- the calendar --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def _calendar_day(self) -> date:
        value = self._value
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return self.now().date()

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
            self.popup.closed.connect(lambda: self.edit.setFocus(Qt.FocusReason.PopupFocusReason))
        day = self._calendar_day()
        self.popup.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.adjustSize()
        self.popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.popup.show()
        self.popup.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self._pick(date(day.year(), day.month(), day.day()))
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.settle()

    def _pick(self, day: date) -> None:
        self.write(day)


class DateField(_TypedField):
    """A calendar date, typed (``26/11``, ``fri``, ``+3``…) or picked. ``optional`` allows empty."""

    def _parse(self, text: str) -> date | None:
        return parse_typed_date(text, self.now().date())

    def _format(self, value: date) -> str:
        return format_date(value)

    def value_date(self) -> date | None:
        return self.read()  # type: ignore[no-any-return]

    def set_date(self, value: date | None) -> None:
        self.write(value)

    def set_iso(self, value: str | None) -> None:
        self.write(date.fromisoformat(value[:10]) if value else None)

    def iso(self) -> str | None:
        """"2026-11-26", None when empty; raises InvalidInput when the text isn't a date."""
        value = self.read()
        return value.isoformat() if value is not None else None

    def last_iso(self) -> str | None:
        return self._value.isoformat() if self._value is not None else None

    # The QDateEdit calls some callers still make.
    def date(self) -> QDate:
        value = self._value
        return QDate(value.year, value.month, value.day) if value is not None else QDate()

    def setDate(self, value: QDate) -> None:  # Qt's name
        self.write(date(value.year(), value.month(), value.day()) if value.isValid() else None)


class DateTimeField(_TypedField):
    """A date with a time of day (``26/11 14:30``, ``today 9am``, ``2pm``), naive wall-clock."""

    examples = DATETIME_EXAMPLES

    def _parse(self, text: str) -> datetime | None:
        keep = self._value.time() if isinstance(self._value, datetime) else None
        return parse_typed_datetime(text, self.now(), default_time=keep)

    def _format(self, value: datetime) -> str:
        return format_datetime(value)

    def _placeholder(self) -> str:
        return tr("e.g. 26/11/2026 14:30 or today 9am")

    def _expected(self) -> str:
        return tr("Type a date and time like {examples}. Alt+Down opens a calendar.").format(
            examples=self.examples)

    def _pick(self, day: date) -> None:
        keep = self._value.time() if isinstance(self._value, datetime) else time(self.now().hour)
        self.write(datetime.combine(day, keep))

    def value_datetime(self) -> datetime | None:
        return self.read()  # type: ignore[no-any-return]

    def set_datetime(self, value: datetime | None) -> None:
        self.write(None if value is None else value.replace(second=0, microsecond=0, tzinfo=None))

    # The QDateTimeEdit calls some callers still make.
    def dateTime(self) -> QDateTime:
        value = self._value
        if value is None:
            return QDateTime()
        return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Give a line edit's clear button a name a screen reader says (Qt leaves it nameless)."""
    for action in edit.findChildren(QAction):
        if action.objectName() == "_q_qlineeditclearaction":
            action.setText(name)
            action.setToolTip(name)


def required_value(field: _TypedField) -> Any:
    """``field.read()`` that also refuses an empty field."""
    value = field.read()
    if value is None:
        from .common import at_field

        raise at_field(InvalidInput(tr("{name}: type a date.").format(name=field.name)), field)
    return value
