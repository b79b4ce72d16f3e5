"""Fixtures shared by the GUI tests.

The record pages' tests use ``context``: an unlocked journal in an AppContext, with error
dialogs replaced by a list the test can read (``shown_errors``), so a refusal is asserted as
the learner would see it (the message) without a real modal window.

The app shell's tests use ``shell``: a main window over a journal saved on disk
(``saved_journal``), with dialogs replaced by recorders (``dialogs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.gui.shell_support import Dialogs

# --- the record pages ------------------------------------------------------------------------


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    seen: list[BaseException] = []
    from journal_app.ui.widgets import common

    monkeypatch.setattr(common, "error_dialog", lambda parent, error: seen.append(error))
    monkeypatch.setattr(common, "confirm", lambda parent, title, text: True)
    return seen


@pytest.fixture
def file_journal(tmp_path, clock):
    from journal_app.journal.journal import Journal

    opened, _key = Journal.create(tmp_path / "journal.pjournal", PASSPHRASE, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def context(qtbot, file_journal, clock, shown_errors):
    from journal_app.ui.context import AppContext

    ctx = AppContext(file_journal, clock=clock)
    ctx.saves = 0
    ctx.save_requested.connect(lambda: setattr(ctx, "saves", ctx.saves + 1))
    ctx.seals = 0
    ctx.seal_requested.connect(lambda: setattr(ctx, "seals", ctx.seals + 1))
    return ctx


# --- the app shell ---------------------------------------------------------------------------


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    from journal_app.ui.dialogs import promise_outcome
    from journal_app.ui.widgets import common

    seen = Dialogs()

    def confirm(parent: Any, title: str, text: str) -> bool:
        seen.questions.append(title)
        return seen.confirm_answer

    monkeypatch.setattr(common, "error_dialog", lambda parent, error: seen.errors.append(error))
    monkeypatch.setattr(common, "confirm", confirm)
    monkeypatch.setattr(common, "inform", lambda parent, title, text: seen.questions.append(title))
    monkeypatch.setattr(promise_outcome, "ask_outcome", lambda *args, **kw: seen.outcome)
    return seen


@pytest.fixture
def saved_journal(tmp_path: Path, clock: Any) -> Path:
    """A journal file on disk, closed, opened with PASSPHRASE."""
    from journal_app.journal.journal import Journal

    path = tmp_path / "journal.pjournal"
    journal, _key = Journal.create(path, PASSPHRASE, clock=clock)
    journal.close()
    return path


@pytest.fixture
def shell(qtbot: Any, saved_journal: Path, clock: Any, dialogs: Dialogs) -> Any:
    """A main window over an unlocked journal, saving synchronously."""
    from journal_app.journal.journal import Journal
    from journal_app.ui.context import AppContext
    from journal_app.ui.main_window import MainWindow

    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    context = AppContext(journal, clock=clock)
    window = MainWindow(context)
    qtbot.addWidget(window)
    yield window
    if not window.is_locked:
        window.lock()
