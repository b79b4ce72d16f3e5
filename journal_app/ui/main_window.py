"""The main window: a sidebar of pages, global search, saving and locking.

Pages are created the first time they are shown and refreshed whenever they come
into view or the journal changes while they are visible. Locking saves first,
then clears every page and closes the journal, so no decrypted data stays behind.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAction, QCloseEvent, QIcon, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ..paths import resources_dir
from . import geometry as window_geometry
from .context import AppContext
from .pages.base import Page
from .saver import Saver
from .settings import AppSettings
from .widgets import common

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass(frozen=True)
class PageSpec:
    name: str
    title: str
    module: str
    cls: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", "Today", "today", "TodayPage"),
    PageSpec("interactions", "Interactions", "interactions", "InteractionsPage"),
    PageSpec("customers", "Customers", "customers", "CustomersPage"),
    PageSpec("promises", "Promises", "promises", "PromisesPage"),
    PageSpec("evidence", "Evidence", "evidence", "EvidencePage"),
    PageSpec("plans", "Plans & reviews", "plans", "PlansPage"),
    PageSpec("hours", "Hours", "hours", "HoursPage"),
    PageSpec("insights", "Insights", "insights", "InsightsPage"),
    PageSpec("privacy", "Privacy", "privacy", "PrivacyPage"),
    PageSpec("settings", "Settings", "settings", "SettingsPage"),
)

# Which page shows a record of each type when something asks to open it.
RECORD_PAGES = {
    "interaction": "interactions", "customer": "customers", "feedback": "customers",
    "promise": "promises", "evidence": "evidence", "objective": "plans", "review": "plans",
    "hours": "hours", "improvement": "plans",
    # Subjects of reminders that aren't single records:
    "objective-review": "plans", "criterion": "evidence", "day": "hours", "placement": "hours",
}


def page_icon(widget: QWidget, name: str) -> QIcon:
    """The page's sidebar icon (resources/icons/pages/NAME.svg) drawn in the palette's text colour,
    so it reads in light and dark."""
    path = resources_dir() / "icons" / "pages" / f"{name}.svg"
    try:
        svg = path.read_text("utf-8")
    except OSError:
        return QIcon()
    colour = widget.palette().color(QPalette.ColorRole.WindowText).name()
    pixmap = QPixmap()
    pixmap.loadFromData(svg.replace("currentColor", colour).encode("utf-8"), "SVG")
    return QIcon(pixmap)


def page_class(spec: PageSpec) -> type[Page]:
    module = importlib.import_module(f"journal_app.ui.pages.{spec.module}")
    return getattr(module, spec.cls)


class MainWindow(QMainWindow):
    """One unlocked session. ``lock_requested`` asks the app to lock; ``lock()`` does it."""

    lock_requested = Signal()
    locked_out = Signal()

    def __init__(self, context: AppContext, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.app_settings = settings or AppSettings()
        context.app_settings = self.app_settings
        assert context.journal is not None
        self.setWindowTitle(tr("Placement Journal"))
        self.setMinimumSize(QSize(640, 400))  # fits a 1366×768 laptop at 150% (870×431 left for it)
        self.pages: dict[str, Page] = {}
        self._stale: set[str] = set()
        self._locked = False
        self._quitting = False

        self.saver = Saver(context.journal, context.run_in_background, parent=self)
        self.saver.state_changed.connect(self._show_save_state)
        context.save_requested.connect(self.saver.request)
        context.seal_requested.connect(self.saver.seal)
        context.journal_changed.connect(self._journal_changed)
        context.open_record.connect(self.open_record)
        context.navigate.connect(self.show_page)
        context.status_message.connect(self.say)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_current)

        self._build()
        self._build_actions()
        self._restore_geometry()

    # --- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(tr("Sections"))
        self.sidebar.setFixedWidth(190)
        self.sidebar.setIconSize(QSize(18, 18))
        for spec in PAGES:
            item = QListWidgetItem(page_icon(self, spec.name), tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tr(spec.title))
            self.sidebar.addItem(item)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(tr("Page"))
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)

        self.save_label = QLabel(tr("Saved"))
        self.save_label.setAccessibleName(tr("Save status"))
        self.statusBar().addPermanentWidget(self.save_label)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(tr("&Journal"))
        keys = QKeySequence.StandardKey
        self.new_action = self._action(tr("&New interaction"), keys.New, self.new_interaction)
        self.search_action = self._action(tr("&Search…"), keys.Find, self.open_search)
        self.export_action = self._action(tr("&Export evidence log…"), QKeySequence("Ctrl+E"),
                                          self.open_export)
        self.import_action = self._action(tr("&Import from a file…"), QKeySequence("Ctrl+I"),
                                          self.open_import)
        self.lock_action = self._action(tr("&Lock"), QKeySequence("Ctrl+L"), self.lock_requested.emit)
        self.quit_action = self._action(tr("&Quit"), keys.Quit, self.close)
        for action in (self.new_action, self.search_action, self.export_action, self.import_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(self.quit_action)
        go = self.menuBar().addMenu(tr("&Go"))
        for n, spec in enumerate(PAGES):
            action = QAction(tr(spec.title), self)
            if n < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _=False, name=spec.name: self.show_page(name))
            go.addAction(action)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    # --- pages -----------------------------------------------------------------------
    def page(self, name: str) -> Page:
        """The page called ``name``, created on first use."""
        if name not in self.pages:
            spec = next(s for s in PAGES if s.name == name)
            page = page_class(spec)(self.context)
            self.pages[name] = page
            self.stack.addWidget(page)
        return self.pages[name]

    def current_page_name(self) -> str:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def show_page(self, name: str) -> Page:
        row = next(i for i, s in enumerate(PAGES) if s.name == name)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # → _sidebar_changed
        else:
            self._activate(name)
        return self.pages[name]

    def _sidebar_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._activate(PAGES[row].name)

    def _activate(self, name: str) -> None:
        if self._locked:
            return
        page = self.page(name)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        self._stale.discard(name)
        self._safely(page.refresh)

    def _journal_changed(self, _record_type: str, _record_id: str) -> None:
        self.saver.request()
        current = self.current_page_name()
        self._stale.update(n for n in self.pages if n != current)
        if current and self.context.initiator is not self.pages.get(current):
            # Once per burst of changes, after the write finishes; the page that made the
            # change already shows it.
            self._refresh_timer.start()

    def _refresh_current(self) -> None:
        if self._locked:
            return
        page = self.pages.get(self.current_page_name())
        if page is not None and page.isVisible():
            self._safely(page.refresh)

    def open_record(self, record_type: str, record_id: str) -> None:
        name = RECORD_PAGES.get(record_type)
        if name is None:
            return
        page = self.show_page(name)
        if not self._safely(lambda: page.show_record(record_type, record_id)):
            self.statusBar().showMessage(tr("That record is no longer in the journal."), 5000)

    def _safely(self, work) -> object:
        try:
            return work()
        except Exception as error:  # why: shown in plain words, journal untouched
            common.show_error(self, error)
            return None

    # --- actions ---------------------------------------------------------------------
    def new_interaction(self) -> None:
        page = self.show_page("interactions")
        page.new_interaction()  # type: ignore[attr-defined]

    def open_search(self) -> None:
        from .dialogs.search import SearchDialog

        dialog = SearchDialog(self.context, self)
        dialog.open()

    def open_export(self) -> None:
        try:
            module = importlib.import_module("journal_app.ui.dialogs.export_dialog")
        except ImportError:
            self.statusBar().showMessage(tr("Export is not available in this version."), 5000)
            return
        dialog = module.ExportDialog(self.context, self)
        dialog.open()

    def open_import(self) -> None:
        from .dialogs.import_file import import_from_file

        import_from_file(self.context, self)

    def say(self, text: str) -> None:
        """A short confirmation in the status bar, also announced to a screen reader."""
        self.statusBar().showMessage(text, 15000)
        announce = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
        if announce is not None and QAccessible.isActive():
            QAccessible.updateAccessibility(announce(self.statusBar(), text))

    def _show_save_state(self, text: str) -> None:
        self.save_label.setText(text)
        self.save_label.setAccessibleDescription(text)

    # --- locking and closing ------------------------------------------------------------
    def lock(self) -> bool:
        """Save, clear every view, close the journal. False (and still open) if saving failed."""
        if self._locked:
            return True
        for page in self.pages.values():
            before_lock = getattr(page, "before_lock", None)
            if before_lock is not None:
                self._safely(before_lock)  # e.g. keep an unfinished entry as a draft
        try:
            self.saver.flush()
        except Exception as error:  # why: keep it open so nothing is lost
            common.show_error(self, error)
            return False
        self._locked = True
        self.statusBar().clearMessage()  # a confirmation may name a customer
        self._save_geometry()
        for page in self.pages.values():
            self._safely(page.clear)
        journal = self.context.journal
        self.saver.detach()
        self.context.drop_journal()
        if journal is not None:
            journal.close()
        self.locked_out.emit()
        return True

    @property
    def is_locked(self) -> bool:
        return self._locked

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self._quitting = True
        if not self._locked and not self.lock():
            self._quitting = False
            event.ignore()
            return
        event.accept()

    # --- geometry ----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        avail = window_geometry.available_geometry(self)
        saved = self.app_settings.window_geometry(window_geometry.screen_key(self))
        if not saved.isEmpty() and self.restoreGeometry(saved):
            if not (self.isMaximized() or self.isFullScreen()):
                self.setGeometry(window_geometry.fitted(self.geometry(), avail))
        else:
            self.setGeometry(window_geometry.first_geometry(avail))
        state = self.app_settings.get("window/state")
        if not state.isEmpty():
            self.restoreState(state)
        self.show_page("today")  # every session starts with what needs doing

    def _save_geometry(self) -> None:
        self.app_settings.set_window_geometry(window_geometry.screen_key(self), self.saveGeometry())
        self.app_settings.set("window/state", self.saveState())
        self.app_settings.sync()
