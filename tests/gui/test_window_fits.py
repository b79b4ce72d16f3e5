"""The main window fits a 1024×768 or 1366×768 laptop screen, also at 150 % scale (where
1366×768 is 910×512 of Qt's logical pixels), first time and when a size remembered on a
bigger monitor comes back; no page forces it beyond 1024×700, or beyond what 150 % leaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from tests.conftest import PASSPHRASE

SCREENS = {
    "1024x768": QRect(0, 0, 1024, 768),
    "1366x768": QRect(0, 0, 1366, 768),
    "1366x768-with-panel": QRect(0, 32, 1366, 736),
    # QT_SCALE_FACTOR=1.5: the screen Qt lays out on is the physical one divided by 1.5
    "1366x768-at-150%": QRect(0, 0, 910, 512),
    "1366x768-at-150%-with-panel": QRect(0, 21, 910, 491),
}


def _window(qtbot, saved_journal, clock, monkeypatch, avail: QRect, screen: str = "laptop"):
    from journal_app.journal.journal import Journal
    from journal_app.ui import geometry
    from journal_app.ui.context import AppContext
    from journal_app.ui.main_window import MainWindow

    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(avail))
    monkeypatch.setattr(geometry, "screen_key", lambda widget=None: screen)
    window = MainWindow(AppContext(Journal.open(saved_journal, PASSPHRASE, clock=clock), clock=clock))
    qtbot.addWidget(window)
    return window


def _frame_fits(window, avail: QRect) -> None:
    from journal_app.ui.geometry import FRAME_ROOM

    client = window.geometry()
    # the frame the window manager adds (none offscreen) is allowed for by FRAME_ROOM
    frame = client.adjusted(-FRAME_ROOM.width() // 2, -(FRAME_ROOM.height() - FRAME_ROOM.width() // 2),
                            FRAME_ROOM.width() // 2, FRAME_ROOM.width() // 2)
    assert avail.contains(window.frameGeometry()), (window.frameGeometry(), avail)
    assert avail.contains(frame), (frame, avail)


@pytest.mark.parametrize("name", SCREENS)
def test_first_time_the_window_fits_the_screen(qtbot, saved_journal, clock, dialogs, monkeypatch, name):
    avail = SCREENS[name]
    window = _window(qtbot, saved_journal, clock, monkeypatch, avail)
    window.show()
    try:
        _frame_fits(window, avail)
        assert window.width() == min(1180, avail.width() - 40)
        assert window.height() == min(760, avail.height() - 60)
        assert window.minimumSizeHint().boundedTo(window.size()) == window.minimumSizeHint(), \
            "the window is smaller than its pages need: something is cut"
        assert abs(window.geometry().center().x() - avail.center().x()) <= 1
    finally:
        window.lock()


def test_a_size_from_a_bigger_monitor_is_brought_back_on_screen(qtbot, saved_journal, clock, dialogs,
                                                                monkeypatch):
    big = QRect(0, 0, 2560, 1440)
    window = _window(qtbot, saved_journal, clock, monkeypatch, big, screen="monitor")
    window.show()
    window.setGeometry(QRect(1200, 500, 1300, 900))
    window.lock()
    small = SCREENS["1024x768"]
    again = _window(qtbot, saved_journal, clock, monkeypatch, small, screen="monitor")
    again.show()
    try:
        _frame_fits(again, small)
    finally:
        again.lock()


def test_each_screen_keeps_its_own_size(qtbot, saved_journal, clock, dialogs, monkeypatch):
    big = QRect(0, 0, 1920, 1080)
    window = _window(qtbot, saved_journal, clock, monkeypatch, big, screen="monitor")
    window.show()
    window.resize(760, 560)  # within the offscreen screen, which restoreGeometry also respects
    window.lock()
    laptop = SCREENS["1366x768"]
    window = _window(qtbot, saved_journal, clock, monkeypatch, laptop, screen="laptop")
    window.show()
    window.resize(640, 500)
    window.lock()
    again = _window(qtbot, saved_journal, clock, monkeypatch, big, screen="monitor")
    again.show()
    try:
        assert (again.width(), again.height()) == (760, 560)
    finally:
        again.lock()


def test_no_page_forces_the_window_beyond_1024_by_700(shell):
    from journal_app.ui.main_window import PAGES

    too_big = []
    for spec in PAGES:
        shell.show_page(spec.name)
        hint = shell.minimumSizeHint().expandedTo(shell.minimumSize())
        if hint.width() > 1024 or hint.height() > 700:
            too_big.append(f"{spec.name}: {hint.width()}×{hint.height()}")
    shell.new_interaction()
    hint = shell.minimumSizeHint()
    if hint.width() > 1024 or hint.height() > 700:
        too_big.append(f"interaction editor: {hint.width()}×{hint.height()}")
    assert not too_big, "pages wider or taller than 1024×700 at their smallest: " + ", ".join(too_big)


def test_at_150_percent_no_page_needs_more_than_a_1366_by_768_laptop_leaves(shell):
    """1366×768 at 150 %, less a panel and the window frame, leaves 870×431 for the window."""
    from journal_app.ui.geometry import largest_client
    from journal_app.ui.main_window import PAGES

    room = largest_client(SCREENS["1366x768-at-150%-with-panel"])
    too_big = []
    for spec in PAGES:
        shell.show_page(spec.name)
        hint = shell.minimumSizeHint().expandedTo(shell.minimumSize())
        if hint.width() > room.width() or hint.height() > room.height():
            too_big.append(f"{spec.name}: {hint.width()}×{hint.height()}")
    shell.new_interaction()
    hint = shell.minimumSizeHint().expandedTo(shell.minimumSize())
    if hint.width() > room.width() or hint.height() > room.height():
        too_big.append(f"interaction editor: {hint.width()}×{hint.height()}")
    assert not too_big, f"pages bigger than {room.width()}×{room.height()}: " + ", ".join(too_big)


def test_at_150_percent_no_control_is_squashed_on_any_page_or_tab(shell, qtbot):
    """Shown at the room 150 % leaves, every button, field and list keeps at least the height
    it needs to be read: a page taller than that scrolls instead of squashing its controls."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QApplication,
        QComboBox,
        QLabel,
        QLineEdit,
        QTabWidget,
    )

    from journal_app.ui.geometry import largest_client
    from journal_app.ui.main_window import PAGES
    from journal_app.ui.theme import apply_theme

    apply_theme(QApplication.instance(), "light")  # the app's own style: its padding sets the sizes
    room = largest_client(SCREENS["1366x768-at-150%-with-panel"])
    shell.resize(room)
    shell.show()
    qtbot.waitExposed(shell)
    squashed = []
    for spec in PAGES:
        page = shell.show_page(spec.name)
        tab_sets = page.findChildren(QTabWidget) or [None]
        for tabs in tab_sets:
            for index in range(tabs.count() if tabs is not None else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(index)
                qtbot.wait(1)
                where = spec.name + (f" / {tabs.tabText(index).replace('&', '')}" if tabs is not None else "")
                for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QLabel):
                    for control in page.findChildren(kind):
                        shown = control.isVisibleTo(shell) and not control.visibleRegion().isEmpty()
                        if not shown:
                            continue
                        if isinstance(control.parentWidget(), (QLineEdit, QAbstractSpinBox, QComboBox)):
                            continue  # a part drawn inside a field (its clear or calendar button)
                        needed = control.minimumSizeHint().height()
                        if kind is QLabel and not control.text():
                            continue
                        if control.height() < needed - 2:
                            name = control.accessibleName() or getattr(control, "text", lambda: "")()
                            squashed.append(f"{where}: {type(control).__name__} {name!r} "
                                            f"{control.height()} < {needed}")
    QApplication.instance().setStyleSheet("")
    assert not squashed, "squashed at 150 %: " + "; ".join(sorted(set(squashed))[:12])
