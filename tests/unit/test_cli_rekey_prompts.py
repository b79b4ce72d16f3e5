"""At a terminal, a command that changes the journal's key asks for the recovery key to keep
(Enter for a new one), and a new key shown there is typed back (group 3) as at first run."""

from __future__ import annotations

import argparse
import builtins
import getpass

import pytest

from journal_app.cli import common, vault_commands

KEY = "ABCDE-FGH1K-MN2PQ-RST3V-WXYZ0-12345-6789A-BCDEF"


def _args() -> argparse.Namespace:
    return argparse.Namespace(recovery_key_file=None, keep_recovery_key_file=None)


@pytest.mark.parametrize(("typed", "expected"), [(f"  {KEY} ", (KEY, False)), ("", (None, True))])
def test_the_recovery_key_is_asked_for_at_a_terminal(monkeypatch, typed, expected) -> None:
    asked: list[str] = []
    monkeypatch.setattr(common, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": (asked.append(prompt), typed)[1])
    assert vault_commands.recovery_choice(_args()) == expected
    assert asked == ["Your recovery key, to keep it (or press Enter for a new one): "]


def test_without_a_terminal_or_input_a_new_key_is_made(monkeypatch) -> None:
    monkeypatch.setattr(common, "_interactive", lambda: False)
    monkeypatch.setattr(vault_commands.sys, "stdin", None)
    assert vault_commands.recovery_choice(_args()) == (None, True)


def test_a_new_key_shown_at_a_terminal_is_typed_back(monkeypatch, capsys) -> None:
    answers = ["I lost it", "fgh1k", "mn2pq"]
    monkeypatch.setattr(common, "_interactive", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt="": answers.pop(0))
    vault_commands.show_new_recovery_key(KEY, argparse.Namespace(recovery_key_file=None))
    out = capsys.readouterr().out
    assert KEY in out and "old one no longer opens anything" in out
    assert out.count("That isn't group 3") == 2 and "That matches" in out
    assert not answers
