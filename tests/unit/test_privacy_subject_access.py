"""Access requests: everything about one person, in the interchange format, nobody else's details."""

from __future__ import annotations

import json

import pytest

from journal_app.errors import InvalidInput, RecordNotFound
from journal_app.journal.audit import events
from journal_app.services.subject_access import subject_document, write_subject_export

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


def test_unknown_customer_is_refused(journal, tmp_path) -> None:
    with pytest.raises(RecordNotFound):
        write_subject_export(journal, "c-nobody", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
