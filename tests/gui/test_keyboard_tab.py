"""Tab and Shift+Tab leave every table, tree and list; Tab walks each whole page and comes back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from journal_app.ui.main_window import PAGES
from tests.gui.keyboard_support import filled_shell, focused, inside, visible_views

Key = Qt.Key
PAGE_NAMES = [spec.name for spec in PAGES]
MOST_PRESSES = 250  # far more stops than any page has


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_tab_and_shift_tab_leave_every_table_on_the_page(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    page = shell.show_page(name)
    views = visible_views(page)
    for view in views:
        assert not view.tabKeyNavigation(), view.accessibleName()
        for key in (Key.Key_Tab, Key.Key_Backtab):
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            qtbot.waitUntil(view.hasFocus)
            QTest.keyClick(view, key)
            assert not inside(focused(), view), f"{key.name} stayed in {view.accessibleName()!r}"


def test_arrows_still_move_inside_a_table(shell, qtbot, clock):
    filled_shell(qtbot, shell, clock)
    table = shell.show_page("interactions").table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.selectRow(0)
    QTest.keyClick(table, Key.Key_Down)
    assert table.currentIndex().row() == 1 and table.hasFocus()


def _walk(qtbot, start, presses: int = MOST_PRESSES) -> list:
    """Press Tab from ``start`` until focus is back on it; on a table press Space first
    (a learner picks the row they're on), so the buttons that need a row are enabled."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    seen = [start]
    for _ in range(presses):
        here = focused()
        if here in visible_views(here.window()) and here is not start:
            QTest.keyClick(here, Key.Key_Space)
        QTest.keyClick(here, Key.Key_Tab)
        now = focused()
        assert now is not None, f"focus was lost after {here!r}"
        assert now is not here, f"Tab is stuck on {here.accessibleName() or here!r}"
        if now is start:
            return seen
        seen.append(now)
    raise AssertionError(f"Tab never came back to the start in {presses} presses; last: {seen[-5:]!r}")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_tab_from_the_sidebar_walks_the_page_and_comes_back(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    page = shell.show_page(name)
    seen = _walk(qtbot, shell.sidebar)
    assert any(inside(widget, page) for widget in seen), "Tab never reached the page"
    for view in visible_views(page):
        assert view in seen, f"{view.accessibleName()!r} is never reached by Tab"


def _buttons(seen) -> set[str]:
    return {w.text().replace("&", "") for w in seen if isinstance(w, QAbstractButton)}


def test_open_and_delete_are_reached_by_tab_on_interactions(shell, qtbot, clock):
    filled_shell(qtbot, shell, clock)
    page = shell.show_page("interactions")
    seen = _walk(qtbot, shell.sidebar)
    assert page.table in seen
    reached = _buttons(seen)
    assert page.open_button.text().replace("&", "") in reached
    assert page.delete_button.text().replace("&", "") in reached


def test_todays_promise_buttons_are_reached_by_tab(shell, qtbot, clock):
    from datetime import timedelta

    from journal_app.journal.records import Promise

    shell.context.journal.promises.add(Promise(text="Ring Mrs Patel back",
                                               due=(clock.now + timedelta(days=1)).date().isoformat()))
    filled_shell(qtbot, shell, clock)
    page = shell.show_page("today")
    assert page.promise_model.rowCount() >= 1
    seen = _walk(qtbot, shell.sidebar)
    assert page.promise_view in seen
    assert page.kept_button in seen and page.open_promise_button in seen


def test_shift_tab_walks_back_round_too(shell, qtbot, clock):
    filled_shell(qtbot, shell, clock)
    shell.show_page("interactions")
    start = shell.sidebar
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    for _ in range(MOST_PRESSES):
        here = QApplication.focusWidget()
        QTest.keyClick(here, Key.Key_Backtab)
        assert QApplication.focusWidget() is not here
        if QApplication.focusWidget() is start:
            return
    raise AssertionError("Shift+Tab never came back to the sidebar")
