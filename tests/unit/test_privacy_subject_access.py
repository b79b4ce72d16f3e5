"""Access requests: everything about one person, in the interchange format, nobody else's details."""

from __future__ import annotations

import json
import os
import stat

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
