"""Replacing the backups (after a passphrase change or an erasure) on a full disk."""

from __future__ import annotations

import pytest

from journal_app.errors import SaveFailed
from journal_app.services.actions import journal_file
from journal_app.vault import backups
from journal_app.vault.store import list_backups

NEW = "seven quiet otters paddle home"


def test_a_full_disk_keeps_the_old_backups_and_says_the_journal_is_saved(journal, journal_path, monkeypatch):
    journal.vault.backup_interval_s = 0
    for n in range(2):
        journal.set_meta("edit", str(n))
        journal.save()
    before = {p.name: p.read_bytes() for p in list_backups(journal_path)}
    assert before

    def full(*_args, **_kw):
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(backups, "stage_copy", full)
    with pytest.raises(backups.BackupsNotReplaced) as caught:
        journal_file.change_passphrase(journal, NEW, current="correct horse battery",
                                          new_recovery_key=True)
    message = str(caught.value)
    assert message.startswith("Your journal is saved") and "the disk is full" in message
    assert "unchanged" not in message  # the old wording would be untrue here
    assert caught.value.exit_code == 9
    assert {p.name: p.read_bytes() for p in list_backups(journal_path)} == before
    journal.close()
    journal_file.unlock(journal_path, NEW).close()  # the new passphrase is what was saved


def test_an_export_whose_audit_note_cannot_be_saved_says_the_file_exists(journal_path, tmp_path, monkeypatch,
                                                                        capsys):
    from journal_app.cli import run
    from journal_app.journal.journal import Journal

    created, _key = Journal.create(journal_path, "correct horse battery")
    created.close()
    monkeypatch.setenv("JOURNAL_PASSPHRASE", "correct horse battery")
    before = journal_path.read_bytes()

    def full(self, data):
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(Journal, "write_snapshot", full)
    out = tmp_path / "all.html"  # an evidence pack: the export that is noted in the audit trail
    assert run(["export", str(journal_path), "--format", "html", "--real-names", "--out", str(out)]) == 9
    err = capsys.readouterr().err
    assert "NOT encrypted" in err or "not encrypted" in err.lower()
    assert "The export was written to" in err and "the disk is full" in err and "unchanged" not in err
    assert out.exists() and journal_path.read_bytes() == before


def test_replacing_the_backups_also_removes_damaged_copies_kept_aside(journal, journal_path):
    """A damaged journal kept as NAME.damaged after a restore holds old data: an erasure
    (which replaces every backup) must not leave the erased person in it."""
    from journal_app.journal.records import Customer
    from journal_app.services.actions.privacy import erase_customer

    customer = journal.customers.add(Customer(name="Mrs Anita Patel"))
    journal.save()
    kept = [journal_path.with_name(journal_path.name + suffix) for suffix in (".damaged", ".damaged2")]
    for path in kept:
        path.write_bytes(journal_path.read_bytes())
    unrelated = journal_path.with_name(journal_path.name + ".damaged-notes.txt")
    unrelated.write_text("mine")
    erase_customer(journal, customer.id, save=True)
    assert not any(path.exists() for path in kept)
    assert unrelated.exists() and list_backups(journal_path)


def test_a_retention_run_also_removes_damaged_copies_kept_aside(journal, journal_path):
    """Erasure and retention both cover every copy the app made: a journal kept as
    NAME.damaged after "restore newest good backup" still names the person."""
    from datetime import datetime, timedelta, timezone

    from journal_app.services.privacy import retention, retention_run
    from journal_app.services.privacy.retention import RetentionPolicy, set_policies

    from .privacy_support import build

    built = build(journal)
    journal.save()
    kept = journal_path.with_name(journal_path.name + ".damaged")
    kept.write_bytes(journal_path.read_bytes())
    policies = {c: RetentionPolicy(c, 36500, "anonymise", "created") for c in retention.CATEGORIES}
    policies["customer-identity"] = RetentionPolicy("customer-identity", 365, "anonymise", "last-interaction")
    set_policies(journal, list(policies.values()))
    receipt = retention_run.apply(journal, datetime(2027, 10, 1, 9, tzinfo=timezone(timedelta(hours=1))))
    assert [i.subject_id for i in receipt.done] == [built.patel.id] and receipt.backups_rewritten
    assert not kept.exists()
    assert list_backups(journal_path)
