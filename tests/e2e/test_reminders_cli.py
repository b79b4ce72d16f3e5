"""``journal-app reminders``: what a learner sees at the command line, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal_app.journal.records import Customer, Interaction, Promise, Star

from ..conftest import PASSPHRASE

AT = "2026-10-10T09:00:00+01:00"


def run(*args: str, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOURNAL_PASSPHRASE": passphrase}
    return subprocess.run([sys.executable, "-m", "journal_app", *args], capture_output=True, text=True,
                          env=env, timeout=60)


@pytest.fixture
def saved_journal(journal, journal_path: Path) -> dict[str, str]:
    c = journal.customers.add(Customer(name="Mrs A. Patel", segment="key"))
    p = journal.promises.add(Promise(customer=c.id, text="Ring Mrs Patel back", due="2026-10-06"))
    soon = journal.promises.add(Promise(customer=c.id, text="Send the brochure", due="2026-10-11"))
    i = journal.interactions.add(Interaction(customer=c.id, at="2026-10-01T09:30:00+01:00", channel="phone",
                                             star=Star(situation="Late car")))
    journal.save()
    return {"promise": p.id, "soon": soon.id, "interaction": i.id}


def test_json_lists_reminders_with_their_subjects(saved_journal, journal_path: Path) -> None:
    result = run("reminders", str(journal_path), "--at", AT, "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    by_rule = {item["rule"]: item for item in items}
    assert set(by_rule) == {"promise-overdue", "promise-due-soon", "reflection-missing"}
    late = by_rule["promise-overdue"]
    assert late["subject"] == {"type": "promise", "id": saved_journal["promise"]}
    assert late["severity"] == "overdue" and late["action"] == "close-promise"
    assert late["due"] == "2026-10-07T00:00:00+01:00" and late["since"]
    assert late["message"].endswith("by Tue 6 Oct — it's 4 days overdue.")
    assert by_rule["reflection-missing"]["due"] is None
    assert [i["severity"] for i in items] == ["overdue", "due-soon", "missing"]
    assert "Patel" not in result.stdout


def test_text_groups_by_urgency(saved_journal, journal_path: Path) -> None:
    result = run("reminders", str(journal_path), "--at", AT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Overdue (1)") < out.index("Due soon (1)") < out.index("Missing from your journal (1)")
    assert f"(key: promise-overdue:promise:{saved_journal['promise']})" in out
    assert "Patel" not in out


def test_at_changes_what_is_due(saved_journal, journal_path: Path) -> None:
    early_at = "2026-10-01T10:00:00+01:00"
    early = json.loads(run("reminders", str(journal_path), "--at", early_at, "--json").stdout)
    assert early == []
    result = run("reminders", str(journal_path), "--at", early_at)
    assert "Nothing needs your attention" in result.stdout


def test_bad_at_is_a_clear_error(saved_journal, journal_path: Path) -> None:
    result = run("reminders", str(journal_path), "--at", "next tuesday")
    assert result.returncode != 0
    assert '"next tuesday" is not a date and time' in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_wrong_passphrase_and_missing_file(saved_journal, journal_path: Path, tmp_path: Path) -> None:
    wrong = run("reminders", str(journal_path), "--at", AT, passphrase="not it at all")
    assert wrong.returncode == 3 and "doesn't unlock" in wrong.stderr
    missing = run("reminders", str(tmp_path / "nope.pjournal"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_reading_leaves_the_file_alone_while_the_app_has_it_open(saved_journal, journal_path: Path) -> None:
    before = journal_path.read_bytes()
    result = run("reminders", str(journal_path), "--at", AT, "--json")  # the fixture still holds the lock
    assert result.returncode == 0, result.stderr
    assert journal_path.read_bytes() == before


def test_snooze_dismiss_restore_from_the_command_line(saved_journal, journal, journal_path: Path) -> None:
    journal.close()  # changes need the journal to themselves
    key = f"promise-overdue:promise:{saved_journal['promise']}"
    snoozed = run("reminders", str(journal_path), "--at", AT, "--snooze", key, "--until", "2026-10-12")
    assert snoozed.returncode == 0, snoozed.stderr
    assert "Snoozed until 2026-10-12 00:00" in snoozed.stdout
    rules = [i["rule"] for i in json.loads(run("reminders", str(journal_path), "--at", AT, "--json").stdout)]
    assert "promise-overdue" not in rules
    hidden = json.loads(run("reminders", str(journal_path), "--at", AT, "--json", "--all").stdout)
    assert [i["state"] for i in hidden if i["rule"] == "promise-overdue"] == ["snoozed"]

    key2 = f"reflection-missing:interaction:{saved_journal['interaction']}"
    assert run("reminders", str(journal_path), "--at", AT, "--dismiss", key2).returncode == 0
    rules = [i["rule"] for i in json.loads(run("reminders", str(journal_path), "--at", AT, "--json").stdout)]
    assert rules == ["promise-due-soon"]
    assert "Shown again" in run("reminders", str(journal_path), "--at", AT, "--restore", key2).stdout

    bad = run("reminders", str(journal_path), "--at", AT, "--snooze", key)
    assert bad.returncode != 0 and "--until" in bad.stderr
    past = run("reminders", str(journal_path), "--at", AT, "--snooze", key, "--until", "2026-10-01")
    assert past.returncode != 0 and "later than now" in past.stderr


def test_the_command_never_loads_qt_or_sqlite_utils(saved_journal, journal_path: Path) -> None:
    probe = (
        "import sys; from journal_app.cli import run;"
        "code = run(['reminders', sys.argv[1], '--at', sys.argv[2], '--json']);"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'sqlite_utils')));"
        "print('LOADED', bad, file=sys.stderr); sys.exit(code)"
    )
    env = {**os.environ, "JOURNAL_PASSPHRASE": PASSPHRASE}
    result = subprocess.run([sys.executable, "-c", probe, str(journal_path), AT], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stderr


@pytest.mark.parametrize(("option", "value"), [
    ("--at", "0001-01-01T00:00:00+00:00"), ("--at", "0001-01-03"), ("--at", "9999-12-31T00:00:00Z"),
    ("--at", "9999-12-31"), ("--until", "9999-12-31"), ("--until", "0001-01-01T00:00"),
])
def test_a_time_next_to_year_1_or_9999_is_refused_plainly(
    saved_journal, journal_path: Path, option: str, value: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from journal_app.cli import run as run_in_process

    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    argv = ["reminders", str(journal_path), "--at", AT, option, value]
    if option == "--until":
        argv += ["--snooze", f"promise-overdue:promise:{saved_journal['promise']}"]
    assert run_in_process(argv) == 13
    err = capsys.readouterr().err
    assert err == f'journal-app: {option} "{value}" is too far away: give a time in the years 1900 to 2999.\n'
