"""The privacy commands as a script would run them: erase, subject-export, retention, hold, audit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import PASSPHRASE


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JOURNAL_PASSPHRASE": PASSPHRASE, "JOURNAL_APP_FAST_KDF": "1"}
    return subprocess.run([sys.executable, "-m", "journal_app", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def saved(journal) -> tuple[Path, dict[str, str]]:
    from ..unit.privacy_support import build

    built = build(journal)
    journal.save()
    ids = {"patel": built.patel.id, "pseudonym": built.patel.pseudonym, "evidence": built.evidence.id}
    path = journal.path
    journal.close()
    return path, ids


def test_retention_preview_then_apply(saved) -> None:
    path, ids = saved
    preview = cli("retention", str(path), "--at", "2027-12-01T09:00:00+00:00")
    assert preview.returncode == 0, preview.stderr
    assert f"{ids['pseudonym']}: name and contact details" in preview.stdout
    assert "Patel" not in preview.stdout.replace(ids["pseudonym"], "")
    assert "--apply" in preview.stdout
    as_json = json.loads(cli("retention", str(path), "--at", "2027-12-01T09:00:00+00:00", "--json").stdout)
    assert {i["category"] for i in as_json["items"]} >= {"customer-identity"}
    applied = cli("retention", str(path), "--at", "2027-12-01T09:00:00+00:00", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "anonymised" in applied.stdout
    again = cli("retention", str(path), "--at", "2027-12-01T09:00:00+00:00")
    assert "Nothing is due" in again.stdout


def test_bad_time_is_a_clear_error(saved) -> None:
    path, _ids = saved
    result = cli("retention", str(path), "--at", "next tuesday")
    assert result.returncode == 13
    assert "is not a date and time" in result.stderr and "Traceback" not in result.stderr


def test_hold_list_and_remove(saved) -> None:
    path, ids = saved
    added = cli("hold", str(path), "--evidence", ids["evidence"], "--until", "2027-12-31", "--reason", "EPA")
    assert added.returncode == 0, added.stderr
    hold_id = added.stdout.split("hold id ")[1].rstrip(").\n")
    assert ids["evidence"] in cli("hold", str(path)).stdout
    missing = cli("hold", str(path), "--customer", ids["patel"])
    assert missing.returncode == 13 and "--until" in missing.stderr
    assert cli("hold", str(path), "--remove", hold_id).returncode == 0
    assert cli("hold", str(path)).stdout.strip() == "No holds."


def test_subject_export_writes_the_file(saved, tmp_path) -> None:
    path, ids = saved
    out = tmp_path / "request.json"
    result = cli("subject-export", str(path), "--customer", ids["patel"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8"))["customers"][0]["name"] == "Mrs Anita Patel"
    assert "NOT encrypted" in result.stdout


def test_subject_export_lists_third_parties_or_leaves_them_out(saved, tmp_path) -> None:
    path, ids = saved
    out = tmp_path / "full.json"
    result = cli("subject-export", str(path), "--customer", ids["patel"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "witness Dave Supervisor" in result.stdout and "--exclude-third-parties" in result.stdout
    out = tmp_path / "mine.json"
    result = cli("subject-export", str(path), "--customer", ids["patel"], "--out", str(out),
                 "--exclude-third-parties")
    assert result.returncode == 0, result.stderr
    assert "were left out" in result.stdout
    text = out.read_text("utf-8")
    assert "Dave Supervisor" not in text and "Mrs Anita Patel" in text
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_erase_prints_a_receipt_and_audit_shows_it_without_names(saved) -> None:
    path, ids = saved
    result = cli("erase", str(path), "--customer", ids["patel"])
    assert result.returncode == 0, result.stderr
    assert f"Erasure receipt — {ids['pseudonym']}" in result.stdout
    assert "Patel" not in result.stdout.replace(ids["pseudonym"], "")
    trail = cli("audit", str(path))
    assert trail.returncode == 0 and "Customer erased on request" in trail.stdout
    assert "Patel" not in trail.stdout
    events = json.loads(cli("audit", str(path), "--json").stdout)
    assert events[-1]["event"] == "erased" and events[-1]["details"]["pseudonym"] == ids["pseudonym"]
    from journal_app.vault.store import VaultFile

    vault, body = VaultFile.unlock(path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert b"Patel" not in body and b"07700 900123" not in body


@pytest.mark.parametrize("command", [["erase"], ["subject-export", "--out", "x.json"]])
def test_unknown_customer_id_is_named_and_nothing_changes(saved, command, tmp_path) -> None:
    path, _ids = saved
    before = path.read_bytes()
    args = [a if a != "x.json" else str(tmp_path / "x.json") for a in command]
    result = cli(args[0], str(path), "--customer", "c-nobody", *args[1:])
    assert result.returncode == 15
    assert 'There is no customer with id "c-nobody"' in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_wrong_passphrase_is_refused(saved) -> None:
    path, ids = saved
    env = {**os.environ, "JOURNAL_PASSPHRASE": "not it at all", "JOURNAL_APP_FAST_KDF": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", "erase", str(path), "--customer", ids["patel"]],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 3 and "passphrase" in result.stderr


def test_erase_removes_an_unsaved_draft_naming_them(journal) -> None:
    from journal_app.journal.drafts import list_drafts, save_draft
    from journal_app.journal.journal import Journal
    from journal_app.vault.store import VaultFile

    from ..unit.privacy_support import build

    built = build(journal)
    save_draft(journal, "interaction", "new", {"customer": None, "summary": "Anita Patel rang again"}, None)
    journal.save()
    path = journal.path
    journal.close()
    result = cli("erase", str(path), "--customer", built.patel.id)
    assert result.returncode == 0, result.stderr
    assert "1 draft" in result.stdout
    vault, body = VaultFile.unlock(path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert b"Anita" not in body
    reopened = Journal.open(path, PASSPHRASE, lock=False)
    try:
        assert list_drafts(reopened) == []
    finally:
        reopened.close()


def test_an_imported_address_is_gone_after_erase(saved, tmp_path) -> None:
    from journal_app.vault.store import VaultFile

    from ..unit.interchange_support import spec_example, without_files

    path, _ids = saved
    doc = without_files(spec_example())
    doc["customers"][0]["address"] = "12 Acacia Avenue, Pontcanna"
    source = tmp_path / "old-app.json"
    source.write_text(json.dumps(doc), "utf-8")
    imported = cli("import", str(path), str(source))
    assert imported.returncode == 0, imported.stderr
    vault, body = VaultFile.unlock(path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert b"Acacia" in body
    erased = cli("erase", str(path), "--customer", "c1")
    assert erased.returncode == 0, erased.stderr
    vault, body = VaultFile.unlock(path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert b"Acacia" not in body and b"Pontcanna" not in body
