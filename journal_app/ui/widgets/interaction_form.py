"""The interaction form: the quick part first (who, what kind, what happened, what I promised),
then the reflection (STAR), techniques, complaint and offer sections, and criteria.

The form turns its fields into records (``collect``) and into a plain dict for the
draft kept inside the journal (``draft``/``load_draft``); it never writes itself.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput
from ...journal.records import (
    CHANNELS,
    CUSTOMER_KINDS,
    INTERACTION_KINDS,
    SEGMENTS,
    Complaint,
    Customer,
    Interaction,
    Offer,
    Promise,
    Star,
)
from .common import at_field, hint
from .criteria_picker import CriteriaPicker
from .date_field import DateTimeField
from .interaction_draft import InteractionDraft
from .interaction_parts import (
    PromiseRow,
    _combo,
    _row,
    _set,
    _text_box,
    tr,
)
from .interaction_sections import InteractionSections
from .record_view import choice_label


class InteractionForm(InteractionDraft, InteractionSections, QWidget):
    """Emits ``changed`` on every edit (the editor keeps a draft from it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._today = date.today()
        self.editing: Interaction | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._basics())
        layout.addWidget(self._promises_box())
        # The editor puts Save / Save and log another / Cancel here, straight after the
        # quick log, and anything it adds after the reflection into ``end_row``.
        self.action_row = QHBoxLayout()
        layout.addLayout(self.action_row)
        self.action_widgets: list[QWidget] = []
        self.more_toggle = QToolButton()
        self.more_toggle.setText(tr("Re&flection, techniques and criteria — can be filled in later"))
        self.more_toggle.setAccessibleName(tr("Reflection, techniques and criteria"))
        self.more_toggle.setAccessibleDescription(tr("Optional. Press Space to show or hide these sections."))
        self.more_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_toggle.setCheckable(True)
        self.more_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.more_toggle.toggled.connect(self._show_more)
        layout.addWidget(self.more_toggle)
        self.more = QWidget()
        more = QVBoxLayout(self.more)
        more.setContentsMargins(0, 0, 0, 0)
        more.addWidget(self._reflection_box())
        self.complaint_box = self._complaint_box()
        more.addWidget(self.complaint_box)
        self.offer_box = self._offer_box()
        more.addWidget(self.offer_box)
        more.addWidget(self._criteria_box())
        layout.addWidget(self.more)
        self.end_row = QHBoxLayout()
        layout.addLayout(self.end_row)
        self.end_widgets: list[QWidget] = []
        # Rights and law, boundaries: optional too, shown with the reflection, after the row
        # the editor fills (so nothing they add sits inside the quick log or its Tab order).
        self.more_marking = QWidget()
        marking = QVBoxLayout(self.more_marking)
        marking.setContentsMargins(0, 0, 0, 0)
        self.rights_box = self._rights_box()
        marking.addWidget(self.rights_box)
        marking.addWidget(self._boundaries_box())
        layout.addWidget(self.more_marking)
        layout.addStretch(1)
        self._show_more(False)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self._connect_changes()
        self.fix_tab_order()

    # --- sections ------------------------------------------------------------------------
    def _basics(self) -> QGroupBox:
        box = QGroupBox(tr("What happened"))
        form = QFormLayout(box)
        row = QHBoxLayout()
        self.customer = QComboBox()
        self.customer.setEditable(False)
        self.customer.setAccessibleName(tr("Customer"))
        self.customer.setMinimumContentsLength(24)
        self.new_customer_button = QPushButton(tr("New customer…"))
        self.new_customer_button.setAccessibleName(tr("Add a new customer"))
        self.new_customer_button.clicked.connect(self.start_new_customer)
        row.addWidget(self.customer, 1)
        row.addWidget(self.new_customer_button)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(tr("&Customer:"))
        label.setBuddy(self.customer)
        form.addRow(label, holder)

        self.new_customer = QWidget()
        new_row = QHBoxLayout(self.new_customer)
        new_row.setContentsMargins(0, 0, 0, 0)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(tr("Their name (kept private; exports use a pseudonym)"))
        self.new_name.setAccessibleName(tr("New customer's name"))
        self.new_kind = _combo(CUSTOMER_KINDS, tr("New customer: internal or external"))
        self.new_segment = _combo(SEGMENTS, tr("New customer: segment"))
        new_row.addWidget(self.new_name, 2)
        new_row.addWidget(self.new_kind)
        new_row.addWidget(self.new_segment)
        self.new_customer_label = QLabel(tr("New customer:"))
        form.addRow(self.new_customer_label, self.new_customer)
        self._show_new_customer(False)

        self.kind = _combo(INTERACTION_KINDS, tr("Kind of interaction"))
        self.channel = _combo(CHANNELS, tr("Channel"))
        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.addWidget(self.kind)
        channel_label = QLabel(tr("C&hannel:"))
        channel_label.setBuddy(self.channel)
        kinds.addWidget(channel_label)
        kinds.addWidget(self.channel)
        self.when = DateTimeField(tr("When"))
        self.when.setMinimumWidth(self.when.fontMetrics().horizontalAdvance("Wed 30 Sep 2026 23:59") + 56)
        when_label = QLabel(tr("&When:"))
        when_label.setBuddy(self.when)
        kinds.addWidget(when_label)
        kinds.addWidget(self.when)
        kinds.addStretch(1)
        kinds_holder = QWidget()
        kinds_holder.setLayout(kinds)
        kind_label = QLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, kinds_holder)
        self.summary = _text_box(tr("Summary"), tr("In a sentence or two: what was it about?"), 2)
        _row(form, tr("Su&mmary:"), self.summary)
        self.resolved = QCheckBox(tr("&Resolved at first contact"))
        form.addRow("", self.resolved)
        return box

    def _promises_box(self) -> QGroupBox:
        box = QGroupBox(tr("Promises and follow-ups"))
        layout = QVBoxLayout(box)
        self.existing_promises = hint("")
        self.existing_promises.hide()
        layout.addWidget(self.existing_promises)
        self.promise_rows_layout = QVBoxLayout()
        layout.addLayout(self.promise_rows_layout)
        self.promise_rows: list[PromiseRow] = []
        add = QPushButton(tr("+ Add a &promise or follow-up"))
        add.clicked.connect(lambda: self.add_promise_row(focus=True))
        self.add_promise_button = add
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _criteria_box(self) -> QGroupBox:
        box = QGroupBox(tr("Assessment criteria this shows"))
        layout = QVBoxLayout(box)
        self.criteria = CriteriaPicker(tr("Assessment criteria"))
        layout.addWidget(self.criteria)
        return box

    def _connect_changes(self) -> None:
        def emit(*_args: Any) -> None:
            if not self._loading:
                self.changed.emit()

        for box in (self.customer, self.kind, self.channel, self.new_kind, self.new_segment):
            box.currentIndexChanged.connect(emit)
        for line in (self.new_name, self.offer_what):
            line.textChanged.connect(emit)
        for text in (self.summary, self.reflection, self.adaptation, self.offer_need, self.offer_benefit,
                     *self.star.values(), *self.four_as.values(), *self.marking_texts()):
            text.textChanged.connect(emit)
        self.consumer_right.currentIndexChanged.connect(emit)
        for check in (self.resolved, self.offer_accepted, *self.techniques.values()):
            check.toggled.connect(emit)
        self.when.changed.connect(emit)
        self.criteria.changed.connect(emit)
        self._emit = emit

    # --- keyboard order -------------------------------------------------------------------
    def tab_chain(self) -> list[QWidget]:
        """The Tab order, top to bottom as shown: the quick log, its buttons, then the rest."""
        chain: list[QWidget] = [self.customer, self.new_customer_button, self.new_name, self.new_kind,
                                self.new_segment, self.kind, self.channel, self.when, self.summary,
                                self.resolved]
        for row in self.promise_rows:
            chain += row.tab_chain()
        chain += [self.add_promise_button, *self.action_widgets, self.more_toggle]
        chain += [*self.star.values(), self.reflection, self.adaptation, *self.techniques.values(),
                  *self.four_as.values(), self.offer_what, self.offer_need, self.offer_benefit,
                  self.offer_accepted, self.criteria, *self.end_widgets, *self.marking_fields()]
        return chain

    def fix_tab_order(self) -> None:
        """Promise rows are made after the reflection fields, so Qt's own order (the order
        widgets were made in) would put them last; set it to match what is shown."""
        chain = [part for widget in self.tab_chain() for part in _focus_parts(widget)]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _show_more(self, on: bool) -> None:
        self.more.setVisible(on)
        self.more_marking.setVisible(on)
        self.more_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if self.more_toggle.isChecked() != on:
            self.more_toggle.setChecked(on)

    def show_reflection(self, on: bool = True) -> None:
        self._show_more(on)

    def _has_reflection(self) -> bool:
        texts = [*self.star.values(), self.reflection, self.adaptation, *self.four_as.values(),
                 self.offer_need, self.offer_benefit]
        texts += self.marking_texts()
        return (any(box.toPlainText().strip() for box in texts) or bool(self.offer_what.text().strip())
                or any(check.isChecked() for check in self.techniques.values())
                or bool(self.criteria.checked()))

    # --- behaviour ------------------------------------------------------------------------
    def _kind_changed(self, *_args: Any) -> None:
        kind = self.kind.currentData()
        self.complaint_box.setVisible(kind == "complaint")
        self.offer_box.setVisible(kind == "sale")
        self.rights_box.setVisible(kind in ("complaint", "sale"))

    def _show_new_customer(self, on: bool) -> None:
        self.new_customer.setVisible(on)
        self.new_customer_label.setVisible(on)
        self.customer.setEnabled(not on)
        self.new_customer_button.setText(tr("Pick an existing customer") if on else tr("New customer…"))
        self.new_customer_button.setAccessibleName(
            tr("Pick an existing customer") if on else tr("Add a new customer"))

    def start_new_customer(self) -> None:
        on = self.new_customer.isHidden()
        self._show_new_customer(on)
        if on:
            self.new_name.setFocus()
        else:
            self.new_name.clear()
        if not self._loading:
            self.changed.emit()

    def add_promise_row(self, data: dict[str, Any] | None = None, focus: bool = False) -> PromiseRow:
        row = PromiseRow(len(self.promise_rows) + 1, self._today + timedelta(days=1))
        row.due.now = self.when.now
        if data:
            row.load(data)
        row.removed.connect(self._remove_promise_row)
        row.changed.connect(lambda: self._emit())
        self.promise_rows.append(row)
        self.promise_rows_layout.addWidget(row)
        self.fix_tab_order()
        if focus:
            row.text.setFocus()
        return row

    def _remove_promise_row(self, row: PromiseRow) -> None:
        self.promise_rows.remove(row)
        self.promise_rows_layout.removeWidget(row)
        row.deleteLater()
        self.fix_tab_order()
        self._emit()

    def _clear_promise_rows(self) -> None:
        for row in self.promise_rows:
            self.promise_rows_layout.removeWidget(row)
            row.deleteLater()
        self.promise_rows = []

    # --- loading --------------------------------------------------------------------------
    def set_choices(self, customers: list[Any], criteria: list[Any]) -> None:
        """Fill the pickers (customers as daily.CustomerChoice; criteria as (ref, Criterion))."""
        current = self.customer.currentData()
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(tr("(no particular customer)"), None)
        for choice in customers:
            label = choice.label + (f" — {choice.organisation}" if choice.organisation else "")
            if choice.kind == "internal":
                label += tr(" (internal)")
            self.customer.addItem(label, choice.id)
        _set(self.customer, current)
        self.customer.blockSignals(False)
        self.criteria.set_criteria(criteria)

    def start_new(self, now: datetime, customer_id: str | None = None) -> None:
        self._loading = True
        try:
            self.editing = None
            self._today = now.date()
            self.when.now = lambda: now.replace(tzinfo=None)
            for row in self.promise_rows:
                row.due.now = self.when.now
            self.customer.setCurrentIndex(0)
            if customer_id:
                _set(self.customer, customer_id)
            self._show_new_customer(False)
            self.new_name.clear()
            _set(self.new_kind, "external")
            _set(self.new_segment, "occasional")
            _set(self.kind, "enquiry")
            _set(self.channel, "face-to-face")
            self.when.set_datetime(now)
            for box in (self.summary, self.reflection, self.adaptation, self.offer_need, self.offer_benefit,
                        *self.star.values(), *self.four_as.values()):
                box.clear()
            self.offer_what.clear()
            for check in (self.resolved, self.offer_accepted, *self.techniques.values()):
                check.setChecked(False)
            self.criteria.set_checked([])
            self.clear_marking()
            self._clear_promise_rows()
            self.add_promise_row()
            self.existing_promises.hide()
        finally:
            self._loading = False
        self._show_more(False)  # a new entry starts with the quick log only
        self._kind_changed()

    def load(self, interaction: Interaction, promises: list[Promise], now: datetime) -> None:
        self.start_new(now)
        self._loading = True
        try:
            self.editing = interaction
            self._clear_promise_rows()
            _set(self.customer, interaction.customer)
            _set(self.kind, interaction.kind)
            _set(self.channel, interaction.channel)
            when = datetime.fromisoformat(interaction.at)
            self.when.set_datetime(when)
            self.summary.setPlainText(interaction.summary)
            for part, box in self.star.items():
                box.setPlainText(getattr(interaction.star, part))
            self.reflection.setPlainText(interaction.reflection)
            self.adaptation.setPlainText(interaction.adaptation)
            for technique, check in self.techniques.items():
                check.setChecked(technique in interaction.techniques)
            if interaction.complaint:
                for step, box in self.four_as.items():
                    box.setPlainText(getattr(interaction.complaint, step))
            if interaction.offer:
                self.offer_what.setText(interaction.offer.what)
                self.offer_need.setPlainText(interaction.offer.need)
                self.offer_benefit.setPlainText(interaction.offer.benefit)
                self.offer_accepted.setChecked(interaction.offer.accepted)
            self.resolved.setChecked(interaction.resolved_first_contact)
            self.criteria.set_checked(interaction.criteria)
            self.load_marking(interaction)
            if promises:
                lines = [f"• {p.text} — {choice_label(p.status)} (due {p.due})" for p in promises]
                self.existing_promises.setText(tr("Already recorded:") + "\n" + "\n".join(lines))
                self.existing_promises.show()
        finally:
            self._loading = False
        self._show_more(True)  # coming back to an entry is usually to reflect on it
        self._kind_changed()

    # --- reading back ---------------------------------------------------------------------
    def _when(self, zone: Any) -> str:
        local = self.when.read()
        if local is None:
            problem = tr("When: type the date and time it happened, e.g. today 2pm.")
            raise at_field(InvalidInput(problem), self.when)
        return local.replace(second=0, microsecond=0, tzinfo=zone).isoformat()

    def collect(self, zone: Any) -> tuple[Interaction, Customer | None, list[Promise]]:
        """The records to write; raises InvalidInput naming what to fix."""
        new_customer = None
        customer_id = self.customer.currentData()
        if not self.new_customer.isHidden():
            name = self.new_name.text().strip()
            if not name:
                problem = tr("Type the new customer's name, or pick an existing customer.")
                raise at_field(InvalidInput(problem), self.new_name)
            new_customer = Customer(name=name, kind=self.new_kind.currentData(),
                                    segment=self.new_segment.currentData())
            customer_id = None
        kind = self.kind.currentData()
        summary = self.summary.toPlainText().strip()
        if not summary:
            raise at_field(InvalidInput(tr("Write a short summary of what happened (a sentence is enough).")),
                           self.summary)
        base = self.editing
        rights, boundaries = self.collect_marking(kind, base)
        interaction = Interaction(
            id=base.id if base else "",
            customer=customer_id,
            at=self._when(zone),
            channel=self.channel.currentData(),
            kind=kind,
            summary=summary,
            star=Star(**{part: box.toPlainText().strip() for part, box in self.star.items()}),
            reflection=self.reflection.toPlainText().strip(),
            techniques=[t for t, check in self.techniques.items() if check.isChecked()],
            adaptation=self.adaptation.toPlainText().strip(),
            complaint=Complaint(**{s: b.toPlainText().strip() for s, b in self.four_as.items()})
            if kind == "complaint" else (base.complaint if base else None),
            offer=Offer(what=self.offer_what.text().strip(), need=self.offer_need.toPlainText().strip(),
                        benefit=self.offer_benefit.toPlainText().strip(),
                        accepted=self.offer_accepted.isChecked())
            if kind == "sale" else (base.offer if base else None),
            resolved_first_contact=self.resolved.isChecked(),
            criteria=self.criteria.checked(),
            rights=rights,
            boundaries=boundaries,
        )
        if base is not None:
            interaction.extra = dict(base.extra)
            interaction.created_at = base.created_at
        promises = []
        for n, row in enumerate(self.promise_rows, start=1):
            value = row.value()
            if not value["text"]:
                continue
            value["due"] = row.due.iso()
            if not value["due"]:
                problem = tr("Promise {n}: choose the date it is due by.").format(n=n)
                raise at_field(InvalidInput(problem), row.due)
            promises.append(Promise(kind=value["kind"], text=value["text"], due=value["due"]))
        return interaction, new_customer, promises


def _focus_parts(widget: QWidget) -> list[QWidget]:
    """The Tab stops a field is made of: itself, or for a holder that takes no focus (a date
    field with a "set" box, say) its focusable parts, in the order they were made."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return [widget]
    parts: list[QWidget] = []
    for child in widget.findChildren(QWidget):
        if (child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.focusProxy() is None
                and not any(part.isAncestorOf(child) for part in parts)):
            parts.append(child)
    return parts
