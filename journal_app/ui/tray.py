"""The system tray icon: how many reminders are due, and a notice when one falls due.

Notices show the reminder's own message, which names customers only by pseudonym,
so nothing personal appears on a shared screen. While locked the icon shows no count.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from .context import AppContext
from .settings import AppSettings

CHECK_EVERY_MS = 60_000
DUE_SEVERITIES = ("overdue",)


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def badge_icon(base: QIcon, count: int) -> QIcon:
    """The app icon with a red count in the corner (nothing when the count is 0)."""
    size = 64
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if not base.isNull():
        base.paint(painter, 0, 0, size, size)
    else:
        painter.setBrush(QColor("#2f6fdb"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(4, 4, size - 8, size - 8), 12, 12)
    if count > 0:
        painter.setBrush(QColor("#c62828"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(size * 0.42, 0, size * 0.58, size * 0.58))
        painter.setPen(QColor("white"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(22)
        painter.setFont(font)
        painter.drawText(QRectF(size * 0.42, 0, size * 0.58, size * 0.58), Qt.AlignmentFlag.AlignCenter,
                         "9+" if count > 9 else str(count))
    painter.end()
    return QIcon(pixmap)


class ReminderTray(QObject):
    open_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()
    notified = Signal(str)  # the message shown, for tests and the status bar

    def __init__(self, icon: QIcon, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = icon
        self._settings = settings
        self._context: AppContext | None = None
        self._seen: set[str] | None = None
        self.count = 0
        self.icon = QSystemTrayIcon(badge_icon(icon, 0), self)
        self.icon.setToolTip(tr("Placement Journal"))
        menu = QMenu()
        self._menu = menu
        open_action = QAction(tr("Open Placement Journal"), menu)
        open_action.triggered.connect(self.open_requested.emit)
        lock_action = QAction(tr("Lock"), menu)
        lock_action.triggered.connect(self.lock_requested.emit)
        quit_action = QAction(tr("Quit"), menu)
        quit_action.triggered.connect(self.quit_requested.emit)
        for action in (open_action, lock_action, quit_action):
            menu.addAction(action)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def watch(self, context: AppContext) -> None:
        self._context = context
        self._seen = None
        context.locked.connect(self.show_locked)
        # The session's one reminder feed recounts after every change; the tray only listens
        # (and asks again each minute, as time alone makes reminders due).
        context.reminder_feed.updated.connect(self._feed_answered)
        self._timer.start()
        self.check()

    def check(self) -> None:
        """Recount due reminders; notify about ones that became due since the last check."""
        context = self._context
        if context is None or context.journal is None:
            return
        context.reminder_feed.ensure()

    def _feed_answered(self, _named: list, public: list, _now: object) -> None:
        self._counted(public)

    def _counted(self, reminders: list) -> None:
        if self._context is None or self._context.journal is None:
            return  # locked meanwhile
        due = [r for r in reminders if r.severity in DUE_SEVERITIES]
        keys = {r.key for r in due}
        fresh = [] if self._seen is None else [r for r in due if r.key not in self._seen]
        self._seen = keys
        self._set_count(len(due))
        if fresh and self._settings.tray_notifications:
            message = fresh[0].message if len(fresh) == 1 else tr("{n} reminders are now due.").format(
                n=len(fresh))
            if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
                self.icon.showMessage(tr("Placement Journal"), message,
                                      QSystemTrayIcon.MessageIcon.Information, 8000)
            self.notified.emit(message)

    def _set_count(self, count: int) -> None:
        self.count = count
        self.icon.setIcon(badge_icon(self._base, count))
        if count:
            self.icon.setToolTip(tr("Placement Journal — {n} due").format(n=count))
        else:
            self.icon.setToolTip(tr("Placement Journal — nothing due"))

    def show_locked(self) -> None:
        self._timer.stop()
        self._context = None
        self._seen = None
        self.count = 0
        self.icon.setIcon(badge_icon(self._base, 0))
        self.icon.setToolTip(tr("Placement Journal — locked"))

    def hide(self) -> None:
        self.icon.hide()
