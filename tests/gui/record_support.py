"""Fixtures shared by the record pages' tests: an unlocked journal in an AppContext.

Error dialogs are replaced by a list the test can read, so a refusal is asserted
as the learner would see it (the message) without a real modal window.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    seen: list[BaseException] = []
    from journal_app.ui.widgets import common

    monkeypatch.setattr(common, "show_error", lambda parent, error: seen.append(error))
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
