"""`journal-app import / export / search` as a learner runs them: messages, exit codes, files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ..unit.interchange_support import PER_RECORD, spec_example

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"


def run(*args: object, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, JOURNAL_APP_FAST_KDF="1", JOURNAL_PASSPHRASE=PASSPHRASE,
               JOURNAL_APP_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", *map(str, args)], cwd=ROOT, env=env,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def imported(tmp_path: Path, app_home: Path) -> Path:
    """A journal with the format's example imported through the CLI."""
    from journal_app.journal.journal import Journal

    path = tmp_path / "journal.pjournal"
    Journal.create(path, PASSPHRASE, lock=False)[0].close()
    source = tmp_path / "example.json"
    doc = spec_example()
    doc["customers"][0]["name"] = "Mrs Zoë Patel"
    doc["interactions"][0]["summary"] = "Van not ready at four"
    source.write_text(json.dumps(doc), "utf-8")
    result = run("import", path, source, home=app_home)
    assert result.returncode == 0, result.stderr
    assert "customers: 1 added" in result.stdout
    return path


def test_import_then_export_json_gives_the_same_records(imported, tmp_path, app_home):
    out = tmp_path / "export.json"
    result = run("export", imported, "--format", "json", "--out", out, home=app_home)
    assert result.returncode == 0
    assert "NOT encrypted" in result.stderr and "real names" in result.stderr
    exported = json.loads(out.read_text("utf-8"))
    source = json.loads((tmp_path / "example.json").read_text("utf-8"))
    for key in PER_RECORD:
        assert exported[key] == source[key], key


def test_reimport_does_not_duplicate(imported, tmp_path, app_home):
    result = run("import", imported, tmp_path / "example.json", home=app_home)
    assert result.returncode == 0 and "customers: 1 unchanged" in result.stdout


def test_a_refused_import_names_the_path_and_leaves_the_file_untouched(imported, tmp_path, app_home):
    before = imported.read_bytes()
    bad = spec_example()
    bad["feedback"][0]["nps"] = 11
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad), "utf-8")
    result = run("import", imported, source, home=app_home)
    assert result.returncode == 14
    assert "feedback[0].nps: must be a whole number from 0 to 10" in result.stderr
    assert "journal is unchanged" in result.stderr
    assert imported.read_bytes() == before

    source.write_text("{not json", "utf-8")
    result = run("import", imported, source, home=app_home)
    assert result.returncode == 14 and "not valid JSON" in result.stderr
    assert imported.read_bytes() == before


def test_search_shows_type_id_title_and_snippet(imported, app_home):
    result = run("search", imported, "zoe", home=app_home)
    assert result.returncode == 0
    assert "customer" in result.stdout and "c1" in result.stdout and "«Zoë»" in result.stdout
    result = run("search", imported, 'van "', "--json", home=app_home)
    [hit] = json.loads(result.stdout)
    assert (hit["type"], hit["id"], hit["title"]) == ("interaction", "i1", "Van not ready at four")
    result = run("search", imported, "nothing-like-this", home=app_home)
    assert result.returncode == 0 and "No entries match" in result.stdout


def test_search_does_not_load_heavy_modules(imported, app_home):
    probe = (
        "import sys, runpy; sys.argv = ['journal-app', 'search', sys.argv[1], 'van'];"
        "from journal_app.cli import run; code = run(sys.argv[1:]);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlite_utils')"
        " or m in ('journal_app.journal.records', 'journal_app.journal.repo')))"
    )
    env = dict(os.environ, JOURNAL_PASSPHRASE=PASSPHRASE, JOURNAL_APP_HOME=str(app_home))
    out = subprocess.run([sys.executable, "-c", probe, str(imported)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_sqlite_export_is_a_clean_plain_copy(imported, tmp_path, app_home):
    out = tmp_path / "plain.sqlite"
    result = run("export", imported, "--format", "sqlite", "--out", out, home=app_home)
    assert result.returncode == 0 and "NOT encrypted" in result.stderr
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600  # plain personal data: readable by the learner only
    db = sqlite3.connect(out)
    try:
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert db.execute("SELECT name FROM customers").fetchall() == [("Mrs Zoë Patel",)]
        events = [e for (e,) in db.execute("SELECT event FROM audit")]
        assert "import" in events
    finally:
        db.close()


def test_an_evidence_pack_is_noted_in_the_audit_trail_and_own_copies_write_nothing(imported, tmp_path,
                                                                                   app_home):
    """Evidence packs (shown to others) are noted, without names; the learner's own json and
    sqlite copies only read the journal, so the file, its backups and its history stay as
    they were (a copy or a backup exported from never changes)."""
    pack = run("export", imported, "--format", "csv", "--out", tmp_path / "pack", home=app_home)
    assert pack.returncode == 0
    before = {p.name: p.read_bytes() for p in imported.parent.iterdir()
              if p.name.startswith(imported.name) and p.is_file()}
    state = (app_home / "state" / "generations.json").read_bytes()
    copy = run("export", imported, "--format", "json", "--out", tmp_path / "a.json", home=app_home)
    assert copy.returncode == 0
    out = tmp_path / "plain.sqlite"
    assert run("export", imported, "--format", "sqlite", "--out", out, home=app_home).returncode == 0
    after = {p.name: p.read_bytes() for p in imported.parent.iterdir()
              if p.name.startswith(imported.name) and p.is_file()}
    assert after == before
    assert (app_home / "state" / "generations.json").read_bytes() == state
    db = sqlite3.connect(out)
    try:
        details = [json.loads(d) for e, d in db.execute("SELECT event, details FROM audit") if e == "export"]
    finally:
        db.close()
    assert details == [{"format": "csv", "pseudonymised": True}]


@pytest.mark.parametrize(("args", "words"), [
    (["--criteria", "crm-unit:9.9"], 'no criterion "crm-unit:9.9"'),
    (["--from", "yesterday"], '--from "yesterday" is not a date'),
    (["--from", "2026-12-01", "--to", "2026-11-01"], "--from is after --to"),
])
def test_bad_export_options_are_explained(imported, tmp_path, app_home, args, words):
    before = imported.read_bytes()
    out = tmp_path / "pack.html"
    result = run("export", imported, "--format", "html", "--out", out, *args, home=app_home)
    assert result.returncode == 13 and words in result.stderr
    assert imported.read_bytes() == before


def test_export_refuses_to_overwrite_the_journal(imported, app_home):
    result = run("export", imported, "--format", "json", "--out", imported, home=app_home)
    assert result.returncode == 13 and "one of the journal's own files" in result.stderr


@pytest.mark.parametrize("suffix", [
    ".bak1", ".bak2", ".lock", ".attachments/0123456789abcdef0123456789abcdef", ".attachments/export.json",
])
@pytest.mark.parametrize("force", [False, True])
def test_export_never_overwrites_the_journals_own_files(imported, app_home, suffix, force):
    target = imported.parent / (imported.name + suffix)
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"an encrypted copy")
    result = run("export", imported, "--format", "json", "--out", target,
                 *(["--force"] if force else []), home=app_home)
    assert result.returncode == 13, result.stderr
    assert "journal's own files" in result.stderr or "attachments folder" in result.stderr
    assert target.read_bytes() == b"an encrypted copy"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["export", "subject-export"])
def test_export_onto_a_pipe_is_refused_and_the_pipe_stays(imported, app_home, tmp_path, command):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    extra = ["--format", "json"] if command == "export" else ["--customer", "c-1"]
    result = run(command, imported, *extra, "--out", pipe, "--force", home=app_home)
    assert result.returncode == 13 and "not an ordinary file" in result.stderr
    assert "folder" not in result.stderr
    assert pipe.is_fifo()


@pytest.mark.parametrize("command", ["export", "subject-export"])
def test_every_export_refuses_an_existing_file_unless_forced(imported, app_home, tmp_path, command):
    from journal_app.journal.journal import Journal

    journal = Journal.open(imported, PASSPHRASE, lock=False)
    customer = journal.customers.all()[0].id
    journal.close()
    out = tmp_path / "out.json"
    out.write_text("mine")
    extra = ["--format", "json"] if command == "export" else ["--customer", customer]
    result = run(command, imported, *extra, "--out", out, home=app_home)
    assert result.returncode == 13 and "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text() == "mine"
    forced = run(command, imported, *extra, "--out", out, "--force", home=app_home)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(out.read_text())


def test_a_failed_json_export_talks_about_the_export_file(imported, tmp_path, app_home):
    out = tmp_path / "no-such-folder" / "out.json"
    result = run("export", imported, "--format", "json", "--out", out, home=app_home)
    assert result.returncode == 21, result.stderr
    assert "Could not write the export" in result.stderr and "save the journal" not in result.stderr
