"""Building blocks the record pages share: sortable tables, labelled forms, optional dates.

Dialogs, headings and hints come from ``common`` (the one widget kit); words and dates from
``..formatting``. Both are re-exported here for the forms that import them with the table helpers.

Every input made here is labelled (a QLabel buddy plus an accessible name) so a
screen reader and the keyboard reach it the same way a mouse does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, QDateTime, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from ...errors import InvalidInput
from ..formatting import choice_label, nice_date
from ..models.record_table import ROW_ROLE, RecordTableModel
from . import common
from .common import heading, hint
from .date_field import DateField

__all__ = [
    "OptionalDate", "add_row", "choice_label", "combo", "date_edit", "emit_checked", "empty_message",
    "fit_columns", "heading",
    "hint", "iso", "leave_on_tab", "nice_date", "qdate", "qdatetime", "select_where", "selected",
    "set_combo_value", "table_view", "to_datetime", "today",
]

V = TypeVar("V", bound=QAbstractItemView)


def add_row(form: QFormLayout, text: str, widget: QWidget, keep_name: bool = False) -> QLabel:
    """A form row whose label is the field's buddy and accessible name (``keep_name``: unless
    the field already has a fuller name of its own, e.g. "How I adapted my style")."""
    label = QLabel(text)
    label.setBuddy(widget)
    if not (keep_name and widget.accessibleName()):
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
    form.addRow(label, widget)
    return label


def combo(choices: Iterable[tuple[Any, str]], name: str = "") -> QComboBox:
    box = QComboBox()
    for value, label in choices:
        box.addItem(label, value)
    if name:
        box.setAccessibleName(name)
    return box


def set_combo_value(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def table_view(model: RecordTableModel, name: str, parent: QWidget | None = None) -> QTableView:
    """A sortable, row-selecting view straight over ``model`` (it sorts itself)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt would otherwise start descending
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fitting columns looks at the first rows only, so a table of thousands stays instant.
    view.horizontalHeader().setResizeContentsPrecision(40)
    return leave_on_tab(view)


def leave_on_tab(view: V) -> V:
    """Tab and Shift+Tab move on from ``view`` (arrows move inside it), so the buttons after
    a table are reachable by keyboard. Every table, tree and list is made through here."""
    view.setTabKeyNavigation(False)
    return view


def selected(view: QTableView) -> Any:
    """The row object behind the current selection, or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    return rows[0].data(ROW_ROLE)


def select_where(view: QTableView, test: Any) -> bool:
    """Select (and scroll to) the first row whose object passes ``test``."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if test(index.data(ROW_ROLE)):
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False


def fit_columns(view: QTableView, widths: Iterable[int]) -> None:
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)


class OptionalDate(DateField):
    """A date that may be left empty: no date until the learner types or picks one."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, optional=True, parent=parent)

    def value(self) -> str | None:
        """"2026-11-26" or None; raises InvalidInput when the text isn't a date."""
        return self.iso()

    def set_value(self, value: str | date | None, fallback: date | None = None) -> None:
        """Show ``value`` (empty when None). ``fallback`` is no longer used: an empty date stays empty."""
        self.set_iso(value.isoformat() if isinstance(value, date) else value)


def date_edit(name: str, value: date) -> DateField:
    """A date that must be given, starting at ``value``."""
    edit = DateField(name)
    edit.set_date(value)
    return edit


def iso(edit: DateField) -> str:
    """The field's date as "2026-11-26"; raises InvalidInput when it is empty or not a date."""
    value = edit.iso()
    if value is None:
        problem = QCoreApplication.translate("DateField", "{name}: type a date.").format(name=edit.name)
        raise common.at_field(InvalidInput(problem), edit)
    return value


def emit_checked(parent: QWidget | None, signal: Any, make: Any) -> None:
    """Emit ``signal`` with what ``make()`` reads from a form, or say why it can't be read
    (a date field whose text isn't a date) without emitting."""
    try:
        value = make()
    except InvalidInput as error:
        common.show_error(parent, error)
        return
    signal.emit(value)


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def qdatetime(value: datetime) -> QDateTime:
    """The wall-clock time as a local QDateTime; any tzinfo is dropped, as PySide6's own conversion does."""
    return QDateTime(qdate(value), QTime(value.hour, value.minute, value.second, value.microsecond // 1000))


def to_datetime(value: QDateTime) -> datetime:
    """``value.toPython()``, a naive datetime (PySide6's stub only promises an object)."""
    result = value.toPython()
    assert isinstance(result, datetime)
    return result


def today(context: Any) -> date:
    """The context's today; the computer's date once the journal is locked (for empty forms only)."""
    if getattr(context, "journal", None) is None:
        return date.today()
    return context.now().date()


class _EmptyMessage(QObject):
    """Paints ``text`` across an empty view's viewport and keeps it as the view's accessible
    description while the view has no rows, so the learner (and a screen reader) hears the next step."""

    def __init__(self, view: QAbstractItemView, text: str, model: QAbstractItemModel) -> None:
        super().__init__(view)
        self.view = view
        self.text = text
        self.model = model
        view.viewport().installEventFilter(self)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    def update(self, *_args: Any) -> None:
        self.view.setAccessibleDescription(self.text if self.is_empty() else "")
        self.view.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Paint and self.is_empty():
            viewport = self.view.viewport()
            painter = QPainter(viewport)
            painter.setPen(viewport.palette().color(QPalette.ColorRole.PlaceholderText))
            area = viewport.rect().adjusted(16, 16, -16, -16)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                       | Qt.TextFlag.TextWordWrap), self.text)
            painter.end()
            return True
        return False


def empty_message(view: QAbstractItemView, text: str, model: QAbstractItemModel | None = None) -> None:
    """What ``view`` says while ``model`` (its own, or the one a filter sits on, so a search
    with no match isn't taken for an empty journal) has no rows: what it will hold and how to
    add the first."""
    source = model or view.model()
    assert source is not None, "set the view's model first"
    view.setProperty("emptyMessage", text)
    _EmptyMessage(view, text, source)
