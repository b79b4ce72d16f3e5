"""Journals written by every earlier schema version open, upgrade and keep their data."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from journal_app.errors import NewerJournalVersion
from journal_app.journal import schema
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer
from journal_app.vault.store import VaultFile

from ..conftest import PASSPHRASE


def _database_at(version: int) -> sqlite3.Connection:
    """A database as an older app left it: migrations up to ``version``, then its data."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.row_factory = sqlite3.Row
    schema.migrate(db, version)
    if version >= 1:
        stamp = "2026-10-03T18:00:00+01:00"
        db.execute(
            "INSERT INTO customers (id, name, kind, segment, pseudonym, created_at, updated_at)"
            " VALUES ('c1', 'Mrs Zoë Patel', 'external', 'key', 'Customer A', ?, ?)", (stamp, stamp),
        )
        db.execute(
            "INSERT INTO interactions (id, customer, at, at_utc, channel, kind, summary, star,"
            " created_at, updated_at) VALUES ('i1', 'c1', '2026-10-03T09:30:00+01:00',"
            " '2026-10-03T08:30:00', 'phone', 'complaint', 'Van not ready at four',"
            " '{\"situation\": \"\", \"task\": \"\", \"action\": \"\", \"result\": \"\"}', ?, ?)",
            (stamp, stamp),
        )
        db.execute("INSERT INTO criterion_links VALUES ('interaction', 'i1', 'crm-unit:2.3', 0)")
        db.execute(
            "INSERT INTO search_index (record_type, record_id, title, body) VALUES"
            " ('customer', 'c1', 'Mrs Zoë Patel', 'Customer A'),"
            " ('interaction', 'i1', 'Van not ready at four', '')"
        )
        db.execute("INSERT INTO meta VALUES ('pseudonyms_assigned', '1')")
    if version >= 2:
        db.execute("INSERT INTO retention (category, days, action)"
                   " VALUES ('customer-identity', 365, 'anonymise')")
        db.execute("INSERT INTO audit (at, event, details)"
                   " VALUES ('2026-10-03T18:00:00+01:00', 'export', '{}')")
    if version >= 3:
        db.execute("INSERT INTO settings VALUES ('reminders.enabled', 'true')")
    if version >= 5:  # from version 5 every index entry has its key row
        db.execute("INSERT INTO search_keys (rowid, record_type, record_id)"
                   " SELECT rowid, record_type, record_id FROM search_index")
    return db


@pytest.mark.parametrize("version", range(schema.LATEST))
def test_every_earlier_version_upgrades_with_data_intact(version, clock):
    journal = Journal(_database_at(version), None, clock)
    assert journal.migrated_from == version
    assert schema.version(journal.db) == schema.LATEST
    if version == 0:
        assert journal.customers.count() == 0
        assert journal.customers.add(Customer(name="Tom")).pseudonym == "Customer A"
        return
    customer = journal.customers.get("c1")
    assert (customer.name, customer.pseudonym, customer.segment) == ("Mrs Zoë Patel", "Customer A", "key")
    interaction = journal.interactions.get("i1")
    assert interaction.criteria == ["crm-unit:2.3"]
    assert interaction.summary == "Van not ready at four"
    assert [h.record_id for h in journal.search("zoe")] == ["c1"]
    # Editing after the upgrade replaces the old index entry rather than adding a second.
    journal.interactions.update(dataclasses.replace(interaction, summary="Van late"))
    assert [h.record_id for h in journal.search("van")] == ["i1"]
    assert journal.search("four") == []
    if version >= 2:
        assert journal.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 1
    if version >= 3:
        assert journal.setting("reminders.enabled") is True


@pytest.mark.parametrize("version", [1, schema.LATEST - 1])
def test_an_old_file_opens_upgraded_and_is_saved_upgraded(version, journal_path, clock):
    old = _database_at(version)
    vault, _key = VaultFile.create(journal_path, PASSPHRASE, old.serialize(), lock=False)
    vault.close()
    journal = Journal.open(journal_path, PASSPHRASE, clock=clock)
    try:
        assert journal.migrated_from == version and journal.dirty
        journal.save()
    finally:
        journal.close()
    reopened = Journal.open(journal_path, PASSPHRASE, clock=clock)
    try:
        assert reopened.migrated_from == schema.LATEST
        assert reopened.customers.get("c1").name == "Mrs Zoë Patel"
    finally:
        reopened.close()


def test_a_journal_from_a_newer_app_is_refused(clock):
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    with pytest.raises(NewerJournalVersion, match="newer version"):
        Journal(db, None, clock)
