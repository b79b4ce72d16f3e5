"""First launch through the real entry point and the real event loop, by keyboard only.

The wizard used to hide itself (the last visible window) before the main window existed;
with the production quit rules the event loop then ended and the learner was left with
a journal and no app. Widget-level tests never saw it, so this one runs ``run_gui`` and
``app.exec()`` exactly as ``journal-app`` does, typing what a learner types.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.event_loop_support import Script, focused, forget_windows, visible_window

STRONG = "purple tractors sing at dawn"
Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _windows_gone_afterwards():
    yield
    forget_windows()


def _page_is(attribute: str):
    def ready():
        wizard = visible_window("FirstRunWizard")
        return wizard is not None and wizard.currentPage() is getattr(wizard, attribute)

    return ready


def test_first_launch_reaches_the_main_window_and_keeps_running(app_home):
    from journal_app import paths
    from journal_app.journal.journal import Journal
    from journal_app.ui.app import run_gui

    script = Script(limit_s=15)
    seen: dict[str, object] = {}

    def check_group():
        wizard = visible_window("FirstRunWizard")
        key = wizard.key_page.key_view.key()
        script.press(Key.Key_3, ALT)  # "type group 3 of your key"
        script.type(key.split("-")[2])
        script.press(Key.Key_Return)

    def on_main_window():
        window = visible_window("MainWindow")
        seen["title"] = window.windowTitle()
        seen["shown_while_wizard_gone"] = visible_window("FirstRunWizard") is None
        window.close()  # what the window's close button does

    def type_passphrase_twice():
        seen["passphrase_focus"] = type(focused()).__name__
        script.type(STRONG)
        script.press(Key.Key_Tab)
        script.type(STRONG)
        script.press(Key.Key_Return)

    (
        script
        .when("welcome page", _page_is("welcome"), lambda: script.press(Key.Key_Return))
        .when("location page", _page_is("location"), lambda: script.press(Key.Key_Return))
        .when("passphrase page", _page_is("passphrase"), type_passphrase_twice)
        .when("recovery key page", _page_is("key_page"),
              lambda: script.press(Key.Key_W, ALT))  # "I have written it down"
        .when("ticked: written down", lambda: visible_window("FirstRunWizard").key_page.written.isChecked(),
              check_group)
        .when("profile page", _page_is("profile"),
              lambda: (script.type("Sam Learner"), script.press(Key.Key_Return)))
        .when("criteria page", _page_is("framework"), lambda: script.press(Key.Key_Return))
        .when("main window", lambda: visible_window("MainWindow"), on_main_window)
    )
    script.start()
    code = run_gui()

    assert script.failure == ""
    assert script.done[-1] == "main window"
    assert code == 0
    assert seen["shown_while_wizard_gone"] is True
    assert seen["passphrase_focus"] == "QLineEdit"
    journal = Journal.open(paths.default_journal_path(), STRONG)
    try:
        assert journal.learner().name == "Sam Learner"
    finally:
        journal.close()


def test_locking_returns_to_the_unlock_window_and_closing_it_ends_the_app(app_home, journal_path):
    from journal_app.journal.journal import Journal
    from journal_app.ui.app import AppSettings, run_gui

    created, _key = Journal.create(journal_path, STRONG)
    created.close()
    settings = AppSettings()
    settings.set("journal/last_path", str(journal_path))
    settings.sync()
    script = Script(limit_s=15)
    seen: list[str] = []

    def unlock():
        seen.append("unlock window")
        script.type(STRONG)
        script.press(Key.Key_Return)

    def close_unlock_window():
        seen.append("unlock window again")
        visible_window("UnlockWindow").close()

    (
        script
        .when("unlock window", lambda: visible_window("UnlockWindow"), unlock)
        .when("main window", lambda: visible_window("MainWindow"),
              lambda: script.press(Key.Key_L, Qt.KeyboardModifier.ControlModifier))
        .when("locked", lambda: visible_window("UnlockWindow") and not visible_window("MainWindow"),
              close_unlock_window)
    )
    script.start()
    code = run_gui()

    assert script.failure == ""
    assert seen == ["unlock window", "unlock window again"]
    assert code == 0


def test_opening_a_journal_file_unlocks_that_journal(app_home, tmp_path):
    """``journal-app PATH.pjournal`` is what a double-click on a journal file runs."""
    from journal_app.cli import run
    from journal_app.journal.journal import Journal

    elsewhere = tmp_path / "from a USB stick.pjournal"
    created, _key = Journal.create(elsewhere, STRONG)
    created.close()
    script = Script(limit_s=15)
    seen: list[object] = []

    def unlock():
        seen.append(visible_window("UnlockWindow").path)
        script.type(STRONG)
        script.press(Key.Key_Return)

    def close_main():
        window = visible_window("MainWindow")
        seen.append(window.context.journal.path)
        window.close()

    def close_unlock():
        visible_window("UnlockWindow").close()

    (
        script
        .when("unlock window", lambda: visible_window("UnlockWindow"), unlock)
        .when("main window", lambda: visible_window("MainWindow"), close_main)
        .when("unlock window again", lambda: visible_window("UnlockWindow"), close_unlock)
    )
    script.start()
    assert run([str(elsewhere)]) == 0
    assert script.failure == ""
    assert seen == [elsewhere.resolve(), elsewhere.resolve()]


def test_opening_a_missing_journal_file_says_so(app_home, tmp_path, capsys):
    from journal_app.cli import run

    assert run([str(tmp_path / "gone.pjournal")]) == 11
    err = capsys.readouterr().err
    assert "There is no journal at" in err and "gone.pjournal" in err and len(err.splitlines()) == 1
