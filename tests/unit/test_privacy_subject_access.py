"""Access requests: everything about one person, in the interchange format, nobody else's details."""

from __future__ import annotations

import json
import os
import stat

import pytest

from journal_app.errors import InvalidInput, RecordNotFound
from journal_app.journal.audit import events
from journal_app.services.privacy.subject_access import subject_document, write_subject_export

from .privacy_support import build


def test_document_holds_their_records_and_mentions(journal) -> None:
    built = build(journal)
    doc = subject_document(journal, built.patel.id)
    assert doc["format"] == "placement-journal" and doc["version"] == 1
    assert [c["id"] for c in doc["customers"]] == [built.patel.id]
    assert doc["customers"][0]["name"] == "Mrs Anita Patel"
    assert [i["id"] for i in doc["interactions"]] == [built.interaction.id]
    assert [p["id"] for p in doc["promises"]] == [built.promise.id]
    assert [f["id"] for f in doc["feedback"]] == [built.feedback.id]
    assert {e["id"] for e in doc["evidence"]} == {built.evidence.id, built.shared_evidence.id}
    assert [o["id"] for o in doc["objectives"]] == [built.objective.id]
    assert [r["id"] for r in doc["reviews"]] == [built.review.id]
    assert [h["id"] for h in doc["hours"]] == [built.hours.id]  # mentions her by name


def test_other_customers_are_hidden_in_the_answer(journal) -> None:
    built = build(journal)
    text = json.dumps(subject_document(journal, built.patel.id), ensure_ascii=False)
    assert "Jones" not in text and "Gareth" not in text
    assert built.jones.pseudonym in text


def test_write_refuses_to_overwrite_and_audits_without_names(journal, tmp_path) -> None:
    built = build(journal)
    out = tmp_path / "request.json"
    result = write_subject_export(journal, built.patel.id, out)
    assert json.loads(out.read_text("utf-8"))["customers"][0]["id"] == built.patel.id
    assert result.counts["interactions"] == 1
    assert "NOT encrypted" in result.as_text()
    last = events(journal)[-1]
    assert last.event == "subject-access-export" and last.details["pseudonym"] == built.patel.pseudonym
    assert "Patel" not in json.dumps(last.details).replace(built.patel.pseudonym, "")
    with pytest.raises(InvalidInput):
        write_subject_export(journal, built.patel.id, out)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_export_is_private_and_a_planted_link_is_never_followed(journal, tmp_path) -> None:
    built = build(journal)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "sub" / "request.json"
    out.parent.mkdir()
    (out.parent / "request.json.part").symlink_to(victim)  # the old predictable temp name
    old_umask = os.umask(0o022)
    try:
        write_subject_export(journal, built.patel.id, out)
    finally:
        os.umask(old_umask)
    assert victim.read_text() == "precious"
    assert not out.is_symlink() and json.loads(out.read_text("utf-8"))["customers"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["request.json", "request.json.part"]


def test_a_folder_made_for_the_export_is_private(journal, tmp_path) -> None:
    built = build(journal)
    out = tmp_path / "new" / "folder" / "request.json"
    old_umask = os.umask(0o022)
    try:
        write_subject_export(journal, built.patel.id, out)
    finally:
        os.umask(old_umask)
    for folder in (out.parent, out.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_unknown_customer_is_refused(journal, tmp_path) -> None:
    with pytest.raises(RecordNotFound):
        write_subject_export(journal, "c-nobody", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


# --- completeness (UK GDPR Art. 15) -------------------------------------------------------------
def _access(doc) -> dict:
    return doc["journal"]["access_request"]


def test_records_naming_them_in_another_written_form_are_included(memory_journal) -> None:
    from journal_app.journal.records import Customer, Hours

    li = memory_journal.customers.add(Customer(name="李雷 (Li Lei)"))
    siobhan = memory_journal.customers.add(Customer(name="Siobhán O’Neill"))
    h1 = memory_journal.hours.add(Hours(date="2026-10-01", activity="李雷先生 returned, wrong tyre brand"))
    h2 = memory_journal.hours.add(Hours(date="2026-10-02", activity="Siobhan ONeill collected her car"))
    assert [h["id"] for h in subject_document(memory_journal, li.id)["hours"]] == [h1.id]
    assert [h["id"] for h in subject_document(memory_journal, siobhan.id)["hours"]] == [h2.id]


def test_edit_history_of_records_mentioning_them_is_included(journal) -> None:
    from journal_app.journal.records import Hours

    built = build(journal)
    h = journal.hours.add(Hours(date="2026-10-03", activity="Chased Anita Patel's van"))
    h.activity = "Chased the van"
    journal.hours.update(h)  # the name is now only in the earlier version
    doc = subject_document(journal, built.patel.id)
    assert h.id in [x["id"] for x in doc["hours"]]
    assert doc["journal"]["history"]["hours"][h.id][0]["data"]["activity"] == "Chased Anita Patel's van"
    assert doc["journal"]["history"]["hours"].get(built.hours.id) is None  # never edited
    assert doc["journal"]["history"]["interactions"][built.interaction.id]  # linked, edited once


def test_holds_hidden_reminder_reasons_drafts_and_retention_are_included(journal) -> None:
    from journal_app.journal.drafts import save_draft
    from journal_app.services.privacy import retention
    from journal_app.services.rules.reminders import dismiss

    built = build(journal)
    retention.add_hold(journal, "customer", built.patel.id, "2028-03-01", "EPA: Anita's complaint")
    retention.add_hold(journal, "customer", built.jones.id, "2028-04-01", "Jones case")
    dismiss(journal, f"promise-overdue:promise:{built.promise.id}", "She said no rush", now=journal.now())
    save_draft(journal, "interaction", "new", {"summary": "Anita rang again"}, built.patel.id)
    doc = subject_document(journal, built.patel.id)
    access = _access(doc)
    placed = access["holds"][0]["placed_at"]
    assert access["holds"] == [{"on": "customer", "id": built.patel.id, "kept_until": "2028-03-01",
                                "reason": "EPA: Anita's complaint", "placed_at": placed}]
    assert [(r["about"], r["reason"]) for r in access["hidden_reminders"]] == [
        (f"promise {built.promise.id}", "She said no rush")]
    assert [d["data"]["summary"] for d in doc["drafts"]] == ["Anita rang again"]
    assert {p["category"] for p in doc["retention"]} == set(retention.CATEGORIES)
    rules = {(r["rule"], r["what"]) for r in access["retention"]}
    assert ("customer-identity", f"{built.patel.pseudonym}: name and contact details") in rules
    assert any(r["rule"] == "drafts" for r in access["retention"])
    identity = [r for r in access["retention"] if r["rule"] == "customer-identity"][0]
    assert identity["due"] == "2028-03-02"  # the hold extends it
    assert "Jones" not in json.dumps(access)


def test_third_parties_are_listed_for_review_or_left_out(journal, tmp_path) -> None:
    from journal_app.journal.records import Learner

    built = build(journal)
    learner = journal.learner()
    journal.set_learner(Learner(**{**learner.to_dict(), "assessor": "Jo Whitfield"}))
    doc = subject_document(journal, built.patel.id)
    listed = {(t["role"], t["name"]) for t in _access(doc)["third_parties"]}
    assert listed == {("assessor", "Jo Whitfield"), ("witness", "Dave Supervisor"),
                      ("another customer", built.jones.pseudonym)}
    result = write_subject_export(journal, built.patel.id, tmp_path / "full.json")
    assert "Check these before you give it" in result.as_text()
    assert "witness Dave Supervisor (evidence[" in result.as_text()

    out = tmp_path / "request.json"
    result = write_subject_export(journal, built.patel.id, out, exclude_third_parties=True)
    text = out.read_text("utf-8")
    for other in ("Jo Whitfield", "Dave Supervisor", "Service manager", "calmed", built.jones.pseudonym):
        assert other not in text, other
    assert "Mrs Anita Patel" in text and "[another customer]" in text
    assert _access(json.loads(text))["third_parties"] == []
    assert "were left out" in result.as_text()
    assert events(journal)[-1].details["third_parties_excluded"] is True
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("exclude", [False, True])
def test_the_access_request_file_still_imports_cleanly(journal, clock, exclude) -> None:
    from journal_app.journal.journal import Journal
    from journal_app.services.exchange.importer import import_document

    built = build(journal)
    doc = subject_document(journal, built.patel.id, exclude_third_parties=exclude)
    fresh = Journal.new_database(clock)
    summary = import_document(fresh, json.loads(json.dumps(doc)))
    assert not [w for w in summary.warnings if "access_request" in w]
    assert fresh.customers.get(built.patel.id).name == "Mrs Anita Patel"
    assert len(fresh.hours.all()) == 1


def test_another_customers_notes_that_mention_them_are_included_without_whose(journal) -> None:
    built = build(journal)
    jones = journal.customers.get(built.jones.id)
    jones.notes = "Came in with Mrs Patel; Gareth's sister"
    journal.customers.update(jones)
    doc = subject_document(journal, built.patel.id)
    assert _access(doc)["other_customers_notes"] == [
        {"needs": "", "communication": "", "notes": "Came in with Mrs Patel; Customer B's sister".replace(
            "Customer B", built.jones.pseudonym)}]
    assert [c["id"] for c in doc["customers"]] == [built.patel.id]
    assert "Gareth" not in json.dumps(doc, ensure_ascii=False)
