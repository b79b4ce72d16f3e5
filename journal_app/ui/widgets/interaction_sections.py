"""The reflective sections of the interaction form: STAR, the 4 As of a complaint, the offer.

Kept apart from the quick-log part of the form (customer, kind, summary, promise),
which is what a learner fills in at the desk; these are usually written later.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...journal.records import TECHNIQUES
from .interaction_parts import FOUR_AS, STAR_PROMPTS, _row, _text_box, tr
from .record_view import choice_label


class InteractionSections:
    """Mixed into InteractionForm: builds the sections and keeps their fields on it."""

    def _reflection_box(self) -> QGroupBox:
        box = QGroupBox(tr("Reflection (STAR) — can be filled in later"))
        form = QFormLayout(box)
        self.star: dict[str, QPlainTextEdit] = {}
        for part, prompt in STAR_PROMPTS.items():
            field = _text_box(choice_label(part), tr(prompt))
            self.star[part] = field
            _row(form, tr(f"{choice_label(part)}:"), field)
        self.reflection = _text_box(tr("What I'd do differently"),
                                    tr("Looking back, what would you change next time, and why?"))
        _row(form, tr("What I'd do &differently:"), self.reflection)
        self.adaptation = _text_box(tr("How I adapted my style"),
                                    tr("How did you adapt to this person (pace, words, channel, tone)?"), 2)
        _row(form, tr("How I adapt&ed:"), self.adaptation)
        grid = QGridLayout()
        self.techniques: dict[str, QCheckBox] = {}
        for n, technique in enumerate(TECHNIQUES):
            check = QCheckBox(tr(technique[:1].upper() + technique[1:]))
            self.techniques[technique] = check
            grid.addWidget(check, n // 3, n % 3)
        holder = QWidget()
        holder.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel(tr("Techniques I used:")), holder)
        return box

    def _complaint_box(self) -> QGroupBox:
        box = QGroupBox(tr("Complaint: the 4 As"))
        form = QFormLayout(box)
        self.four_as: dict[str, QPlainTextEdit] = {}
        for step, prompt in FOUR_AS.items():
            field = _text_box(choice_label(step), tr(prompt), 2)
            self.four_as[step] = field
            _row(form, tr(f"{choice_label(step)}:"), field)
        return box

    def _offer_box(self) -> QGroupBox:
        box = QGroupBox(tr("The offer (upsell or cross-sell)"))
        form = QFormLayout(box)
        self.offer_what = QLineEdit()
        self.offer_what.setPlaceholderText(tr("e.g. Extended warranty, MOT test"))
        self.offer_need = _text_box(tr("The need it met"), tr("What did the customer need that this met?"), 2)
        self.offer_benefit = _text_box(tr("The benefit I explained"),
                                       tr("How did you explain the benefit?"), 2)
        self.offer_accepted = QCheckBox(tr("The customer said &yes"))
        _row(form, tr("What I &offered:"), self.offer_what)
        _row(form, tr("The &need it met:"), self.offer_need)
        _row(form, tr("The &benefit I explained:"), self.offer_benefit)
        form.addRow("", self.offer_accepted)
        return box
