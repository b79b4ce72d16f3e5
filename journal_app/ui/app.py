"""Starting the desktop app: Qt set-up, theme, translations, and the lock/unlock cycle.

``AppController`` owns the one thing that outlives a session: which window shows.
Unlocked → the main window; locked (by Ctrl+L, idle time or closing) → the unlock
window again. ``run_gui`` wires it to a real QApplication and event loop.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import paths
from .autolock import AutoLock
from .background import BackgroundRunner
from .context import AppContext
from .settings import AppSettings
from .theme import apply_theme, follow_system
from .widgets import common

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def install_translations(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Qt's own strings plus the app's, for the system language when a translation exists."""
    locale = locale or QLocale.system()
    installed = []
    qt_translator = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(locale, "qtbase", "_", qt_folder):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    ours = QTranslator(app)
    if ours.load(locale, "placement_journal", "_", str(paths.resources_dir() / "translations")):
        app.installTranslator(ours)
        installed.append(ours)
    return installed


def app_icon() -> QIcon:
    icon_file = paths.resources_dir() / "icons" / "app.svg"
    return QIcon(str(icon_file)) if icon_file.exists() else QIcon()


def starting_path(settings: AppSettings) -> Path:
    last = settings.last_journal
    if last and Path(last).exists():
        return Path(last)
    return paths.default_journal_path()


class AppController(QObject):
    """Shows the first-run wizard, the unlock window or the main window, and moves between them."""

    session_started = Signal(object)  # the MainWindow
    session_ended = Signal()

    def __init__(
        self, settings: AppSettings | None = None, clock: Callable[[], datetime] | None = None,
        run_in_background: Callable[..., Any] | None = None, monotonic: Callable[[], float] | None = None,
        demo_passphrase: str = "", journal_path: Path | None = None, parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.clock = clock
        self.run_in_background = run_in_background or BackgroundRunner(parent=self)
        self.demo_passphrase = demo_passphrase
        self.journal_path = journal_path or starting_path(self.settings)
        self.unlock_window: Any = None
        self.wizard: Any = None
        self.main_window: Any = None
        self.context: AppContext | None = None
        self.tray: Any = None
        self.running = False  # while run_gui's event loop runs
        kwargs = {"monotonic": monotonic} if monotonic else {}
        self.autolock = AutoLock(self.settings.auto_lock_minutes, parent=self, **kwargs)
        self.autolock.idle.connect(self.lock)

    # --- windows ------------------------------------------------------------------------
    def start(self) -> None:
        if self.journal_path.exists():
            self.show_unlock()
        else:
            self.show_first_run()

    def show_unlock(self) -> None:
        from .dialogs.unlock import UnlockWindow

        if self.unlock_window is None:
            self.unlock_window = UnlockWindow(
                self.journal_path, self.run_in_background, self.clock, self.demo_passphrase,
            )
            self.unlock_window.setWindowIcon(app_icon())
            self.unlock_window.unlocked.connect(self.start_session)
            self.unlock_window.create_requested.connect(self.show_first_run)
        else:
            self.unlock_window.set_path(self.journal_path)
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.passphrase.setFocus()

    def show_first_run(self) -> None:
        from .dialogs.first_run import FirstRunWizard

        self.wizard = FirstRunWizard(self.run_in_background, self.clock)
        self.wizard.setWindowIcon(app_icon())
        self.wizard.created.connect(self.start_session)
        self.wizard.rejected.connect(self._wizard_cancelled)
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.wizard.show()

    def _wizard_cancelled(self) -> None:
        path = self.wizard.location.path() if self.wizard else None
        if path is not None and path.exists():
            self.journal_path = path
        if self.journal_path.exists() or self.unlock_window is not None:
            self.show_unlock()
        else:
            QApplication.quit()

    # --- a session ------------------------------------------------------------------------
    def start_session(self, journal: Any) -> None:
        from .main_window import MainWindow

        self.journal_path = Path(journal.path)
        if not self.demo_passphrase:
            self.settings.set("journal/last_path", str(self.journal_path))
            self.settings.sync()
        self.context = AppContext(journal, clock=self.clock, run_in_background=self.run_in_background)
        self.context.app_settings = self.settings
        self.context.app_setting_changed.connect(self._app_setting_changed)
        self.main_window = MainWindow(self.context, self.settings)
        self.main_window.setWindowIcon(app_icon())
        self.main_window.lock_requested.connect(self.lock)
        self.main_window.locked_out.connect(self._session_over)
        self.main_window.destroyed.connect(lambda *_: None)
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.main_window.show()
        self.autolock.set_minutes(self.settings.auto_lock_minutes)
        self.autolock.start()
        self._start_tray()
        self.session_started.emit(self.main_window)
        self._retention_on_unlock()

    def _app_setting_changed(self, key: str) -> None:
        if key == "lock/auto_lock_minutes":
            self.autolock.set_minutes(self.settings.auto_lock_minutes)

    def lock(self) -> None:
        if self.main_window is not None and not self.main_window.is_locked:
            self.main_window.lock()

    def _session_over(self) -> None:
        self.autolock.stop()
        window, self.main_window, self.context = self.main_window, None, None
        if self.tray is not None:
            self.tray.show_locked()
        if window is not None:
            quitting = window._quitting
            window.hide()
            window.deleteLater()
            if quitting:
                self.quit()
                return
        self.session_ended.emit()
        self.show_unlock()

    def quit(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # --- tray and retention -------------------------------------------------------------
    def _start_tray(self) -> None:
        from .tray import ReminderTray

        if self.tray is None:
            self.tray = ReminderTray(app_icon(), self.settings, parent=self)
            self.tray.open_requested.connect(self._raise_window)
            self.tray.lock_requested.connect(self.lock)
            self.tray.quit_requested.connect(self._quit_from_tray)
        if self.context is not None:
            self.tray.watch(self.context)

    def _raise_window(self) -> None:
        window = self.main_window or self.unlock_window
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()

    def _quit_from_tray(self) -> None:
        if self.main_window is not None:
            self.main_window.close()
        else:
            self.quit()

    def _retention_on_unlock(self) -> None:
        from .dialogs.retention_prompt import retention_on_unlock

        if self.context is not None and self.main_window is not None:
            try:
                retention_on_unlock(self.context, self.main_window)
            except Exception as error:  # why: never stop the learner getting in
                common.show_error(self.main_window, error)


def demo_journal() -> tuple[Path, str]:
    """A fresh copy of the demo journal in a temporary folder, and its passphrase."""
    from ..services.demo import DEMO_PASSPHRASE, create_demo_copy

    folder = Path(tempfile.mkdtemp(prefix="placement-journal-demo-"))
    copy = create_demo_copy(folder, datetime.now().astimezone().date())
    return Path(copy), DEMO_PASSPHRASE


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = cast(QApplication | None, QApplication.instance())  # only ever a QApplication here
    app = existing or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Placement Journal")
    app.setOrganizationName("PlacementJournal")
    app.setApplicationDisplayName(tr("Placement Journal"))
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # locking hides the main window before the unlock window shows
    return app


def run_gui(demo: bool = False, journal_path: Path | None = None) -> int:
    """Start the desktop app (on ``journal_path`` when a journal file was opened);
    returns the process exit code."""
    app = make_application()
    install_translations(app)
    settings = AppSettings()
    apply_theme(app, settings.theme)
    follow_system(app, lambda: settings.theme)
    passphrase = ""
    if demo:
        try:
            journal_path, passphrase = demo_journal()
        except Exception as error:  # why: plain words, then stop
            common.show_error(None, error)
            return 1
    controller = AppController(settings, demo_passphrase=passphrase, journal_path=journal_path)
    controller.start()
    on_last_closed = app.lastWindowClosed.connect(lambda: _quit_if_nothing_shown(controller))
    controller.running = True
    try:
        code = app.exec()
        controller.lock()
    finally:
        controller.running = False
        app.lastWindowClosed.disconnect(on_last_closed)
    return code


def _quit_if_nothing_shown(controller: AppController) -> None:
    """Closing the unlock window (or the wizard with nothing to unlock) ends the app.

    Checked once the event that hid the window is over: moving from one window to the
    next (wizard → main window, main window → unlock) briefly shows none, and that must
    not end the app."""

    def check() -> None:
        if not controller.running:
            return  # the app's event loop already ended
        shown = [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()]
        if controller.main_window is None and not shown:
            controller.quit()

    QTimer.singleShot(0, controller, check)
