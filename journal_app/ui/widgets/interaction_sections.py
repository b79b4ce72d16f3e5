"""The reflective sections of the interaction form: STAR, the 4 As of a complaint, the offer,
rights and law (complaints and sales), and boundaries and expectations.

Kept apart from the quick-log part of the form (customer, kind, summary, promise),
which is what a learner fills in at the desk; these are usually written later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...journal.records import (
    CONSUMER_RIGHT_LABELS,
    RIGHTS_KINDS,
    TECHNIQUES,
    Boundaries,
    Interaction,
    Rights,
)
from .interaction_parts import FOUR_AS, STAR_PROMPTS, _row, _set, _text_box, tr
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

    # --- rights and law, boundaries (optional; after the quick log) -------------------------
    def _rights_box(self) -> QGroupBox:
        """A short structured prompt shown for complaints and sales only."""
        box = QGroupBox(tr("Rights and law (complaints and sales)"))
        form = QFormLayout(box)
        self.consumer_right = QComboBox()
        self.consumer_right.setAccessibleName(tr("Consumer right at stake"))
        self.consumer_right.addItem(tr("(none recorded)"), None)
        for right, label in CONSUMER_RIGHT_LABELS.items():
            self.consumer_right.addItem(tr(label), right)
        self.consumer_notes = _text_box(
            tr("What the right meant here"),
            tr("e.g. The tyre failed after a week, so not of satisfactory quality"), 2)
        self.personal_data = _text_box(
            tr("Personal data involved"),
            tr("What personal data did you see or take? e.g. phone number, address"), 2)
        self.data_handling = _text_box(
            tr("How I handled the personal data"),
            tr("How did you keep it safe and use it only for this (DPA 2018 / UK GDPR)?"), 2)
        _row(form, tr("Consumer r&ight at stake:"), self.consumer_right)
        _row(form, tr("What it meant for this c&ustomer:"), self.consumer_notes)
        _row(form, tr("Personal data in&volved:"), self.personal_data)
        _row(form, tr("How I hand&led the personal data:"), self.data_handling)
        return box

    def _boundaries_box(self) -> QGroupBox:
        box = QGroupBox(tr("Boundaries and expectations"))
        form = QFormLayout(box)
        self.declined = _text_box(
            tr("What I declined or kept out of scope"),
            tr("e.g. Said no to a free courtesy car; promised a call, not a repair date"), 2)
        self.declined_why = _text_box(
            tr("Why I set that boundary"),
            tr("Policy, what you can really deliver, fairness to other customers…"), 2)
        _row(form, tr("&Boundary — what I declined or scoped:"), self.declined)
        _row(form, tr("Wh&y I set it:"), self.declined_why)
        return box

    def marking_fields(self) -> list[QWidget]:
        """The optional marking-point fields, in Tab order."""
        return [self.consumer_right, self.consumer_notes, self.personal_data, self.data_handling,
                self.declined, self.declined_why]

    def marking_texts(self) -> list[QPlainTextEdit]:
        return [self.consumer_notes, self.personal_data, self.data_handling, self.declined, self.declined_why]

    def clear_marking(self) -> None:
        self.consumer_right.setCurrentIndex(0)
        for box in self.marking_texts():
            box.clear()

    def load_marking(self, interaction: Interaction) -> None:
        rights = interaction.rights or Rights()
        _set(self.consumer_right, rights.consumer_right)
        self.consumer_notes.setPlainText(rights.consumer_notes)
        self.personal_data.setPlainText(rights.personal_data)
        self.data_handling.setPlainText(rights.data_handling)
        scope = interaction.boundaries or Boundaries()
        self.declined.setPlainText(scope.declined)
        self.declined_why.setPlainText(scope.why)

    def collect_marking(self, kind: str, base: Interaction | None) -> tuple[Rights | None, Boundaries | None]:
        """(rights, boundaries) to save: None when nothing was typed. Rights are asked only for
        complaints and sales; another kind keeps what an earlier save recorded."""
        if kind in RIGHTS_KINDS:
            rights: Rights | None = Rights(
                consumer_right=self.consumer_right.currentData(),
                consumer_notes=self.consumer_notes.toPlainText().strip(),
                personal_data=self.personal_data.toPlainText().strip(),
                data_handling=self.data_handling.toPlainText().strip(),
            )
            if rights is not None and rights.empty():
                rights = None
        else:
            rights = base.rights if base else None
        scope: Boundaries | None = Boundaries(self.declined.toPlainText().strip(),
                                              self.declined_why.toPlainText().strip())
        if scope is not None and scope.empty():
            scope = None
        return rights, scope

    def marking_draft(self) -> dict[str, Any]:
        return {"consumer_right": self.consumer_right.currentData(),
                **{name: box.toPlainText() for name, box in self._marking_boxes().items()}}

    def load_marking_draft(self, data: dict[str, Any]) -> None:
        _set(self.consumer_right, data.get("consumer_right"))
        for name, box in self._marking_boxes().items():
            value = data.get(name)
            box.setPlainText(value if isinstance(value, str) else "")

    def _marking_boxes(self) -> dict[str, QPlainTextEdit]:
        return {"consumer_notes": self.consumer_notes, "personal_data": self.personal_data,
                "data_handling": self.data_handling, "declined": self.declined, "why": self.declined_why}


