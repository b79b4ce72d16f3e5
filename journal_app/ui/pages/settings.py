"""Settings: locking and passphrase, look, notifications, reminder thresholds, backups, your details.

App settings (auto-lock, theme, tray) live in ``ui.settings.AppSettings``; reminder
thresholds live in the journal through ``services.reminder_settings`` so they travel
with it. Every field saves as soon as it changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
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

from ..context import AppContext
from ..settings import AppSettings
from ..widgets import common
from ..widgets.common import hint, labelled, page_title, scroll_area
from ..widgets.learner_form import LearnerForm
from .base import Page

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


def show_dialog(dialog: Any) -> int:
    """Run a modal dialog (tests replace this)."""
    return dialog.exec()


class SettingsPage(Page):
    title = "Settings"
    object_name = "settingsPage"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._loading = False
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

    @property
    def app_settings(self) -> AppSettings:
        if self.context.app_settings is None:
            self.context.app_settings = AppSettings()
        return self.context.app_settings

    # --- groups ----------------------------------------------------------------------------
    def _security(self) -> QGroupBox:
        box = QGroupBox(tr("Locking and passphrase"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # no 800px spin boxes
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSuffix(tr(" minutes"))
        self.autolock.setSpecialValueText(tr("Never (not safe on a shared computer)"))
        self.autolock.valueChanged.connect(self._autolock_changed)
        form.addRow(labelled(tr("&Lock after no use for"), self.autolock), self.autolock)
        row = QHBoxLayout()
        self.passphrase_button = QPushButton(tr("Change &passphrase…"))
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.recovery_button = QPushButton(tr("Make a new &recovery key…"))
        self.recovery_button.clicked.connect(self.new_recovery_key)
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
        self.theme.currentIndexChanged.connect(self._theme_changed)
        form.addRow(labelled(tr("T&heme"), self.theme), self.theme)
        self.tray = QCheckBox(tr("Show a notification when a reminder &falls due"))
        self.tray.toggled.connect(self._tray_changed)
        form.addRow("", self.tray)
        return box

    def _reminders(self) -> QGroupBox:
        from ...services.reminder_settings import SETTINGS, WEEKDAYS

        box = QGroupBox(tr("Reminders"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # no 800px spin boxes
        self.threshold_fields: dict[str, QSpinBox] = {}
        for setting in SETTINGS:
            if setting.kind is not int:
                continue
            spin = QSpinBox()
            spin.setRange(setting.lowest - (1 if setting.nullable else 0), setting.highest)
            if setting.nullable:
                spin.setSpecialValueText(tr("Never"))
            spin.valueChanged.connect(lambda value, name=setting.name: self._threshold_changed(name, value))
            self.threshold_fields[setting.name] = spin
            form.addRow(labelled(tr(setting.label), spin), spin)
        days = QHBoxLayout()
        self.working_days: list[QCheckBox] = []
        for n, day in enumerate(WEEKDAYS, start=1):
            check = QCheckBox(tr(day))
            check.setAccessibleName(tr("Working day: {day}").format(day=tr(day)))
            check.toggled.connect(lambda _on: self._working_days_changed())
            check.setProperty("iso_day", n)
            self.working_days.append(check)
            days.addWidget(check)
        days.addStretch(1)
        form.addRow(QLabel(tr("My working days:")))
        form.addRow(days)  # a row of its own: seven days beside the long labels would widen the page
        self.timezone = QLineEdit()
        self.timezone.editingFinished.connect(self._timezone_changed)
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
        self.backup_button.clicked.connect(self.back_up_now)
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
        self.profile_button.clicked.connect(self.save_profile)
        self.profile.form.addRow("", self.profile_button)
        return box

    # --- Page contract ---------------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        from ...services.reminder_settings import load_settings

        self._loading = True
        try:
            self.autolock.setValue(self.app_settings.auto_lock_minutes)
            self.theme.setCurrentIndex(max(0, self.theme.findData(self.app_settings.theme)))
            self.tray.setChecked(self.app_settings.tray_notifications)
            thresholds = load_settings(journal)
            for name, spin in self.threshold_fields.items():
                value = getattr(thresholds, name)
                spin.setValue(spin.minimum() if value is None else value)
            for check in self.working_days:
                check.setChecked(check.property("iso_day") in thresholds.working_days)
            self.timezone.setText(thresholds.timezone)
            self.profile.set_learner(journal.learner())
        finally:
            self._loading = False
        self._show_backups()

    def clear(self) -> None:
        self.profile.clear()
        self.timezone.clear()
        self.backup_list.clear()

    # --- saving each change --------------------------------------------------------------
    def _autolock_changed(self, minutes: int) -> None:
        if self._loading:
            return
        self.app_settings.set("lock/auto_lock_minutes", minutes)
        self.app_settings.sync()
        self.context.app_setting_changed.emit("lock/auto_lock_minutes")

    def _theme_changed(self) -> None:
        if self._loading:
            return
        from ..theme import apply_theme

        choice = self.theme.currentData()
        self.app_settings.set("appearance/theme", choice)
        self.app_settings.sync()
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, choice)  # type: ignore[arg-type]

    def _tray_changed(self, on: bool) -> None:
        if not self._loading:
            self.app_settings.set("tray/notifications", on)
            self.app_settings.sync()

    def _threshold_changed(self, name: str, value: int) -> None:
        if self._loading or self.context.journal is None:
            return
        from ...services.actions.reminders import change_reminder_setting
        from ...services.reminder_settings import BY_NAME

        setting = BY_NAME[name]
        stored = None if setting.nullable and value < setting.lowest else value
        self._store(lambda: change_reminder_setting(self.context.journal, name, stored))

    def _working_days(self) -> list[int]:
        return [c.property("iso_day") for c in self.working_days if c.isChecked()]

    def _working_days_changed(self) -> None:
        if self._loading or self.context.journal is None:
            return
        from ...services.actions.reminders import change_reminder_setting

        self._store(lambda: change_reminder_setting(self.context.journal, "working_days",
                                                    self._working_days()))

    def _timezone_changed(self) -> None:
        if self._loading or self.context.journal is None:
            return
        from ...services.actions.reminders import change_reminder_setting

        self._store(lambda: change_reminder_setting(self.context.journal, "timezone",
                                                    self.timezone.text().strip()))

    def _store(self, work: Any) -> bool:
        try:
            work()
        except Exception as error:  # why: plain words; the refused value is not stored
            common.show_error(self, error)
            self.refresh()
            return False
        self.context.request_save()
        return True

    def save_profile(self) -> bool:
        journal = self.context.journal
        if journal is None:
            return False
        problem = self.profile.problem()
        if problem:
            common.show_error(self, _invalid(problem))
            return False
        updated = self.profile.learner()
        from ...services.actions.records import save_profile

        return self._store(lambda: save_profile(journal, updated))

    # --- keys and backups --------------------------------------------------------------------
    def change_passphrase(self) -> None:
        from ..dialogs.passphrase import ChangePassphraseDialog, RecoveryKeyDialog

        if self.context.journal is None:
            return
        dialog = ChangePassphraseDialog(self.context.journal, self.context.run_in_background, self)
        if show_dialog(dialog):
            if dialog.new_key:
                show_dialog(RecoveryKeyDialog(dialog.new_key, self))
            common.inform(self, tr("Passphrase changed"), tr("Use your new passphrase next time you unlock."))

    def new_recovery_key(self) -> None:
        from ..dialogs.passphrase import NewKeyDialog, RecoveryKeyDialog

        journal = self.context.journal
        if journal is None:
            return
        dialog = NewKeyDialog(journal, self.context.run_in_background, self)
        if show_dialog(dialog) and dialog.new_key:
            show_dialog(RecoveryKeyDialog(dialog.new_key, self))

    def _show_backups(self) -> None:
        from ...services.actions.journal_file import backups_of as list_backups

        journal = self.context.journal
        if journal is None or journal.path is None:
            self.backup_list.setText(tr("This journal has no file, so no backups."))
            return
        found = list_backups(journal.path)
        if not found:
            self.backup_list.setText(tr("No backups yet: one is made the next time the journal saves."))
            return
        lines = [
            f"{path.name} — {datetime.fromtimestamp(path.stat().st_mtime):%a %d %b %Y %H:%M}"
            for path in found if path.exists()
        ]
        self.backup_list.setText(tr("Kept beside your journal:") + "\n" + "\n".join(lines))

    def back_up_now(self) -> None:
        journal = self.context.journal
        if journal is None or journal.vault is None:
            return
        vault = journal.vault
        self.backup_button.setEnabled(False)

        def done(_result: Any) -> None:
            self.backup_button.setEnabled(True)
            self._show_backups()

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            common.show_error(self, error)

        self.context.run_in_background(vault.rotate_backups, done, failed)


def _invalid(message: str) -> Exception:
    from ...errors import InvalidInput

    return InvalidInput(message)
