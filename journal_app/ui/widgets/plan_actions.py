"""A relationship plan's actions (what, who, by when, resources, done) and the service model
behind the plan (the RATER/SERVQUAL dimension chosen, and why). Self-contained: the objective
form adds these below its SMART fields."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput
from ...journal.records import RATER, PlanAction, ServiceModel
from .record_view import OptionalDate, add_row, choice_label, combo, set_combo_value


class PlanActionRow(QFrame):
    """One action: what, who, by when, resources, done, and a remove button."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.what = QLineEdit()
        self.what.setPlaceholderText(self.tr("What, e.g. Call the fleet manager every Monday"))
        self.who = QLineEdit()
        self.who.setPlaceholderText(self.tr("Who"))
        self.who.setMaximumWidth(120)
        self.by = OptionalDate(self.tr("Action {n}: by when").format(n=number))
        self.resources = QLineEdit()
        self.resources.setPlaceholderText(self.tr("Resources, e.g. call list, CRM"))
        self.done = QCheckBox(self.tr("Done"))
        self.remove = QPushButton("✕")
        self.remove.setFixedWidth(32)
        self.remove.setToolTip(self.tr("Remove this action"))
        for widget, name in ((self.what, "what"), (self.who, "who"), (self.resources, "resources"),
                             (self.done, "done"), (self.remove, "remove")):
            names = {"what": self.tr("Action {n}: what"), "who": self.tr("Action {n}: who"),
                     "resources": self.tr("Action {n}: resources"), "done": self.tr("Action {n}: done"),
                     "remove": self.tr("Remove action {n}")}
            widget.setAccessibleName(names[name].format(n=number))
        layout.addWidget(self.what, 3)
        layout.addWidget(self.who, 1)
        layout.addWidget(QLabel(self.tr("by")))
        layout.addWidget(self.by)
        layout.addWidget(self.resources, 2)
        layout.addWidget(self.done)
        layout.addWidget(self.remove)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        for line in (self.what, self.who, self.resources):
            line.textChanged.connect(lambda _t: self.changed.emit())
        self.done.toggled.connect(lambda _on: self.changed.emit())
        self.by.changed.connect(self.changed)

    def load(self, action: PlanAction) -> None:
        self.what.setText(action.what)
        self.who.setText(action.who)
        self.by.set_value(action.by)
        self.resources.setText(action.resources)
        self.done.setChecked(action.done)

    def value(self, lenient: bool = False) -> PlanAction:
        """The action typed; a "by" that isn't a date raises InvalidInput unless ``lenient``."""
        by = self.by.last_iso() if lenient else self.by.value()
        return PlanAction(what=self.what.text().strip(), who=self.who.text().strip(), by=by,
                          resources=self.resources.text().strip(), done=self.done.isChecked())


class PlanActionsEditor(QWidget):
    """The list of a plan's actions with "+ Add a plan action"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)
        self.rows: list[PlanActionRow] = []
        # The fields just before and after this list on its form, so rows added later still
        # sit between them in the Tab order (set by the form).
        self.before: QWidget | None = None
        self.after: QWidget | None = None
        self.add_button = QPushButton(self.tr("+ Add a &plan action"))
        self.add_button.setAccessibleName(self.tr("Add a plan action"))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout.addLayout(bar)

    def add_row(self, action: PlanAction | None = None, focus: bool = False) -> PlanActionRow:
        row = PlanActionRow(len(self.rows) + 1)
        if action is not None:
            row.load(action)
        row.removed.connect(self._remove)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self._order()
        if focus:
            row.what.setFocus()
        self.changed.emit()
        return row

    def set_actions(self, actions: list[PlanAction]) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for action in actions:
            self.add_row(action)

    def typed(self, lenient: bool = False) -> list[PlanAction]:
        """The actions typed (rows left empty are skipped)."""
        out = []
        for row in self.rows:
            action = row.value(lenient)
            if action.what:
                out.append(action)
            elif not lenient and (action.who or action.resources or action.by):
                raise InvalidInput(self.tr("Action {n}: say what the action is, or remove the row.").format(
                    n=row.number))
        return out

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.what, row.who, row.by, row.resources, row.done, row.remove]
        return [*chain, self.add_button]

    def _remove(self, row: PlanActionRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        self._order()
        self.add_button.setFocus()
        self.changed.emit()

    def _order(self) -> None:
        """Rows are added after the add button was made, so Qt's own order would put them
        after it; set it to match what is shown."""
        chain = [w for w in (self.before, *self.tab_chain(), self.after) if w is not None]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)


class ServiceModelFields:
    """The RATER dimension a plan targets and why; added to a form by ``add_to``."""

    def __init__(self, parent: QWidget) -> None:
        tr = parent.tr
        self.dimension = combo([(None, tr("(not chosen yet)"))] + [(d, choice_label(d)) for d in RATER])
        self.why = QPlainTextEdit()
        self.why.setTabChangesFocus(True)
        self.why.setMaximumHeight(64)
        self.why.setPlaceholderText(tr(
            "Why this dimension? e.g. They complained about waiting, so responsiveness is the gap to close"))
        self._tr = tr

    def add_to(self, form: QFormLayout) -> None:
        add_row(form, self._tr("Service model, &dimension (RATER):"), self.dimension)
        add_row(form, self._tr("Wh&y this dimension:"), self.why)

    def load(self, model: ServiceModel | None) -> None:
        model = model or ServiceModel()
        set_combo_value(self.dimension, model.dimension)
        self.why.setPlainText(model.why)

    def value(self) -> ServiceModel | None:
        model = ServiceModel(dimension=self.dimension.currentData(), why=self.why.toPlainText().strip())
        return None if model.empty() else model
