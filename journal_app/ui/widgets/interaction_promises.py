""""Promises and follow-ups": what the learner promised in this conversation, typed inline,
one row per promise, and (when coming back to an entry) the promises already recorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...errors import InvalidInput
from ...journal.records import PROMISE_KINDS, Interaction, Promise
from .common import DateEdit, at_field, hint, tr
from .interaction_parts import Draft, FormSection
from .record_view import choice_label, combo, set_combo_value


class PromiseRow(QFrame):
    """One new promise or follow-up typed inline: what, by when, which kind."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, number: int, due: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = combo([(kind, choice_label(kind)) for kind in PROMISE_KINDS],
                          tr("Promise {n}: kind").format(n=number))
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("What I promised, e.g. Call back with the repair date"))
        self.text.setAccessibleName(tr("Promise {n}: what I promised").format(n=number))
        self.due = DateEdit(tr("Promise {n}: due by").format(n=number))
        self.due.set_date(due)
        self.remove = QPushButton("✕")
        self.remove.setToolTip(tr("Remove this promise"))
        self.remove.setAccessibleName(tr("Remove promise {n}").format(n=number))
        self.remove.setFixedWidth(32)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel(tr("by")))
        layout.addWidget(self.due)
        layout.addWidget(self.kind)
        layout.addWidget(self.remove)
        self.text.textChanged.connect(self.changed)
        self.due.changed.connect(self.changed)
        self.kind.currentIndexChanged.connect(self.changed)

    def tab_chain(self) -> list[QWidget]:
        """What I promised, by when, which kind, then remove: as shown, left to right."""
        return [self.text, self.due, self.kind, self.remove]

    def value(self) -> dict[str, str | None]:
        """What the row holds; the due date is the last one its field could read (for drafts)."""
        return {"kind": self.kind.currentData(), "text": self.text.text().strip(), "due": self.due.last_iso()}

    def load(self, data: Mapping[str, object]) -> None:
        kind, text, due = data.get("kind"), data.get("text"), data.get("due")
        set_combo_value(self.kind, kind if isinstance(kind, str) else "promise")
        self.text.setText(text if isinstance(text, str) else "")
        self.due.set_iso(due if isinstance(due, str) else None)


class PromisesSection(FormSection[list[Promise]]):
    """``rows_changed`` fires when a row is added or removed (the form re-sets its Tab order)."""

    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Promises and follow-ups"), parent)
        self.now: Callable[[], datetime] = datetime.now
        layout = QVBoxLayout(self)
        self.existing = hint("")
        self.existing.hide()
        layout.addWidget(self.existing)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)
        self.rows: list[PromiseRow] = []
        self.add_button = QPushButton(tr("+ Add a &promise or follow-up"))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """What "today" is: a new promise is due tomorrow, and typed dates read from it."""
        self.now = now
        for row in self.rows:
            row.due.now = now

    def add_row(self, data: Mapping[str, object] | None = None, focus: bool = False) -> PromiseRow:
        row = PromiseRow(len(self.rows) + 1, self.now().date() + timedelta(days=1))
        row.due.now = self.now
        if data:
            row.load(data)
        row.removed.connect(self._remove_row)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.rows_changed.emit()
        if focus:
            row.text.setFocus()
        return row

    def _remove_row(self, row: PromiseRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        self.rows_changed.emit()
        self.changed.emit()

    def _remove_all(self) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []

    def show_recorded(self, promises: list[Promise]) -> None:
        """List the promises an entry already has (they are changed on the Promises page)."""
        if promises:
            lines = [f"• {p.text} — {choice_label(p.status)} (due {p.due})" for p in promises]
            self.existing.setText(tr("Already recorded:") + "\n" + "\n".join(lines))
            self.existing.show()

    # --- the protocol ------------------------------------------------------------------------
    def clear(self) -> None:
        """One empty row, ready for the promise made at the desk."""
        self._remove_all()
        self.add_row()
        self.existing.hide()

    def load(self, interaction: Interaction) -> None:
        """Coming back to an entry starts with no new promise row."""
        self._remove_all()

    def collect(self) -> list[Promise]:
        promises = []
        for n, row in enumerate(self.rows, start=1):
            text = row.text.text().strip()
            if not text:
                continue
            due = row.due.iso()
            if not due:
                problem = tr("Promise {n}: choose the date it is due by.").format(n=n)
                raise at_field(InvalidInput(problem), row.due)
            promises.append(Promise(kind=row.kind.currentData(), text=text, due=due))
        return promises

    def draft(self) -> Draft:
        return {"promises": [row.value() for row in self.rows]}

    def load_draft(self, data: Mapping[str, object]) -> None:
        self._remove_all()
        promises = data.get("promises")
        for promise in promises if isinstance(promises, list) else []:
            if isinstance(promise, dict):
                self.add_row(promise)
        if not self.rows:
            self.add_row()

    def has_content(self) -> bool:
        return any(row.text.text().strip() for row in self.rows)

    def tab_chain(self) -> list[QWidget]:
        return [part for row in self.rows for part in row.tab_chain()] + [self.add_button]
