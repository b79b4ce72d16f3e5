"""The learner's own details (the evidence log's cover), shared by first run and Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from ...journal.records import Learner
from .common import DateEdit, labelled, tr

ULN_WRONG = ("Your ULN (Unique Learner Number) is ten digits, like 1234567890. "
             "Check it, or leave it empty.")
DATES_WRONG_WAY = "The placement can't end before it starts: check the dates."


class LearnerForm(QWidget):
    """Name, ULN, programme and its code, employer, placement, dates, assessor, IQA and
    off-the-job target, as one form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.programme = QLineEdit()
        self.programme.setPlaceholderText(tr("e.g. Level 2 Customer Service"))
        self.uln = QLineEdit()
        self.uln.setPlaceholderText(tr("10 digits, from your college or training provider"))
        self.uln.setMaxLength(14)
        self.programme_code = QLineEdit()
        self.programme_code.setPlaceholderText(tr("e.g. ST0072"))
        self.programme_code.setMaxLength(40)
        self.employer = QLineEdit()
        self.employer.setPlaceholderText(tr("e.g. Northgate Motors Ltd"))
        self.placement = QLineEdit()
        self.placement.setPlaceholderText(tr("e.g. Service desk, Northgate Motors"))
        self.start = DateEdit(tr("Placement start"), optional=True)
        self.end = DateEdit(tr("Placement end"), optional=True)
        self.assessor = QLineEdit()
        self.iqa = QLineEdit()
        self.iqa.setPlaceholderText(tr("If you know who it is"))
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 2000)
        self.target.setDecimals(0)
        self.target.setSuffix(tr(" hours"))
        self.target.setSpecialValueText(tr("No target"))
        for text, field in ((tr("Your na&me"), self.name), (tr("&ULN"), self.uln),
                            (tr("Pr&ogramme"), self.programme), (tr("Programme co&de"), self.programme_code),
                            (tr("Emplo&yer"), self.employer),
                            (tr("Pla&cement"), self.placement), (tr("&Starts"), self.start),
                            (tr("&Ends"), self.end), (tr("&Assessor"), self.assessor),
                            (tr("Off-the-job hours &target"), self.target),
                            (tr("&IQA (internal quality assurer)"), self.iqa)):
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
        self.uln.setText(learner.uln)
        self.programme_code.setText(learner.programme_code)
        self.employer.setText(learner.employer)
        self.iqa.setText(learner.iqa)
        self.target.setValue(learner.off_the_job_target_hours or 0)

    def clear(self) -> None:
        """Forget everything shown (the journal was locked)."""
        self.set_learner(Learner())

    def learner(self) -> Learner:
        return Learner(
            name=self.name.text().strip(), programme=self.programme.text().strip(),
            placement=self.placement.text().strip(), start=self.start.iso(), end=self.end.iso(),
            assessor=self.assessor.text().strip(), off_the_job_target_hours=self.target.value() or None,
            uln="".join(self.uln.text().split()), programme_code=self.programme_code.text().strip(),
            employer=self.employer.text().strip(), iqa=self.iqa.text().strip(),
            extra=dict(getattr(self, "_extra", {})),
        )

    def problem(self) -> str | None:
        """A plain sentence when the form can't be saved as it is."""
        for field in (self.start, self.end):
            if field.problem():
                field.settle()
                return f"{field.name}: {field.problem()}"
        uln = "".join(self.uln.text().split())
        if uln and (len(uln) != 10 or not uln.isascii() or not uln.isdigit()):
            return tr(ULN_WRONG)
        start, end = self.start.iso(), self.end.iso()
        if start and end and end < start:
            return tr(DATES_WRONG_WAY)
        return None
