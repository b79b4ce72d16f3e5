"""Record feedback from or about a customer, and what was done about it.

Quantitative (NPS 0–10, CSAT 1–5) and qualitative (a comment), its RATER dimension,
and the action taken: feedback with no action is the mistake the syllabus names, so
the action box sits right under the comment.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput, JournalError
from ...journal.records import FEEDBACK_SOURCES, RATER, Feedback
from ..context import AppContext
from ..widgets.common import labelled
from ..widgets.date_field import DateTimeField
from ..widgets.record_view import choice_label

NOT_ASKED = -1


def tr(text: str) -> str:
    return QCoreApplication.translate("FeedbackDialog", text)


def _score(low: int, high: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low - 1, high)  # one below the scale means "not asked"
    box.setSpecialValueText(tr("not asked"))
    box.setValue(low - 1)
    box.setAccessibleName(name)
    return box


class FeedbackDialog(QDialog):
    """Add feedback for ``customer_id``, or edit ``feedback_id``. Emits ``saved(id)``."""

    saved = Signal(str)

    def __init__(self, context: AppContext, customer_id: str | None, feedback_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        journal = context.journal
        assert journal is not None
        self.existing = journal.feedback.get(feedback_id) if feedback_id else None
        self.customer_id = self.existing.customer if self.existing else customer_id
        self.setWindowTitle(tr("Edit feedback") if self.existing else tr("Add feedback"))
        self.setMinimumWidth(520)

        form = QFormLayout()
        self.source = QComboBox()
        for value in FEEDBACK_SOURCES:
            self.source.addItem(choice_label(value), value)
        self.when = DateTimeField(tr("When"))
        self.when.now = lambda: context.now().replace(tzinfo=None)
        self.nps = _score(0, 10, tr("NPS, 0 to 10"))
        self.csat = _score(1, 5, tr("CSAT, 1 to 5"))
        self.dimension = QComboBox()
        self.dimension.addItem(tr("Not one in particular"), None)
        for value in RATER:
            self.dimension.addItem(choice_label(value), value)
        self.interaction = QComboBox()
        self.interaction.addItem(tr("Not about one interaction"), None)
        from ...journal.listings import customer_interactions

        for brief in customer_interactions(journal, self.customer_id) if self.customer_id else []:
            self.interaction.addItem(f"{brief.at[:10]} · {choice_label(brief.kind)} · {brief.summary[:60]}",
                                     brief.id)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(tr("What they said, in their words"))
        self.action = QPlainTextEdit()
        self.action.setPlaceholderText(tr("What you did about it: feedback with no action is wasted"))
        for text, field in ((tr("&From"), self.source), (tr("&When"), self.when),
                            (tr("&NPS (would recommend, 0–10)"), self.nps),
                            (tr("&CSAT (satisfied, 1–5)"), self.csat),
                            (tr("RATER &dimension"), self.dimension),
                            (tr("About the &interaction"), self.interaction),
                            (tr("C&omment"), self.comment), (tr("&Action taken"), self.action)):
            form.addRow(labelled(text, field), field)

        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        choices = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choices.Save | choices.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._fill(context.now())

    def _fill(self, now: datetime) -> None:
        f = self.existing
        self.when.set_datetime(datetime.fromisoformat(f.at) if f else now)
        if f is None:
            return
        self.source.setCurrentIndex(max(0, self.source.findData(f.source)))
        self.nps.setValue(NOT_ASKED if f.nps is None else f.nps)
        self.csat.setValue(0 if f.csat is None else f.csat)
        self.dimension.setCurrentIndex(max(0, self.dimension.findData(f.dimension)))
        self.interaction.setCurrentIndex(max(0, self.interaction.findData(f.interaction)))
        self.comment.setPlainText(f.comment)
        self.action.setPlainText(f.action_taken)

    def feedback(self) -> Feedback:
        local = self.when.read()
        if local is None:
            raise InvalidInput(tr("When: type the date and time, e.g. today 2pm."))
        moment = local.replace(tzinfo=self.context.now().tzinfo)
        nps, csat = self.nps.value(), self.csat.value()
        base = self.existing or Feedback()
        return Feedback(
            id=base.id, customer=self.customer_id, interaction=self.interaction.currentData(),
            at=moment.replace(microsecond=0).isoformat(), source=self.source.currentData(),
            nps=None if nps == NOT_ASKED else nps, csat=None if csat == 0 else csat,
            comment=self.comment.toPlainText().strip(), dimension=self.dimension.currentData(),
            action_taken=self.action.toPlainText().strip(), extra=dict(base.extra),
        )

    def save(self) -> bool:
        journal = self.context.journal
        if journal is None:
            return False
        try:
            from ...services.actions.feedback import record_feedback

            stored = record_feedback(journal, self.feedback()).value
        except JournalError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return False
        self.context.request_save()
        self.saved.emit(stored.id)
        self.accept()
        return True
