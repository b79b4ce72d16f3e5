"""Records: validation with the field's path, pseudonyms, and the edit history an assessor trusts."""

from __future__ import annotations

import dataclasses

import pytest

from journal_app.errors import InvalidRecord
from journal_app.journal.records import (
    Customer,
    Evidence,
    EvidenceFile,
    Feedback,
    Framework,
    Hours,
    Interaction,
    Objective,
    Promise,
    Star,
)


def test_written_on_3_oct_edited_once_on_5_oct(memory_journal, clock):
    clock.now = clock.now.replace(month=10, day=3, hour=18)
    customer = memory_journal.customers.add(Customer(name="Mrs A. Patel", segment="key"))
    written = memory_journal.interactions.add(Interaction(
        customer=customer.id, at="2026-10-03T09:30:00+01:00", channel="phone", summary="Van booking",
    ))
    clock.advance(days=2)
    edited = memory_journal.interactions.update(dataclasses.replace(
        written, star=Star(situation="Three vans to book", task="Find slots", action="Checked diary",
                           result="Two booked"),
    ))

    again = memory_journal.interactions.get(written.id)
    assert again.created_at.startswith("2026-10-03")
    assert again.updated_at.startswith("2026-10-05")
    assert again.edits == 1 == edited.edits
    [earlier] = memory_journal.interactions.history(written.id)
    assert earlier["edit"] == 0
    assert earlier["saved_at"].startswith("2026-10-03")
    assert earlier["data"]["star"]["situation"] == ""
    assert again.star.situation == "Three vans to book"


def test_saving_the_same_values_is_not_an_edit(memory_journal, clock):
    promise = memory_journal.promises.add(Promise(text="Call back", due="2026-10-08"))
    clock.advance(days=1)
    same = memory_journal.promises.update(dataclasses.replace(promise))
    assert same.edits == 0
    assert memory_journal.promises.history(promise.id) == []


def test_a_form_without_pseudonym_keeps_it_and_is_not_an_edit(memory_journal):
    first = memory_journal.customers.add(Customer(name="Tom Hughes"))
    second = memory_journal.customers.add(Customer(name="Margaret Ellis"))
    assert (first.pseudonym, second.pseudonym) == ("Customer A", "Customer B")
    form_copy = dataclasses.replace(first, pseudonym="")
    assert memory_journal.customers.update(form_copy).edits == 0
    memory_journal.customers.delete(second.id)
    assert memory_journal.customers.add(Customer(name="Jess Carter")).pseudonym == "Customer C"


def test_clearing_a_file_on_purpose(memory_journal):
    file = EvidenceFile(name="a.txt", media_type="text/plain", sha256="0" * 64, size=1, blob="b" * 32)
    evidence = memory_journal.evidence.add(Evidence(title="Email", kind="email", file=file))
    kept = memory_journal.evidence.update(dataclasses.replace(evidence, title="Email from Tom", file=None))
    assert kept.file == file
    cleared = memory_journal.evidence.update(dataclasses.replace(kept, file=None), keep=("pseudonym",))
    assert cleared.file is None and memory_journal.evidence.get(evidence.id).file is None


@pytest.mark.parametrize(("record", "path", "words"), [
    (Feedback(at="2026-10-05T12:00:00+01:00", nps=11), "feedback.nps", "0 to 10"),
    (Feedback(at="2026-10-05T12:00:00+01:00", csat=0), "feedback.csat", "1 to 5"),
    (Feedback(at="2026-10-05T12:00:00+01:00", dimension="speed"), "feedback.dimension", "reliability"),
    (Interaction(at="2026-10-01T09:30:00", summary="x"), "interactions.at", "UTC offset"),
    (Interaction(at="2026-10-01T09:30:00+01:00", channel="pigeon"), "interactions.channel", "face-to-face"),
    (Promise(text="", due="2026-10-03"), "promises.text", "can't be empty"),
    (Promise(text="Call", due="2026-02-30"), "promises.due", "not a real date"),
    (Hours(date="2026-10-01", minutes=0), "hours.minutes", "1 to 1440"),
    (Objective(criteria=["crm-unit"]), "objectives.criteria[0]", "framework-id:code"),
    (Customer(name="  "), "customers.name", "can't be empty"),
    (Customer(name="A", segment="vip"), "customers.segment", "key, growth"),
])
def test_bad_values_are_refused_naming_the_field(memory_journal, record, path, words):
    repo = memory_journal.repository(record.TYPE)
    with pytest.raises(InvalidRecord) as caught:
        repo.add(record)
    assert caught.value.path == path
    assert words in str(caught.value)
    assert repo.count() == 0


def test_a_used_id_is_refused(memory_journal):
    memory_journal.customers.add(Customer(id="c1", name="A"))
    with pytest.raises(InvalidRecord, match='"c1" is already used'):
        memory_journal.customers.add(Customer(id="c1", name="B"))
    assert memory_journal.customers.get("c1").name == "A"


def test_a_framework_listing_a_code_twice_is_refused(memory_journal):
    framework = Framework.from_dict({"id": "x", "title": "X", "criteria": [{"code": "1", "text": "a"}]})
    framework.criteria.append(framework.criteria[0])
    with pytest.raises(InvalidRecord, match=r"criteria\[1\].code"):
        memory_journal.add_framework(framework)
    assert [f.id for f in memory_journal.frameworks()] == ["crm-unit"]


def test_unknown_keys_are_kept_with_the_record(memory_journal):
    record = Interaction.from_dict({"id": "i1", "at": "2026-10-01T09:30:00+01:00", "mood": "tired"})
    memory_journal.interactions.add(record)
    stored = memory_journal.interactions.get("i1")
    assert stored.extra == {"mood": "tired"}
    assert stored.to_dict()["mood"] == "tired"


def test_a_failed_update_leaves_no_history_behind(memory_journal):
    promise = memory_journal.promises.add(Promise(text="Call back", due="2026-10-08"))
    with pytest.raises(InvalidRecord):
        memory_journal.promises.update(dataclasses.replace(promise, status="forgotten"))
    assert memory_journal.promises.history(promise.id) == []
    assert memory_journal.promises.get(promise.id).edits == 0
