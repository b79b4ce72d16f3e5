"""Settings: locking and passphrase, look, notifications, reminder thresholds, backups, your details.

App settings (auto-lock, theme, tray) live in ``ui.settings.AppSettings``; reminder
thresholds live in the journal through ``services.rules.reminder_settings`` so they travel
with it. Every field saves as soon as it changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from ...services.rules.reminder_settings import SETTINGS, WEEKDAYS
from ..context import AppContext
from ..settings import AppSettings
from ..widgets import common
from .base import Page
from .settings_view import SettingsView, tr


def show_dialog(dialog: Any) -> int:
    """Run a modal dialog (tests replace this)."""
    return dialog.exec()


class SettingsPage(Page, SettingsView):
    thresholds = tuple(s for s in SETTINGS if s.kind is int)  # the rest have fields of their own
    weekdays = WEEKDAYS

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._loading = False
        self.autolock.valueChanged.connect(self._autolock_changed)
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.theme.currentIndexChanged.connect(self._theme_changed)
        self.tray.toggled.connect(self._tray_changed)
        for name, spin in self.threshold_fields.items():
            spin.valueChanged.connect(lambda value, name=name: self._threshold_changed(name, value))
        for check in self.working_days:
            check.toggled.connect(lambda _on: self._working_days_changed())
        self.timezone.editingFinished.connect(self._timezone_changed)
        self.backup_button.clicked.connect(self.back_up_now)
        self.profile_button.clicked.connect(self.save_profile)

    @property
    def app_settings(self) -> AppSettings:
        if self.context.app_settings is None:
            self.context.app_settings = AppSettings()
        return self.context.app_settings

    # --- Page contract ---------------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        from ...services.rules.reminder_settings import load_settings

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
        from ...services.rules.reminder_settings import BY_NAME

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
