"""The evidence item editor: what it is, when, what it shows, who witnessed it, what it supports."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...journal.listings import InteractionBrief
from ...journal.records import EVIDENCE_KINDS, Criterion, Evidence, Witness
from .common import text_area
from .criteria_picker import CriteriaPicker
from .record_view import (
    OptionalDate,
    add_row,
    choice_label,
    combo,
    emit_checked,
    heading,
    nice_date,
    set_combo_value,
)


class EvidenceForm(QWidget):
    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Evidence | None = None
        layout = QVBoxLayout(self)
        self.title_label = heading(self.tr("New evidence"))
        layout.addWidget(self.title_label)
        form = QFormLayout()
        self.kind = combo([(k, choice_label(k)) for k in EVIDENCE_KINDS])
        add_row(form, self.tr("&Kind:"), self.kind)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Thank-you e-mail from a customer"))
        add_row(form, self.tr("T&itle:"), self.title)
        self.at = OptionalDate(self.tr("Date"))
        add_row(form, self.tr("Da&te:"), self.at)
        self.description = text_area(
            self.tr("What does it show about your work?"), min_height=70, max_height=140)
        add_row(form, self.tr("Descri&ption:"), self.description)
        layout.addLayout(form)

        self.witness_box = QGroupBox(self.tr("Witness testimony"))
        witness_form = QFormLayout(self.witness_box)
        self.witness_name = QLineEdit()
        add_row(witness_form, self.tr("&Witness name:"), self.witness_name)
        self.witness_role = QLineEdit()
        self.witness_role.setPlaceholderText(self.tr("e.g. Service manager, my supervisor"))
        add_row(witness_form, self.tr("&Role:"), self.witness_role)
        self.witness_relationship = QLineEdit()
        self.witness_relationship.setPlaceholderText(self.tr("e.g. my line manager, my mentor"))
        add_row(witness_form, self.tr("Relations&hip to you:"), self.witness_relationship)
        self.witness_statement = text_area(
            self.tr("What they saw you do, in their words"), min_height=90, max_height=180)
        add_row(witness_form, self.tr("&Statement:"), self.witness_statement)
        self.witness_signed = QCheckBox(self.tr("Signed &by the witness"))
        self.witness_signed.setAccessibleName(self.tr("Signed by the witness"))
        witness_form.addRow("", self.witness_signed)
        self.witness_signed_on = OptionalDate(self.tr("Date signed"))
        add_row(witness_form, self.tr("Signed &on:"), self.witness_signed_on)
        self.witness_signed_on.setAccessibleName(self.tr("Date signed"))
        layout.addWidget(self.witness_box)

        links = QFormLayout()
        self.interactions = QListWidget()
        self.interactions.setMinimumHeight(90)
        add_row(links, self.tr("&Linked interactions:"), self.interactions)
        self.criteria = CriteriaPicker(self.tr("Criteria this evidence supports"))
        add_row(links, self.tr("&Criteria:"), self.criteria)
        layout.addLayout(links)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def set_choices(self, interactions: list[InteractionBrief], labels: dict[str, str],
                    criteria: list[tuple[str, Criterion]]) -> None:
        self.interactions.clear()
        for brief in interactions:
            who = labels.get(brief.customer or "", "")
            text = " · ".join(x for x in (nice_date(brief.at), choice_label(brief.kind), who,
                                          brief.summary.replace("\n", " ")[:60]) if x)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, brief.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.interactions.addItem(item)
        self.criteria.set_criteria(criteria)

    def edit(self, evidence: Evidence | None, today) -> None:  # date
        self._editing = evidence
        e = evidence or Evidence(at=today.isoformat())
        self.title_label.setText(self.tr("Edit evidence") if evidence else self.tr("New evidence"))
        set_combo_value(self.kind, e.kind)
        self.title.setText(e.title)
        self.at.set_value(e.at, today)
        self.description.setPlainText(e.description)
        w = e.witness or Witness()
        self.witness_name.setText(w.name)
        self.witness_role.setText(w.role)
        self.witness_statement.setPlainText(w.statement)
        self.witness_signed.setChecked(w.signed)
        self.witness_relationship.setText(w.relationship)
        self.witness_signed_on.set_value(w.signed_on)
        linked = set(e.interactions)
        for row in range(self.interactions.count()):
            item = self.interactions.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.criteria.set_checked(e.criteria)
        self._kind_changed()

    def value(self) -> Evidence:
        base = self._editing or Evidence()
        witness = Witness(self.witness_name.text().strip(), self.witness_role.text().strip(),
                          self.witness_statement.toPlainText().strip(), self.witness_signed.isChecked(),
                          self.witness_relationship.text().strip(), self.witness_signed_on.value())
        has_witness = self.kind.currentData() == "witness-testimony" or any(
            (witness.name, witness.role, witness.statement, witness.relationship, witness.signed_on))
        linked = [
            self.interactions.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.interactions.count())
            if self.interactions.item(r).checkState() == Qt.CheckState.Checked
        ]
        # Links to interactions outside the picker's recent list are kept as they were.
        items = [self.interactions.item(r) for r in range(self.interactions.count())]
        shown = {item.data(Qt.ItemDataRole.UserRole) for item in items}
        linked += [i for i in base.interactions if i not in shown]
        return dataclasses.replace(
            base, kind=self.kind.currentData(), title=self.title.text().strip(), at=self.at.value(),
            description=self.description.toPlainText().strip(), witness=witness if has_witness else None,
            interactions=linked, criteria=self.criteria.checked(), extra=dict(base.extra),
        )

    def _kind_changed(self, *args: object) -> None:
        is_testimony = self.kind.currentData() == "witness-testimony"
        has_text = bool(self.witness_name.text() or self.witness_statement.toPlainText())
        self.witness_box.setVisible(is_testimony or has_text)
