"""The learner's own details (the evidence log's cover), shared by first run and Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from ...journal.records import Learner
from .common import DateEdit, labelled, tr

DATES_WRONG_WAY = "The placement can't end before it starts: check the dates."


class LearnerForm(QWidget):
    """Name, programme, placement, dates, assessor and off-the-job target, as one form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.programme = QLineEdit()
        self.programme.setPlaceholderText(tr("e.g. Level 2 Customer Service"))
        self.placement = QLineEdit()
        self.placement.setPlaceholderText(tr("e.g. Service desk, Northgate Motors"))
        self.start = DateEdit(tr("Placement start"), optional=True)
        self.end = DateEdit(tr("Placement end"), optional=True)
        self.assessor = QLineEdit()
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 2000)
        self.target.setDecimals(0)
        self.target.setSuffix(tr(" hours"))
        self.target.setSpecialValueText(tr("No target"))
        for text, field in ((tr("Your na&me"), self.name), (tr("Pr&ogramme"), self.programme),
                            (tr("Pla&cement"), self.placement), (tr("&Starts"), self.start),
                            (tr("&Ends"), self.end), (tr("&Assessor"), self.assessor),
                            (tr("Off-the-job hours &target"), self.target)):
            form.addRow(labelled(text, field), field)
        self.form = form

    def set_learner(self, learner: Learner) -> None:
        self._extra = dict(learner.extra)
        self.name.setText(learner.name)
        self.programme.setText(learner.programme)
        self.placement.setText(learner.placement)
        self.start.set_iso(learner.start)
        self.end.set_iso(learner.end)
        self.assessor.setText(learner.assessor)
        self.target.setValue(learner.off_the_job_target_hours or 0)

    def clear(self) -> None:
        """Forget everything shown (the journal was locked)."""
        self.set_learner(Learner())

    def learner(self) -> Learner:
        return Learner(
            name=self.name.text().strip(), programme=self.programme.text().strip(),
            placement=self.placement.text().strip(), start=self.start.iso(), end=self.end.iso(),
            assessor=self.assessor.text().strip(), off_the_job_target_hours=self.target.value() or None,
            extra=dict(getattr(self, "_extra", {})),
        )

    def problem(self) -> str | None:
        """A plain sentence when the form can't be saved as it is."""
        for field in (self.start, self.end):
            if field.problem():
                field.settle()
                return f"{field.name}: {field.problem()}"
        start, end = self.start.iso(), self.end.iso()
        if start and end and end < start:
            return tr(DATES_WRONG_WAY)
        return None
