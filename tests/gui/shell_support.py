"""Fixtures for the app shell's tests: dialogs replaced by recorders, journals made on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE


class Dialogs:
    """What the learner would have seen in dialogs, and the answers the test gives."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.questions: list[str] = []
        self.confirm_answer = True
        self.outcome: Any = None  # promise_outcome.Outcome to answer with; None = cancel


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    from journal_app.ui.dialogs import promise_outcome
    from journal_app.ui.widgets import common

    seen = Dialogs()

    def confirm(parent: Any, title: str, text: str) -> bool:
        seen.questions.append(title)
        return seen.confirm_answer

    monkeypatch.setattr(common, "show_error", lambda parent, error: seen.errors.append(error))
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


def quick_log(editor: Any, summary: str, customer: str = "", promise: str = "", kind: str = "") -> str | None:
    """Type a quick log the way a learner would, then save."""
    form = editor.form
    if customer:
        form.start_new_customer()
        form.new_name.setText(customer)
    if kind:
        form.kind.setCurrentIndex(form.kind.findData(kind))
    form.summary.setPlainText(summary)
    if promise:
        form.promise_rows[0].text.setText(promise)
    return editor.save()
