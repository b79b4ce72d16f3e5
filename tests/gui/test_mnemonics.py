"""No two controls showing together share an Alt+letter, menu-bar titles included."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from journal_app.ui.main_window import PAGES
from tests.gui.keyboard_support import filled_shell


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the texts that claim it, for every control showing in ``window``."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        buddied_label = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or buddied_label:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    menu_bar = getattr(window, "menuBar", None)
    if menu_bar is not None:
        texts.extend(action.text() for action in menu_bar().actions())
    letters: dict[str, list[str]] = {}
    for text in texts:
        letter = _letter(text)
        if letter:
            letters.setdefault(letter, []).append(text)
    return letters


def assert_no_clash(window: QWidget, where: str) -> None:
    clashes = {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}
    assert not clashes, f"{where}: shared Alt+letters {clashes}"


@pytest.mark.parametrize("name", [spec.name for spec in PAGES])
def test_every_page_has_its_own_letters(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    shell.show_page(name)
    assert_no_clash(shell, name)


@pytest.mark.parametrize("kind", ["enquiry", "complaint", "sale"])
def test_the_interaction_editor_has_its_own_letters_and_alt_s_saves(shell, qtbot, clock, kind):
    filled_shell(qtbot, shell, clock)
    shell.new_interaction()
    form = shell.pages["interactions"].editor.form
    form.kind.setCurrentIndex(form.kind.findData(kind))
    assert_no_clash(shell, f"editor ({kind})")
    assert visible_mnemonics(shell)["s"] == [shell.pages["interactions"].editor.save_button.text()]
