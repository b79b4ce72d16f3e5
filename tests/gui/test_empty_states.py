"""Every empty list says what it will hold and the next step to fill it; the message goes as soon
as there is a row, and a screen reader hears it (the view's description)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.keyboard_support import filled_shell

NEXT_STEP = ("Press", "Ctrl+N", "Log", "Add")


def _messages(page) -> dict[str, str]:
    return {view.accessibleName(): view.accessibleDescription()
            for view in page.findChildren(QAbstractItemView) if view.property("emptyMessage")}


@pytest.mark.parametrize("name", ["interactions", "customers", "promises", "evidence", "plans"])
def test_an_empty_list_says_the_next_step(shell, name):
    page = shell.show_page(name)
    page.refresh()
    messages = _messages(page)
    assert messages, f"{name}: no list says what to do when empty"
    for view, text in messages.items():
        if view == "Reviews of this objective":
            continue  # shown once an objective is chosen
        assert text.startswith("No ") and any(step in text for step in NEXT_STEP), (name, view, text)


@pytest.mark.parametrize("name", ["interactions", "customers", "promises", "evidence", "plans"])
def test_the_message_goes_once_there_are_rows(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    page = shell.show_page(name)
    page.refresh()
    main = {view: text for view, text in _messages(page).items() if view != "Reviews of this objective"}
    assert main and all(text == "" for text in main.values()), main


def test_today_with_nothing_to_do_says_how_to_start(shell):
    page = shell.show_page("today")
    page.refresh()
    assert page.empty_label.isVisibleTo(page)
    assert "Ctrl+N" in page.empty_label.text()
    assert "log an interaction" in page.no_promises.text()
