"""The interaction form: the quick part first (what happened, what I promised), then the
reflection (STAR), the complaint and offer sections, the criteria, and rights and boundaries.

The form owns one section per titled box (see ``interaction_parts.FormSection`` for what
each offers) and composes them: ``collect`` asks each section and builds the records,
``draft``/``load_draft`` gather each section's piece of the draft kept inside the journal,
and ``tab_chain`` strings their Tab stops together. It never writes itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from ...journal.records import RIGHTS_KINDS, Criterion, Customer, Interaction, Promise
from .common import tr
from .interaction_parts import Draft, FormSection, part_of
from .interaction_promises import PromiseRow, PromisesSection
from .interaction_reflection import ComplaintSection, CriteriaSection, OfferSection, ReflectionSection
from .interaction_rights import BoundariesSection, RightsSection
from .interaction_what_happened import CustomerChoice, WhatHappenedSection


class InteractionForm(QWidget):
    """Emits ``changed`` on every edit (the editor keeps a draft from it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.editing: Interaction | None = None
        self._actions: list[QWidget] = []
        self._after_reflection: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.what_happened = WhatHappenedSection()
        layout.addWidget(self.what_happened)
        self.promises = PromisesSection()
        layout.addWidget(self.promises)
        # The editor puts Save / Save and log another / Cancel here, straight after the
        # quick log (``place_actions``), and anything it adds after the reflection into
        # the end row (``place_after_reflection``).
        self._action_row = QHBoxLayout()
        layout.addLayout(self._action_row)
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
        self.reflection = ReflectionSection()
        self.complaint = ComplaintSection()
        self.offer = OfferSection()
        self.criteria = CriteriaSection()
        for box in (self.reflection, self.complaint, self.offer, self.criteria):
            more.addWidget(box)
        layout.addWidget(self.more)
        self._end_row = QHBoxLayout()
        layout.addLayout(self._end_row)
        # Rights and law, boundaries: optional too, shown with the reflection, after the row
        # the editor fills (so nothing they add sits inside the quick log or its Tab order).
        self.more_marking = QWidget()
        marking = QVBoxLayout(self.more_marking)
        marking.setContentsMargins(0, 0, 0, 0)
        self.rights = RightsSection()
        self.boundaries = BoundariesSection()
        marking.addWidget(self.rights)
        marking.addWidget(self.boundaries)
        layout.addWidget(self.more_marking)
        layout.addStretch(1)

        self._optional: tuple[FormSection[object], ...] = (
            self.reflection, self.complaint, self.offer, self.criteria, self.rights, self.boundaries)
        self._sections: tuple[FormSection[object], ...] = (
            self.what_happened, self.promises, *self._optional)
        for section in self._sections:
            section.changed.connect(self._section_changed)
        self.promises.rows_changed.connect(self.fix_tab_order)
        self._show_more(False)
        self.what_happened.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.fix_tab_order()

    # --- what the editor and the tests reach most ---------------------------------------------
    @property
    def customer(self) -> QComboBox:
        return self.what_happened.customer

    @property
    def kind(self) -> QComboBox:
        return self.what_happened.kind

    @property
    def summary(self) -> QPlainTextEdit:
        return self.what_happened.summary

    @property
    def promise_rows(self) -> list[PromiseRow]:
        return self.promises.rows

    # --- the editor's own widgets -----------------------------------------------------------
    def place_actions(self, buttons: Sequence[QWidget]) -> None:
        """Put the editor's buttons straight under the quick log, so Tab reaches Save before
        the long optional sections."""
        for button in buttons:
            self._action_row.addWidget(button)
        self._action_row.addStretch(1)
        self._actions = list(buttons)
        self.fix_tab_order()

    def place_after_reflection(self, tab_stops: Sequence[QWidget], note: QWidget | None = None) -> None:
        """Put ``tab_stops`` (then ``note``, stretched) after the criteria, before rights and law."""
        for widget in tab_stops:
            self._end_row.addWidget(widget)
        if note is not None:
            self._end_row.addWidget(note, 1)
        self._after_reflection = list(tab_stops)
        self.fix_tab_order()

    # --- keyboard order -------------------------------------------------------------------
    def tab_chain(self) -> list[QWidget]:
        """The Tab order, top to bottom as shown: the quick log, its buttons, then the rest."""
        chain = self.what_happened.tab_chain() + self.promises.tab_chain()
        chain += [*self._actions, self.more_toggle]
        for section in (self.reflection, self.complaint, self.offer, self.criteria):
            chain += section.tab_chain()
        chain += self._after_reflection
        return chain + self.rights.tab_chain() + self.boundaries.tab_chain()

    def fix_tab_order(self) -> None:
        """Promise rows are made after the reflection fields, so Qt's own order (the order
        widgets were made in) would put them last; set it to match what is shown."""
        chain = [part for widget in self.tab_chain() for part in _focus_parts(widget)]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- behaviour ------------------------------------------------------------------------
    def _section_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _show_more(self, on: bool) -> None:
        self.more.setVisible(on)
        self.more_marking.setVisible(on)
        self.more_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if self.more_toggle.isChecked() != on:
            self.more_toggle.setChecked(on)

    def show_reflection(self, on: bool = True) -> None:
        self._show_more(on)

    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind.currentData()
        self.complaint.setVisible(kind == "complaint")
        self.offer.setVisible(kind == "sale")
        self.rights.setVisible(kind in RIGHTS_KINDS)

    def has_content(self) -> bool:
        """True once the learner has typed or ticked anything worth keeping."""
        return any(section.has_content() for section in self._sections)

    # --- loading --------------------------------------------------------------------------
    def set_choices(self, customers: Iterable[CustomerChoice], criteria: list[tuple[str, Criterion]]) -> None:
        """Fill the pickers: customers (as ``journal.daily.customer_choices`` lists them) and
        criteria as (ref, Criterion)."""
        self.what_happened.set_customers(customers)
        self.criteria.set_criteria(criteria)

    def start_new(self, now: datetime, customer_id: str | None = None) -> None:
        self._loading = True
        try:
            self.editing = None
            clock = now.replace(tzinfo=None)
            self.what_happened.set_clock(lambda: clock)
            self.promises.set_clock(lambda: clock)
            for section in self._sections:
                section.clear()
            if customer_id:
                self.what_happened.pick_customer(customer_id)
        finally:
            self._loading = False
        self._show_more(False)  # a new entry starts with the quick log only
        self._kind_changed()

    def load(self, interaction: Interaction, promises: list[Promise], now: datetime) -> None:
        self.start_new(now)
        self._loading = True
        try:
            self.editing = interaction
            for section in self._sections:
                section.load(interaction)
            self.promises.show_recorded(promises)
        finally:
            self._loading = False
        self._show_more(True)  # coming back to an entry is usually to reflect on it
        self._kind_changed()

    # --- drafts ---------------------------------------------------------------------------
    def draft(self) -> Draft:
        """Everything typed so far as plain data (kept inside the encrypted journal)."""
        data: Draft = {"editing": self.editing.id if self.editing else None}
        for section in (self.what_happened, self.reflection, self.complaint, self.offer, self.criteria,
                        self.promises):
            data.update(section.draft())
        data["marking"] = {**self.rights.draft(), **self.boundaries.draft()}
        return data

    def load_draft(self, draft: Mapping[str, object], now: datetime, editing: Interaction | None = None,
                   promises: list[Promise] | None = None) -> None:
        if editing is not None:
            self.load(editing, promises or [], now)
        else:
            self.start_new(now)
        self._loading = True
        try:
            for section in (self.what_happened, self.reflection, self.complaint, self.offer, self.criteria,
                            self.promises):
                section.load_draft(draft)
            marking = part_of(draft, "marking")
            self.rights.load_draft(marking)
            self.boundaries.load_draft(marking)
        finally:
            self._loading = False
        if editing is not None or any(section.has_content() for section in self._optional):
            self.show_reflection(True)
        self._kind_changed()

    # --- reading back ---------------------------------------------------------------------
    def collect(self, zone: tzinfo | None) -> tuple[Interaction, Customer | None, list[Promise]]:
        """The records to write; raises InvalidInput naming what to fix."""
        what = self.what_happened.collect()
        base = self.editing
        kind = what.kind
        reflection = self.reflection.collect()
        interaction = Interaction(
            id=base.id if base else "",
            customer=what.customer,
            at=what.at.replace(second=0, microsecond=0, tzinfo=zone).isoformat(),
            channel=what.channel,
            kind=kind,
            summary=what.summary,
            star=reflection.star,
            reflection=reflection.differently,
            techniques=reflection.techniques,
            adaptation=reflection.adaptation,
            # Asked only for the kinds they belong to; another kind keeps what was saved before.
            complaint=self.complaint.collect() if kind == "complaint" else (base.complaint if base else None),
            offer=self.offer.collect() if kind == "sale" else (base.offer if base else None),
            resolved_first_contact=what.resolved,
            criteria=self.criteria.collect(),
            rights=self.rights.collect() if kind in RIGHTS_KINDS else (base.rights if base else None),
            boundaries=self.boundaries.collect(),
        )
        if base is not None:
            interaction.extra = dict(base.extra)
            interaction.created_at = base.created_at
        return interaction, what.new_customer, self.promises.collect()


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
