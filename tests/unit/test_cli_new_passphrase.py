"""Where a new passphrase may come from: its file option, or typed twice at a terminal."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator

import pytest

from journal_app.cli import common
from journal_app.errors import InvalidInput


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A terminal where the learner types the strings put in the returned list, in order."""
    typed: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(common, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": (asked.append(prompt), typed.pop(0))[1])
    yield typed
    assert not typed, "every answer typed was asked for"


def _args(**values: object) -> argparse.Namespace:
    return argparse.Namespace(new_passphrase_file=None, passphrase_file=None, **values)


def test_a_new_passphrase_is_typed_twice_at_a_terminal(
    terminal: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(common.PASSPHRASE_ENV, "the old one, set for scripts")
    terminal.extend(["purple tractors sing", "purple tractors sing"])
    assert common.read_new_passphrase(_args(), "new_passphrase_file", use_env=False) == "purple tractors sing"


def test_two_different_answers_change_nothing(terminal: list[str]) -> None:
    terminal.extend(["purple tractors sing", "purple tractors sang"])
    with pytest.raises(InvalidInput, match="don't match"):
        common.read_new_passphrase(_args(), "new_passphrase_file", use_env=False)


def test_the_passphrase_variable_is_never_the_new_passphrase_unless_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(common.PASSPHRASE_ENV, "the old one, set for scripts")
    monkeypatch.setattr(common, "_interactive", lambda: False)
    monkeypatch.setattr(common.sys, "stdin", None)
    with pytest.raises(InvalidInput, match="No new passphrase given.*--new-passphrase-file"):
        common.read_new_passphrase(_args(), "new_passphrase_file", use_env=False)
    # init names the passphrase of the journal it makes with it, on purpose
    assert common.read_new_passphrase(_args()) == "the old one, set for scripts"
