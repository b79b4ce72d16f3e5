"""Drafts: their own table, quiet saves, and every privacy rule (erasure, retention, access) sees them."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from journal_app.errors import ImportRefused
from journal_app.journal import schema
from journal_app.journal.drafts import Draft, discard_draft, list_drafts, load_draft, save_draft
from journal_app.journal.journal import Journal
from journal_app.services.exchange.interchange import export_document, import_document
from journal_app.services.privacy import retention, retention_run
from journal_app.services.privacy.erasure import erase_customer
from journal_app.services.privacy.retention import RetentionPolicy, add_hold, preview, set_policies
from journal_app.services.privacy.subject_access import subject_document, write_subject_export
from journal_app.vault.store import VaultFile

from ..conftest import PASSPHRASE, FixedClock
from .privacy_support import build, leaks

BST = timezone(timedelta(hours=1))


def _form(customer: str | None = None, summary: str = "", new_name: str = "", **more: Any) -> dict[str, Any]:
    """A draft shaped like the interaction form's ``draft()``."""
    return {
        "editing": None, "customer": customer,
        "new_customer": {"name": new_name, "kind": "external", "segment": "occasional"} if new_name else None,
        "kind": "complaint", "channel": "phone", "when": "2026-10-06T16:30:00+01:00",
        "summary": summary, "star": {"situation": "", "task": "", "action": "", "result": ""},
        "reflection": "", "adaptation": "", "techniques": ["active listening"],
        "complaint": {"acknowledge": "", "apologise": "", "act": "", "assure": ""},
        "offer": {"what": "", "need": "", "benefit": "", "accepted": False},
        "resolved": False, "criteria": [], "promises": [{"text": "", "due": "2026-10-08"}], **more,
    }


def _loaded(journal: Journal, key: str) -> dict[str, Any]:
    data = load_draft(journal, "interaction", key)
    assert data is not None
    return data


def _saved_body(journal: Journal) -> bytes:
    assert journal.path is not None
    vault, body = VaultFile.unlock(journal.path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    return body


# --- the table and its API -----------------------------------------------------------------
def test_save_load_discard_round_trip(memory_journal: Journal) -> None:
    data = _form("c1", "Mrs Zoë Patel rang")
    save_draft(memory_journal, "interaction", "new", data, "c1")
    assert load_draft(memory_journal, "interaction", "new") == data
    assert load_draft(memory_journal, "interaction", "other") is None
    data["summary"] = "changed after saving"
    assert _loaded(memory_journal, "new")["summary"] == "Mrs Zoë Patel rang"
    save_draft(memory_journal, "interaction", "new", _form(None, "second go"), None)
    [draft] = list_drafts(memory_journal)
    assert draft == Draft("interaction", "new", _form(None, "second go"), None, memory_journal.timestamp())
    assert discard_draft(memory_journal, "interaction", "new") is True
    assert discard_draft(memory_journal, "interaction", "new") is False
    assert load_draft(memory_journal, "interaction", "new") is None and list_drafts(memory_journal) == []


def test_a_bad_draft_is_refused_and_nothing_is_stored(memory_journal: Journal) -> None:
    with pytest.raises(TypeError):
        save_draft(memory_journal, "interaction", "new", ["not", "a", "dict"], None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        save_draft(memory_journal, "", "new", {}, None)
    with pytest.raises(ValueError):
        save_draft(memory_journal, "interaction", "new", {"x": float("nan")}, None)
    assert list_drafts(memory_journal) == []


def test_saving_a_draft_marks_the_journal_dirty_but_tells_no_listener(memory_journal: Journal) -> None:
    heard: list[tuple[str, str]] = []
    memory_journal.on_change(lambda kind, record_id: heard.append((kind, record_id)))
    memory_journal.dirty = False
    save_draft(memory_journal, "interaction", "new", _form(summary="typing…"), None)
    assert memory_journal.dirty is True
    memory_journal.dirty = False
    assert discard_draft(memory_journal, "interaction", "new")
    assert memory_journal.dirty is True
    assert heard == []


def test_a_saved_draft_survives_closing_and_reopening(
    journal: Journal, journal_path: Path, clock: FixedClock
) -> None:
    save_draft(journal, "interaction", "new", _form(summary="half a sentence"), None)
    journal.save()
    journal.close()
    reopened = Journal.open(journal_path, PASSPHRASE, clock=clock)
    try:
        assert _loaded(reopened, "new")["summary"] == "half a sentence"
    finally:
        reopened.close()


def test_drafts_are_never_in_the_search_index(memory_journal: Journal) -> None:
    save_draft(memory_journal, "interaction", "new", _form(summary="Zanzibar gearbox"), None)
    assert memory_journal.search("Zanzibar") == []


# --- migration -------------------------------------------------------------------------------
def _database_before_drafts(value: str | None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.row_factory = sqlite3.Row
    schema.migrate(db, schema.MIGRATIONS.index(schema._m6_drafts))
    db.execute("INSERT INTO settings VALUES ('reminders.enabled', 'true')")
    if value is not None:
        db.execute("INSERT INTO settings VALUES ('draft.interaction', ?)", (value,))
    return db


def test_migration_moves_the_old_setting_draft_into_the_table(clock: FixedClock) -> None:
    old = _form("c1", "Mrs Patel rang about the van")
    journal = Journal(_database_before_drafts(json.dumps(old)), None, clock)
    assert schema.version(journal.db) == schema.LATEST
    assert load_draft(journal, "interaction", "new") == old
    [draft] = list_drafts(journal)
    assert draft.customer == "c1"
    assert datetime.fromisoformat(draft.updated_at).tzinfo is not None
    assert journal.setting("draft.interaction") is None
    assert "draft.interaction" not in journal.settings()
    assert journal.setting("reminders.enabled") is True


@pytest.mark.parametrize("value", ["null", json.dumps(_form(None, new_name="Tom Hughes")), None])
def test_migration_of_an_empty_or_new_customer_draft(clock: FixedClock, value: str | None) -> None:
    journal = Journal(_database_before_drafts(value), None, clock)
    assert "draft.interaction" not in journal.settings()
    drafts = list_drafts(journal)
    if value is None or value == "null":
        assert drafts == []
    else:
        assert [d.customer for d in drafts] == [None]
        assert drafts[0].data["new_customer"]["name"] == "Tom Hughes"


# --- erasure ---------------------------------------------------------------------------------
@pytest.mark.parametrize("delete_linked", [False, True], ids=["anonymise", "delete"])
def test_erasure_removes_drafts_about_the_person_by_id_and_by_name(
    journal: Journal, delete_linked: bool
) -> None:
    built = build(journal)
    save_draft(journal, "interaction", "new", _form(built.patel.id, "Van still not ready"), built.patel.id)
    save_draft(journal, "interaction", "by-name", _form(None, "Anita Patel rang again, 07700 900123"), None)
    save_draft(journal, "interaction", "new-customer",
               _form(None, new_name="Anita's husband", summary="about the van"), None)
    save_draft(journal, "interaction", built.interaction.id,
               _form(None, "tidying up the STAR", editing=built.interaction.id), None)
    save_draft(journal, "interaction", "jones", _form(built.jones.id, "Mr Jones asked about an MOT"),
               built.jones.id)
    journal.save()
    assert leaks(_saved_body(journal))

    receipt = erase_customer(journal, built.patel.id, delete_linked=delete_linked)

    assert [d.key for d in list_drafts(journal)] == ["jones"]
    assert receipt.deleted["draft"] == 4
    assert "4 drafts" in receipt.as_text()
    assert leaks(journal.db.serialize()) == []
    assert leaks(_saved_body(journal)) == []


def test_erasure_receipt_counts_one_draft(memory_journal: Journal) -> None:
    built = build(memory_journal)
    save_draft(memory_journal, "interaction", "new", _form(None, "Mrs Patel again"), None)
    receipt = erase_customer(memory_journal, built.patel.id)
    assert "Deleted:        1 draft" in receipt.as_text()
    assert receipt.as_details()["deleted"] == {"draft": 1}


# --- retention -------------------------------------------------------------------------------
def _identity_after(journal: Journal, days: int) -> None:
    policies = {c: RetentionPolicy(c, 36500, "anonymise", "created") for c in retention.CATEGORIES}
    policies["customer-identity"] = RetentionPolicy("customer-identity", days, "anonymise",
                                                    "last-interaction")
    set_policies(journal, list(policies.values()))


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00").replace(tzinfo=BST)


def test_retention_deletes_drafts_older_than_the_identity_period(
    memory_journal: Journal, clock: FixedClock
) -> None:
    _identity_after(memory_journal, 30)
    save_draft(memory_journal, "interaction", "old", _form(summary="never finished"), None)  # 2026-10-06
    clock.advance(days=20)
    save_draft(memory_journal, "interaction", "recent", _form(summary="started later"), None)

    assert [i.subject_id for i in preview(memory_journal, _at("2026-11-04"))] == []
    plan = preview(memory_journal, _at("2026-11-05"))
    [item] = plan.items
    assert (item.subject_type, item.subject_id, item.category, item.action) == (
        "draft", "interaction:old", "drafts", "delete")
    assert item.why == "unsaved drafts are kept 30 days from last change (2026-10-06)"

    receipt = retention_run.apply(memory_journal, plan, save=False)
    assert [i.subject_id for i in receipt.done] == ["interaction:old"]
    assert receipt.counts == {"drafts:delete": 1}
    assert [d.key for d in list_drafts(memory_journal)] == ["recent"]


def test_a_draft_typed_in_again_after_the_preview_is_kept(memory_journal: Journal, clock: FixedClock) -> None:
    _identity_after(memory_journal, 30)
    save_draft(memory_journal, "interaction", "new", _form(summary="first words"), None)
    plan = preview(memory_journal, _at("2026-12-01"))
    clock.advance(days=50)
    save_draft(memory_journal, "interaction", "new", _form(summary="more words"), None)
    receipt = retention_run.apply(memory_journal, plan, save=False)
    assert receipt.done == [] and len(receipt.skipped) == 1
    assert _loaded(memory_journal, "new")["summary"] == "more words"


def test_a_hold_on_the_customer_holds_their_draft(memory_journal: Journal) -> None:
    built = build(memory_journal)
    _identity_after(memory_journal, 30)
    save_draft(memory_journal, "interaction", "new", _form(built.jones.id, "MOT"), built.jones.id)
    add_hold(memory_journal, "customer", built.jones.id, "2027-03-01")
    plan = preview(memory_journal, _at("2026-12-01"))
    assert "draft" not in {i.subject_type for i in plan.items}
    assert [i.subject_id for i in plan.held if i.subject_type == "draft"] == ["interaction:new"]


def test_drafts_go_when_retention_anonymises_their_customer(
    memory_journal: Journal, clock: FixedClock
) -> None:
    built = build(memory_journal)
    _identity_after(memory_journal, 30)
    clock.advance(days=400)  # the drafts are new; the customers' last contact is old
    save_draft(memory_journal, "interaction", "new", _form(None, "Mrs Patel, again"), None)
    save_draft(memory_journal, "interaction", "unrelated", _form(None, "Shift notes"), None)
    receipt = retention_run.apply(memory_journal, memory_journal.now(), save=False)
    assert {i.subject_id for i in receipt.done} >= {built.patel.id}
    assert [d.key for d in list_drafts(memory_journal)] == ["unrelated"]


# --- access requests -------------------------------------------------------------------------
def test_subject_access_includes_drafts_about_them_and_hides_others(journal: Journal, tmp_path: Path) -> None:
    built = build(journal)
    save_draft(journal, "interaction", "new",
               _form(built.patel.id, "Van ready; told Mr Jones to wait"), built.patel.id)
    save_draft(journal, "interaction", "by-name", _form(None, "Anita rang back"), None)
    save_draft(journal, "interaction", "jones", _form(built.jones.id, "Mr Jones, MOT"), built.jones.id)

    doc = subject_document(journal, built.patel.id)
    by_key = {d["key"]: d for d in doc["drafts"]}
    assert set(by_key) == {"new", "by-name"}
    assert by_key["new"]["customer"] == built.patel.id
    assert by_key["new"]["data"]["summary"] == f"Van ready; told {built.jones.pseudonym} to wait"
    assert by_key["by-name"]["data"]["summary"] == "Anita rang back"
    assert "Jones" not in json.dumps(doc["drafts"])

    result = write_subject_export(journal, built.patel.id, tmp_path / "request.json")
    assert result.counts["drafts"] == 2


# --- interchange -----------------------------------------------------------------------------
def test_json_export_and_import_round_trip_drafts(memory_journal: Journal, clock: FixedClock) -> None:
    build(memory_journal)
    customer = memory_journal.customers.all()[0].id
    save_draft(memory_journal, "interaction", "new", _form(customer, "Half typed"), customer)
    save_draft(memory_journal, "interaction", "other", _form(None, new_name="Tom Hughes"), None)
    doc = json.loads(json.dumps(export_document(memory_journal)))
    assert [d["key"] for d in doc["drafts"]] == ["new", "other"]

    target = Journal.new_database(clock)
    summary = import_document(target, doc)
    assert not [w for w in summary.warnings if w.startswith("drafts")]
    assert summary.added["drafts"] == 2 and "unsaved drafts: 2 added" in summary.lines()
    assert list_drafts(target) == list_drafts(memory_journal)
    again = import_document(target, doc)
    assert again.count("added") == 0


def test_export_without_drafts_has_no_drafts_key(memory_journal: Journal) -> None:
    assert "drafts" not in export_document(memory_journal)


def test_import_keeps_the_draft_the_journal_already_has(memory_journal: Journal, clock: FixedClock) -> None:
    save_draft(memory_journal, "interaction", "new", _form(summary="what I am typing now"), None)
    doc = {"format": "placement-journal", "version": 1, "drafts": [
        {"kind": "interaction", "key": "new", "customer": None, "updated_at": "2026-01-01T09:00:00+00:00",
         "data": _form(summary="an old backup")},
    ]}
    import_document(memory_journal, doc)
    assert _loaded(memory_journal, "new")["summary"] == "what I am typing now"


@pytest.mark.parametrize(("drafts", "path"), [
    ({"kind": "interaction"}, "drafts"),
    ([["not an object"]], "drafts[0]"),
    ([{"kind": "", "key": "new", "data": {}}], "drafts[0].kind"),
    ([{"kind": "interaction", "key": "new", "data": "text"}], "drafts[0].data"),
    ([{"kind": "interaction", "key": "new", "data": {}, "customer": 7}], "drafts[0].customer"),
    ([{"kind": "interaction", "key": "new", "data": {}, "updated_at": "2026-01-01T09:00:00"}],
     "drafts[0].updated_at"),
    ([{"kind": "interaction", "key": "new", "data": {}}, {"kind": "interaction", "key": "new", "data": {}}],
     "drafts[1].key"),
])
def test_a_bad_drafts_list_refuses_the_file(memory_journal: Journal, drafts: Any, path: str) -> None:
    doc = {"format": "placement-journal", "version": 1, "drafts": drafts}
    with pytest.raises(ImportRefused) as refused:
        import_document(memory_journal, doc)
    assert refused.value.path == path
    assert list_drafts(memory_journal) == []
