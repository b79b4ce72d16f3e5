"""Shared fixtures. Every test gets its own app home (state, settings) and fast key settings."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

# Set before Qt or the app is imported: offscreen Qt, cheap (still minimum-safe) KDF.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["JOURNAL_APP_FAST_KDF"] = "1"
os.environ["JOURNAL_APP_TEST_SUITE"] = "1"  # the app honours the fast KDF only with this
os.environ.pop("JOURNAL_PASSPHRASE", None)

PASSPHRASE = "correct horse battery"
LONDON_AUTUMN = timezone(timedelta(hours=1))


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JOURNAL_APP_HOME", str(home))
    monkeypatch.delenv("JOURNAL_PASSPHRASE", raising=False)
    return home


class FixedClock:
    """A clock tests can move: ``clock.now`` is returned until changed."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 10, 6, 17, 0, tzinfo=LONDON_AUTUMN))


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.pjournal"


@pytest.fixture
def journal(journal_path: Path, clock: FixedClock):
    from journal_app.journal.journal import Journal

    opened, _key = Journal.create(journal_path, PASSPHRASE, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def memory_journal(clock: FixedClock):
    """A journal with no file: for rules and services that never save."""
    from journal_app.journal.journal import Journal, builtin_framework

    opened = Journal.new_database(clock)
    opened.add_framework(builtin_framework(), builtin=True)
    yield opened
    opened.db.close()


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication_first(qapp):
    """Create pytest-qt's QApplication before anything else can create a bare
    QGuiApplication (the PDF exporter and icon renderer do when none exists);
    a second application can't be made later, and widgets need this one."""
    yield qapp
