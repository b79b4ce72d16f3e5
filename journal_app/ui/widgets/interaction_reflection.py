"""The reflective sections, usually written after the desk: the reflection (STAR, what I'd
do differently, how I adapted, techniques), the 4 As of a complaint, the offer of a sale,
and the assessment criteria the entry shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import TECHNIQUES, Complaint, Criterion, Interaction, Offer, Star
from .common import tr
from .criteria_picker import CriteriaPicker
from .interaction_parts import Draft, FormSection, part_of, strings_in, text_box, text_in
from .record_view import add_row, choice_label

STAR_PROMPTS = {
    "situation": "Where were you, who was the customer, what was going on?",
    "task": "What did they need, and what was your job in it?",
    "action": "What did you say and do? Which techniques did you use?",
    "result": "How did it end? How did the customer react? Any numbers?",
}
FOUR_AS = {
    "acknowledge": "How you showed you understood the problem",
    "apologise": "What you said to apologise (without blaming anyone)",
    "act": "What you did to put it right, and the fair outcome",
    "assure": "How you reassured them it will be sorted / won't happen again",
}


@dataclass(frozen=True)
class Reflection:
    star: Star
    differently: str
    adaptation: str
    techniques: list[str]


class ReflectionSection(FormSection[Reflection]):
    """STAR, what I'd do differently, how I adapted, and the techniques I used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Reflection (STAR) — can be filled in later"), parent)
        form = QFormLayout(self)
        self.star: dict[str, QPlainTextEdit] = {}
        for part, prompt in STAR_PROMPTS.items():
            field = text_box(choice_label(part), tr(prompt))
            self.star[part] = field
            add_row(form, tr(f"{choice_label(part)}:"), field, keep_name=True)
        self.differently = text_box(tr("What I'd do differently"),
                                    tr("Looking back, what would you change next time, and why?"))
        add_row(form, tr("What I'd do &differently:"), self.differently, keep_name=True)
        self.adaptation = text_box(tr("How I adapted my style"),
                                   tr("How did you adapt to this person (pace, words, channel, tone)?"), 2)
        add_row(form, tr("How I adapt&ed:"), self.adaptation, keep_name=True)
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
        for box in self._texts():
            box.textChanged.connect(self.changed)
        for check in self.techniques.values():
            check.toggled.connect(self.changed)

    def _texts(self) -> list[QPlainTextEdit]:
        return [*self.star.values(), self.differently, self.adaptation]

    def clear(self) -> None:
        for box in self._texts():
            box.clear()
        for check in self.techniques.values():
            check.setChecked(False)

    def load(self, interaction: Interaction) -> None:
        for part, box in self.star.items():
            box.setPlainText(getattr(interaction.star, part))
        self.differently.setPlainText(interaction.reflection)
        self.adaptation.setPlainText(interaction.adaptation)
        for technique, check in self.techniques.items():
            check.setChecked(technique in interaction.techniques)

    def collect(self) -> Reflection:
        return Reflection(
            star=Star(**{part: box.toPlainText().strip() for part, box in self.star.items()}),
            differently=self.differently.toPlainText().strip(),
            adaptation=self.adaptation.toPlainText().strip(),
            techniques=[t for t, check in self.techniques.items() if check.isChecked()],
        )

    def draft(self) -> Draft:
        return {
            "star": {part: box.toPlainText() for part, box in self.star.items()},
            "reflection": self.differently.toPlainText(),
            "adaptation": self.adaptation.toPlainText(),
            "techniques": [t for t, check in self.techniques.items() if check.isChecked()],
        }

    def load_draft(self, data: Mapping[str, object]) -> None:
        star = part_of(data, "star")
        for part, box in self.star.items():
            box.setPlainText(text_in(star, part))
        self.differently.setPlainText(text_in(data, "reflection"))
        self.adaptation.setPlainText(text_in(data, "adaptation"))
        ticked = strings_in(data, "techniques")
        for technique, check in self.techniques.items():
            check.setChecked(technique in ticked)

    def has_content(self) -> bool:
        return (any(box.toPlainText().strip() for box in self._texts())
                or any(check.isChecked() for check in self.techniques.values()))

    def tab_chain(self) -> list[QWidget]:
        return [*self._texts(), *self.techniques.values()]


class ComplaintSection(FormSection[Complaint]):
    """The 4 As of a complaint: acknowledge, apologise, act, assure (shown for complaints)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Complaint: the 4 As"), parent)
        form = QFormLayout(self)
        self.four_as: dict[str, QPlainTextEdit] = {}
        for step, prompt in FOUR_AS.items():
            field = text_box(choice_label(step), tr(prompt), 2)
            self.four_as[step] = field
            add_row(form, tr(f"{choice_label(step)}:"), field, keep_name=True)
            field.textChanged.connect(self.changed)

    def clear(self) -> None:
        for box in self.four_as.values():
            box.clear()

    def load(self, interaction: Interaction) -> None:
        complaint = interaction.complaint or Complaint()
        for step, box in self.four_as.items():
            box.setPlainText(getattr(complaint, step))

    def collect(self) -> Complaint:
        return Complaint(**{step: box.toPlainText().strip() for step, box in self.four_as.items()})

    def draft(self) -> Draft:
        return {"complaint": {step: box.toPlainText() for step, box in self.four_as.items()}}

    def load_draft(self, data: Mapping[str, object]) -> None:
        complaint = part_of(data, "complaint")
        for step, box in self.four_as.items():
            box.setPlainText(text_in(complaint, step))

    def has_content(self) -> bool:
        return any(box.toPlainText().strip() for box in self.four_as.values())

    def tab_chain(self) -> list[QWidget]:
        return list(self.four_as.values())


class OfferSection(FormSection[Offer]):
    """What was offered in a sale (upsell or cross-sell), the need it met, the benefit told."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("The offer (upsell or cross-sell)"), parent)
        form = QFormLayout(self)
        self.what = QLineEdit()
        self.what.setPlaceholderText(tr("e.g. Extended warranty, MOT test"))
        self.need = text_box(tr("The need it met"), tr("What did the customer need that this met?"), 2)
        self.benefit = text_box(tr("The benefit I explained"), tr("How did you explain the benefit?"), 2)
        self.accepted = QCheckBox(tr("The customer said &yes"))
        add_row(form, tr("What I &offered:"), self.what, keep_name=True)
        add_row(form, tr("The &need it met:"), self.need, keep_name=True)
        add_row(form, tr("The &benefit I explained:"), self.benefit, keep_name=True)
        form.addRow("", self.accepted)
        self.what.textChanged.connect(self.changed)
        self.need.textChanged.connect(self.changed)
        self.benefit.textChanged.connect(self.changed)
        self.accepted.toggled.connect(self.changed)

    def clear(self) -> None:
        self.what.clear()
        self.need.clear()
        self.benefit.clear()
        self.accepted.setChecked(False)

    def load(self, interaction: Interaction) -> None:
        offer = interaction.offer or Offer()
        self.what.setText(offer.what)
        self.need.setPlainText(offer.need)
        self.benefit.setPlainText(offer.benefit)
        self.accepted.setChecked(offer.accepted)

    def collect(self) -> Offer:
        return Offer(what=self.what.text().strip(), need=self.need.toPlainText().strip(),
                     benefit=self.benefit.toPlainText().strip(), accepted=self.accepted.isChecked())

    def draft(self) -> Draft:
        return {"offer": {"what": self.what.text(), "need": self.need.toPlainText(),
                          "benefit": self.benefit.toPlainText(), "accepted": self.accepted.isChecked()}}

    def load_draft(self, data: Mapping[str, object]) -> None:
        offer = part_of(data, "offer")
        self.what.setText(text_in(offer, "what"))
        self.need.setPlainText(text_in(offer, "need"))
        self.benefit.setPlainText(text_in(offer, "benefit"))
        self.accepted.setChecked(bool(offer.get("accepted")))

    def has_content(self) -> bool:
        return bool(self.what.text().strip() or self.need.toPlainText().strip()
                    or self.benefit.toPlainText().strip() or self.accepted.isChecked())

    def tab_chain(self) -> list[QWidget]:
        return [self.what, self.need, self.benefit, self.accepted]


class CriteriaSection(FormSection[list[str]]):
    """The assessment criteria this entry shows (ticked in a list)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Assessment criteria this shows"), parent)
        layout = QVBoxLayout(self)
        self.picker = CriteriaPicker(tr("Assessment criteria"))
        layout.addWidget(self.picker)
        self.picker.changed.connect(self.changed)

    def set_criteria(self, criteria: list[tuple[str, Criterion]]) -> None:
        self.picker.set_criteria(criteria)

    def clear(self) -> None:
        self.picker.set_checked([])

    def load(self, interaction: Interaction) -> None:
        self.picker.set_checked(interaction.criteria)

    def collect(self) -> list[str]:
        return self.picker.checked()

    def draft(self) -> Draft:
        return {"criteria": self.picker.checked()}

    def load_draft(self, data: Mapping[str, object]) -> None:
        self.picker.set_checked(strings_in(data, "criteria"))

    def has_content(self) -> bool:
        return bool(self.picker.checked())

    def tab_chain(self) -> list[QWidget]:
        return [self.picker]
