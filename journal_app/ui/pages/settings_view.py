"""The Settings page's layout: one group each for locking, look, reminders, backups and your details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..widgets.common import hint, labelled, page_title, scroll_area
from ..widgets.learner_form import LearnerForm
from .base import PageView

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


class Threshold(Protocol):
    """A reminder threshold given in whole hours or days (one spin box each)."""

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def lowest(self) -> int: ...
    @property
    def highest(self) -> int: ...
    @property
    def nullable(self) -> bool: ...  # the lowest step down reads "Never"


class SettingsView(PageView):
    title = "Settings"
    object_name = "settingsPage"
    # What the reminders group offers; the controller names them (they live with the reminder rules).
    thresholds: Sequence[Threshold] = ()
    weekdays: Sequence[str] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.addWidget(page_title(tr("Settings")))
        scroll = scroll_area(tr("Settings"))
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 12, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        groups = (self._security(), self._appearance(), self._reminders(), self._backups(), self._profile())
        for group in groups:
            self.body_layout.addWidget(group)
        self.body_layout.addStretch(1)

    def _security(self) -> QGroupBox:
        box = QGroupBox(tr("Locking and passphrase"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # no 800px spin boxes
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSuffix(tr(" minutes"))
        self.autolock.setSpecialValueText(tr("Never (not safe on a shared computer)"))
        form.addRow(labelled(tr("&Lock after no use for"), self.autolock), self.autolock)
        row = QHBoxLayout()
        self.passphrase_button = QPushButton(tr("Change &passphrase…"))
        self.recovery_button = QPushButton(tr("Make a new &recovery key…"))
        row.addWidget(self.passphrase_button)
        row.addWidget(self.recovery_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", hint(tr("Lock any time with Ctrl+L. Locking removes the journal from memory.")))
        return box

    def _appearance(self) -> QGroupBox:
        box = QGroupBox(tr("Look and notifications"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # no 800px spin boxes
        self.theme = QComboBox()
        for value, label in THEME_LABELS.items():
            self.theme.addItem(tr(label), value)
        form.addRow(labelled(tr("T&heme"), self.theme), self.theme)
        self.tray = QCheckBox(tr("Show a notification when a reminder &falls due"))
        form.addRow("", self.tray)
        return box

    def _reminders(self) -> QGroupBox:
        box = QGroupBox(tr("Reminders"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # no 800px spin boxes
        self.threshold_fields: dict[str, QSpinBox] = {}
        for setting in self.thresholds:
            spin = QSpinBox()
            spin.setRange(setting.lowest - (1 if setting.nullable else 0), setting.highest)
            if setting.nullable:
                spin.setSpecialValueText(tr("Never"))
            self.threshold_fields[setting.name] = spin
            form.addRow(labelled(tr(setting.label), spin), spin)
        days = QHBoxLayout()
        self.working_days: list[QCheckBox] = []
        for n, day in enumerate(self.weekdays, start=1):
            check = QCheckBox(tr(day))
            check.setAccessibleName(tr("Working day: {day}").format(day=tr(day)))
            check.setProperty("iso_day", n)
            self.working_days.append(check)
            days.addWidget(check)
        days.addStretch(1)
        form.addRow(QLabel(tr("My working days:")))
        form.addRow(days)  # a row of its own: seven days beside the long labels would widen the page
        self.timezone = QLineEdit()
        form.addRow(labelled(tr("Time &zone"), self.timezone), self.timezone)
        return box

    def _backups(self) -> QGroupBox:
        box = QGroupBox(tr("Backups"))
        layout = QVBoxLayout(box)
        layout.addWidget(hint(tr(
            "Encrypted copies of your journal are kept beside it and refreshed as you work. "
            "They open with the same passphrase."
        )))
        self.backup_list = QLabel()
        self.backup_list.setWordWrap(True)
        self.backup_list.setAccessibleName(tr("Backups kept"))
        layout.addWidget(self.backup_list)
        row = QHBoxLayout()
        self.backup_button = QPushButton(tr("&Back up now"))
        row.addWidget(self.backup_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _profile(self) -> QGroupBox:
        box = QGroupBox(tr("Your details (on the front of your evidence log)"))
        layout = QVBoxLayout(box)
        self.profile = LearnerForm(box)
        layout.addWidget(self.profile)
        self.profile_button = QPushButton(tr("Save my details"))
        self.profile.form.addRow("", self.profile_button)
        return box
