"""Hostile values in every option of every command: refused cleanly, nothing changed.

Each case puts one odd value into one place of one command (the journal's path, an id, a
date, a time, an output file, a criterion, a search): bytes that aren't UTF-8 (which Python
hands on as lone surrogates), terminal escape codes, a right-to-left override, a megabyte of
text, a 5,000-digit number, dates Python reads but the app can't use, years 1 and 9999, an
empty string. For each one:

- the exit code is documented (0, argparse's 2 for a malformed command line, or a code of
  ``journal_app/errors.py``), never 70;
- a refusal ends with one ``journal-app: ...`` line; no traceback, no escape character, no
  control character and no line over about 2,000 characters anywhere on standard error;
- a refusal leaves the journal, its backups and its attachments byte for byte as they were;
- after a sample of cases, and after the last, ``verify`` exits 0.

The commands run in this process (``journal_app.cli.run``) against one copy of the shared
test journal (``write_commands``).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal_app.cli import run

from . import write_commands as w

ESC = "\x1b"
VALUES = {
    "bad-byte": "c-\udcff",  # a byte that isn't UTF-8 on the command line, as Python passes it on
    "bad-bytes": "\udce9t\udce9",
    "ansi": "\x1b[31mERROR\x1b[0m\x1b[2J",
    "rtl": "c-\u202egpj.exe",
    "newlines": "one\ntwo\r\nthree",
    "megabyte": "x" * 1_000_000,
    "digits": "9" * 5000,
    "empty": "",
    "space": " ",
    "dash": "-",
    "week-date": "2026-W40-1T09:30Z",
    "basic-date": "20261001T093000Z",
    "year-1": "0001-01-01T00:00:00+00:00",
    "year-9999": "9999-12-31T23:59:59+00:00",
}
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23}
VERIFY_EVERY = 25


def _slots(root: Path, ids: dict[str, str]) -> dict[str, list]:
    """Each command with ``{}`` where the hostile value goes (an output or input file: a file
    of that name inside this copy's own folders, so nothing lands anywhere else)."""
    j, f, out = root / w.JOURNAL, root / "files", root / "out"
    pw = ["--passphrase-file", f / "old.txt"]
    return {
        "reminders --at": ["reminders", j, "--at", "{}", *pw],
        "reminders --dismiss": ["reminders", j, "--at", w.AT, "--dismiss", "{}", *pw],
        "reminders --restore": ["reminders", j, "--at", w.AT, "--restore", "{}", *pw],
        "reminders --snooze --until": ["reminders", j, "--at", w.AT, "--snooze", ids["dismiss"], "--until",
                                       "{}", *pw],
        "erase --customer": ["erase", j, "--customer", "{}", *pw],
        "subject-export --customer": ["subject-export", j, "--customer", "{}", "--out", out / "s.json", *pw],
        "subject-export --out": ["subject-export", j, "--customer", ids["customer"], "--out", "OUT{}", *pw],
        "export --out": ["export", j, "--format", "json", "--out", "OUT{}", *pw],
        "export --format": ["export", j, "--format", "{}", "--out", out / "e.json", *pw],
        "export --criteria": ["export", j, "--format", "csv", "--criteria", "{}", "--out", out / "t.zip",
                              *pw],
        "export --from": ["export", j, "--format", "csv", "--from", "{}", "--out", out / "t.zip", *pw],
        "export --to": ["export", j, "--format", "csv", "--to", "{}", "--out", out / "t.zip", *pw],
        "hold --evidence": ["hold", j, "--evidence", "{}", "--until", "2027-01-01", *pw],
        "hold --until": ["hold", j, "--customer", ids["customer"], "--until", "{}", *pw],
        "hold --reason": ["hold", j, "--customer", ids["customer"], "--until", "2027-01-01", "--reason", "{}",
                          *pw],
        "hold --remove": ["hold", j, "--remove", "{}", *pw],
        "retention --at": ["retention", j, "--at", "{}", *pw],
        "search": ["search", j, "{}", *pw],
        "import FILE": ["import", j, "IN{}", *pw],
        "import-framework FILE": ["import-framework", j, "IN{}", *pw],
        "verify PATH": ["verify", "IN{}", *pw],
        "audit PATH": ["audit", "IN{}", *pw],
        "passwd --new-passphrase-file": ["passwd", j, *pw, "--new-passphrase-file", "IN{}"],
    }


def _filled(argv: list, value: str, root: Path) -> list[str]:
    out = []
    for part in argv:
        text = str(part)
        if text.startswith("OUT{}"):
            text = str(root / "out" / value.replace("/", "_")[:200]) if value else str(root / "out")
        elif text.startswith("IN{}"):
            text = str(root / "files" / value.replace("/", "_")[:200]) if value else str(root / "files")
        elif text == "{}":
            text = value
        out.append(text)
    return out


CASES = [(slot, value) for slot in _slots(Path("/"), {"dismiss": "", "customer": ""}) for value in VALUES]


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[w.Template, Path]]:
    with w.remembered_keys():
        base = tmp_path_factory.mktemp("hostile-cli")
        template = w.build_template(base / "t")
        yield template, w.fresh_copy(template, base / "run")


def _run(root: Path, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with w.home(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(argv)
        except SystemExit as stop:  # argparse's own refusals
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("slot", "value"), CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_a_hostile_value_is_refused_cleanly(copy: tuple[w.Template, Path], slot: str, value: str) -> None:
    template, root = copy
    argv = _filled(_slots(root, template.ids)[slot], VALUES[value], root)
    before = w.journal_files(root)
    code, out, err = _run(root, argv)
    assert code in DOCUMENTED, (code, err[:500])
    assert "Traceback" not in err and ESC not in err and ESC not in out, err[:500]
    assert all(len(line) <= 2100 for line in err.splitlines()), "a line on standard error is too long"
    assert all(ch.isprintable() or ch in "\n" for ch in err), repr(err[:500])
    if code != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and (lines[-1].startswith("journal-app: ") or code == 2), err[:500]
        assert w.journal_files(root) == before, f"{slot}: refused, yet the journal's files changed"
    if CASES.index((slot, value)) % VERIFY_EVERY == 0 or (slot, value) == CASES[-1]:
        code, report, err = _run(root, ["verify", str(root / w.JOURNAL), "--json", "--passphrase-file",
                                        str(root / "files" / "old.txt")])
        assert code == 0 and json.loads(report).get("ok", True), err


def test_the_corpus_covers_every_slot_with_every_value() -> None:
    assert len(CASES) >= 300


@pytest.mark.parametrize("slot", ["erase --customer", "subject-export --customer", "hold --evidence",
                                  "hold --reason", "hold --remove"])
@pytest.mark.parametrize("value", ["bad-byte", "bad-bytes"])
def test_an_id_that_is_not_text_is_refused_with_the_value_escaped(
        copy: tuple[w.Template, Path], slot: str, value: str) -> None:
    template, root = copy
    argv = _filled(_slots(root, template.ids)[slot], VALUES[value], root)
    before = w.journal_files(root)
    code, out, err = _run(root, argv)
    assert code == 13, err
    shown = VALUES[value].encode("utf-8", "backslashreplace").decode("ascii")  # "c-\\udcff"
    option = slot.split()[1]
    assert err == (f"journal-app: {option} \"{shown}\" holds bytes that aren't text (shown as \\udc.. "
                   "escapes); type it again with ordinary letters. Nothing was changed.\n"), err
    assert out == ""
    assert w.journal_files(root) == before


def test_escape_codes_in_a_hold_reason_and_an_output_name_are_shown_escaped(
        copy: tuple[w.Template, Path]) -> None:
    template, root = copy
    j, pw = str(root / w.JOURNAL), ["--passphrase-file", str(root / "files" / "old.txt")]
    code, out, err = _run(root, ["hold", j, "--customer", template.ids["customer"], "--until", "2027-02-01",
                                 "--reason", "\x1b[31mEPA\x1b[0m", *pw])
    assert code == 0, err
    code, out, err = _run(root, ["hold", j, *pw])
    assert code == 0, err
    assert ESC not in out
    assert any(line.endswith("\\x1b[31mEPA\\x1b[0m") for line in out.splitlines()), out
    target = root / "out" / "s-\x1b[2J.json"
    code, out, err = _run(root, ["subject-export", j, "--customer", template.ids["customer"], "--out",
                                 str(target), *pw])
    assert code == 0, err
    assert ESC not in out and "s-\\x1b[2J.json" in out.splitlines()[0], out
    assert target.exists()
