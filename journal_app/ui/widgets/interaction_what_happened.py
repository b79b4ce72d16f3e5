""""What happened": the quick log a learner fills in at the desk (who, what kind, which
channel, when, a summary, resolved at first contact), with an inline new customer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ...errors import InvalidInput
from ...journal.records import CHANNELS, CUSTOMER_KINDS, INTERACTION_KINDS, SEGMENTS, Customer, Interaction
from .common import at_field, tr
from .date_field import DateTimeField
from .interaction_parts import Draft, FormSection, part_of, text_box, text_in
from .record_view import add_row, choice_label, combo, set_combo_value


class CustomerChoice(Protocol):
    """A customer as the picker lists them (``journal.daily.CustomerChoice``)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def organisation(self) -> str: ...


@dataclass(frozen=True)
class WhatHappened:
    """The quick log as typed: ``customer`` is an existing customer's id (None for no one in
    particular, or when ``new_customer`` is to be added); ``at`` is wall-clock time."""

    customer: str | None
    new_customer: Customer | None
    kind: str
    channel: str
    at: datetime
    summary: str
    resolved: bool


def _choices(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(value, choice_label(value)) for value in values]


class WhatHappenedSection(FormSection[WhatHappened]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("What happened"), parent)
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.customer = combo([], tr("Customer"))
        self.customer.setEditable(False)
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
        self.new_kind = combo(_choices(CUSTOMER_KINDS), tr("New customer: internal or external"))
        self.new_segment = combo(_choices(SEGMENTS), tr("New customer: segment"))
        new_row.addWidget(self.new_name, 2)
        new_row.addWidget(self.new_kind)
        new_row.addWidget(self.new_segment)
        self.new_customer_label = QLabel(tr("New customer:"))
        form.addRow(self.new_customer_label, self.new_customer)
        self._show_new_customer(False)

        self.kind = combo(_choices(INTERACTION_KINDS), tr("Kind of interaction"))
        self.channel = combo(_choices(CHANNELS), tr("Channel"))
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
        self.summary = text_box(tr("Summary"), tr("In a sentence or two: what was it about?"), 2)
        add_row(form, tr("Su&mmary:"), self.summary, keep_name=True)
        self.resolved = QCheckBox(tr("&Resolved at first contact"))
        form.addRow("", self.resolved)

        for box in (self.customer, self.kind, self.channel, self.new_kind, self.new_segment):
            box.currentIndexChanged.connect(self.changed)
        self.new_name.textChanged.connect(self.changed)
        self.summary.textChanged.connect(self.changed)
        self.resolved.toggled.connect(self.changed)
        self.when.changed.connect(self.changed)

    # --- the customer ----------------------------------------------------------------------
    def set_customers(self, customers: Iterable[CustomerChoice]) -> None:
        """Fill the picker, keeping whoever was picked."""
        current = self.customer.currentData()
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(tr("(no particular customer)"), None)
        for choice in customers:
            label = choice.label + (f" — {choice.organisation}" if choice.organisation else "")
            if choice.kind == "internal":
                label += tr(" (internal)")
            self.customer.addItem(label, choice.id)
        set_combo_value(self.customer, current)
        self.customer.blockSignals(False)

    def pick_customer(self, customer_id: str | None) -> None:
        set_combo_value(self.customer, customer_id)

    def adding_customer(self) -> bool:
        """True while the learner is typing in a new customer instead of picking one."""
        return not self.new_customer.isHidden()

    def _show_new_customer(self, on: bool) -> None:
        self.new_customer.setVisible(on)
        self.new_customer_label.setVisible(on)
        self.customer.setEnabled(not on)
        self.new_customer_button.setText(tr("Pick an existing customer") if on else tr("New customer…"))
        self.new_customer_button.setAccessibleName(
            tr("Pick an existing customer") if on else tr("Add a new customer"))

    def start_new_customer(self) -> None:
        """Switch between typing in a new customer and picking an existing one."""
        on = self.new_customer.isHidden()
        self._show_new_customer(on)
        if on:
            self.new_name.setFocus()
        else:
            self.new_name.clear()
        self.changed.emit()

    # --- the protocol ------------------------------------------------------------------------
    def set_clock(self, now: Callable[[], datetime]) -> None:
        """What "today" and "now" mean when a time is typed (and what a blank entry shows)."""
        self.when.now = now

    def clear(self) -> None:
        self.customer.setCurrentIndex(0)
        self._show_new_customer(False)
        self.new_name.clear()
        set_combo_value(self.new_kind, "external")
        set_combo_value(self.new_segment, "occasional")
        set_combo_value(self.kind, "enquiry")
        set_combo_value(self.channel, "face-to-face")
        self.when.set_datetime(self.when.now())
        self.summary.clear()
        self.resolved.setChecked(False)

    def load(self, interaction: Interaction) -> None:
        set_combo_value(self.customer, interaction.customer)
        set_combo_value(self.kind, interaction.kind)
        set_combo_value(self.channel, interaction.channel)
        self.when.set_datetime(datetime.fromisoformat(interaction.at))
        self.summary.setPlainText(interaction.summary)
        self.resolved.setChecked(interaction.resolved_first_contact)

    def collect(self) -> WhatHappened:
        new_customer = None
        customer_id = self.customer.currentData()
        if self.adding_customer():
            name = self.new_name.text().strip()
            if not name:
                problem = tr("Type the new customer's name, or pick an existing customer.")
                raise at_field(InvalidInput(problem), self.new_name)
            new_customer = Customer(name=name, kind=self.new_kind.currentData(),
                                    segment=self.new_segment.currentData())
            customer_id = None
        summary = self.summary.toPlainText().strip()
        if not summary:
            raise at_field(InvalidInput(tr("Write a short summary of what happened (a sentence is enough).")),
                           self.summary)
        at = self.when.value_datetime()
        if at is None:
            problem = tr("When: type the date and time it happened, e.g. today 2pm.")
            raise at_field(InvalidInput(problem), self.when)
        return WhatHappened(customer=customer_id, new_customer=new_customer, kind=self.kind.currentData(),
                            channel=self.channel.currentData(), at=at, summary=summary,
                            resolved=self.resolved.isChecked())

    def draft(self) -> Draft:
        last = self.when.last()
        return {
            "customer": self.customer.currentData(),
            "new_customer": {
                "name": self.new_name.text(), "kind": self.new_kind.currentData(),
                "segment": self.new_segment.currentData(),
            } if self.adding_customer() else None,
            "kind": self.kind.currentData(),
            "channel": self.channel.currentData(),
            "when": last.isoformat() if isinstance(last, datetime) else None,
            "summary": self.summary.toPlainText(),
            "resolved": self.resolved.isChecked(),
        }

    def load_draft(self, data: Mapping[str, object]) -> None:
        set_combo_value(self.customer, data.get("customer"))
        new = part_of(data, "new_customer")
        if new:
            self._show_new_customer(True)
            self.new_name.setText(text_in(new, "name"))
            set_combo_value(self.new_kind, new.get("kind", self.new_kind.currentData()))
            set_combo_value(self.new_segment, new.get("segment", self.new_segment.currentData()))
        set_combo_value(self.kind, data.get("kind", self.kind.currentData()))
        set_combo_value(self.channel, data.get("channel", self.channel.currentData()))
        when = text_in(data, "when")
        if when:
            self.when.set_datetime(datetime.fromisoformat(when))
        self.summary.setPlainText(text_in(data, "summary"))
        self.resolved.setChecked(bool(data.get("resolved")))

    def has_content(self) -> bool:
        return bool(self.summary.toPlainText().strip()
                    or (self.adding_customer() and self.new_name.text().strip()))

    def tab_chain(self) -> list[QWidget]:
        return [self.customer, self.new_customer_button, self.new_name, self.new_kind, self.new_segment,
                self.kind, self.channel, self.when, self.summary, self.resolved]
