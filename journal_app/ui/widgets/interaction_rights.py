"""Rights and law (asked for complaints and sales), and boundaries and expectations: optional
sections shown with the reflection. A draft keeps both under its "marking" key."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QFormLayout, QPlainTextEdit, QWidget

from ...journal.records import CONSUMER_RIGHT_LABELS, Boundaries, Interaction, Rights
from .common import tr
from .interaction_parts import Draft, FormSection, text_box, text_in
from .record_view import add_row, set_combo_value


class RightsSection(FormSection[Rights | None]):
    """A short structured prompt: the consumer right at stake, and the personal data involved.
    ``collect`` gives None when nothing was recorded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Rights and law (complaints and sales)"), parent)
        form = QFormLayout(self)
        self.consumer_right = QComboBox()
        self.consumer_right.setAccessibleName(tr("Consumer right at stake"))
        self.consumer_right.addItem(tr("(none recorded)"), None)
        for right, label in CONSUMER_RIGHT_LABELS.items():
            self.consumer_right.addItem(tr(label), right)
        self.consumer_notes = text_box(
            tr("What the right meant here"),
            tr("e.g. The tyre failed after a week, so not of satisfactory quality"), 2)
        self.personal_data = text_box(
            tr("Personal data involved"),
            tr("What personal data did you see or take? e.g. phone number, address"), 2)
        self.data_handling = text_box(
            tr("How I handled the personal data"),
            tr("How did you keep it safe and use it only for this (DPA 2018 / UK GDPR)?"), 2)
        add_row(form, tr("Consumer r&ight at stake:"), self.consumer_right, keep_name=True)
        add_row(form, tr("What it meant for this c&ustomer:"), self.consumer_notes, keep_name=True)
        add_row(form, tr("Personal data in&volved:"), self.personal_data, keep_name=True)
        add_row(form, tr("How I hand&led the personal data:"), self.data_handling, keep_name=True)
        self.consumer_right.currentIndexChanged.connect(self.changed)
        for box in self._texts().values():
            box.textChanged.connect(self.changed)

    def _texts(self) -> dict[str, QPlainTextEdit]:
        """The text fields by the names a draft and the record use."""
        return {"consumer_notes": self.consumer_notes, "personal_data": self.personal_data,
                "data_handling": self.data_handling}

    def clear(self) -> None:
        self.consumer_right.setCurrentIndex(0)
        for box in self._texts().values():
            box.clear()

    def load(self, interaction: Interaction) -> None:
        rights = interaction.rights or Rights()
        set_combo_value(self.consumer_right, rights.consumer_right)
        for name, box in self._texts().items():
            box.setPlainText(getattr(rights, name))

    def collect(self) -> Rights | None:
        rights = Rights(consumer_right=self.consumer_right.currentData(),
                        **{name: box.toPlainText().strip() for name, box in self._texts().items()})
        return None if rights.empty() else rights

    def draft(self) -> Draft:
        return {"consumer_right": self.consumer_right.currentData(),
                **{name: box.toPlainText() for name, box in self._texts().items()}}

    def load_draft(self, data: Mapping[str, object]) -> None:
        set_combo_value(self.consumer_right, data.get("consumer_right"))
        for name, box in self._texts().items():
            box.setPlainText(text_in(data, name))

    def has_content(self) -> bool:
        return self.collect() is not None

    def tab_chain(self) -> list[QWidget]:
        return [self.consumer_right, *self._texts().values()]


class BoundariesSection(FormSection[Boundaries | None]):
    """What the learner declined or kept out of scope, and why. ``collect`` gives None when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Boundaries and expectations"), parent)
        form = QFormLayout(self)
        self.declined = text_box(
            tr("What I declined or kept out of scope"),
            tr("e.g. Said no to a free courtesy car; promised a call, not a repair date"), 2)
        self.why = text_box(
            tr("Why I set that boundary"),
            tr("Policy, what you can really deliver, fairness to other customers…"), 2)
        add_row(form, tr("&Boundary — what I declined or scoped:"), self.declined, keep_name=True)
        add_row(form, tr("Wh&y I set it:"), self.why, keep_name=True)
        self.declined.textChanged.connect(self.changed)
        self.why.textChanged.connect(self.changed)

    def clear(self) -> None:
        self.declined.clear()
        self.why.clear()

    def load(self, interaction: Interaction) -> None:
        scope = interaction.boundaries or Boundaries()
        self.declined.setPlainText(scope.declined)
        self.why.setPlainText(scope.why)

    def collect(self) -> Boundaries | None:
        scope = Boundaries(self.declined.toPlainText().strip(), self.why.toPlainText().strip())
        return None if scope.empty() else scope

    def draft(self) -> Draft:
        return {"declined": self.declined.toPlainText(), "why": self.why.toPlainText()}

    def load_draft(self, data: Mapping[str, object]) -> None:
        self.declined.setPlainText(text_in(data, "declined"))
        self.why.setPlainText(text_in(data, "why"))

    def has_content(self) -> bool:
        return self.collect() is not None

    def tab_chain(self) -> list[QWidget]:
        return [self.declined, self.why]
