"""What an assessor reads in the evidence pack, read back from the PDF, Word and HTML files:
each chosen framework counted on its own, gaps stated, open items, identity and sign-off,
the customer register, the evidence's own text, provenance and edits, the hours log."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from journal_app.journal.audit import record_event
from journal_app.journal.records import (
    Complaint,
    Customer,
    Evidence,
    Interaction,
    Learner,
    Objective,
    Witness,
)
from journal_app.services.exchange.interchange import import_document
from journal_app.services.export.gather import pack_id
from journal_app.services.export.pack import export_pack
from journal_app.services.rules.reminders import compute_reminders

from .export_pack_data import ASSESSOR, LEARNER, SECRETS, WITNESS, populate
from .test_export_pack import NOW, READERS

UNIT = {
    "id": "unit-7", "title": "Unit 7 Developing customer relationships",
    "criteria": [
        {"code": "1.1", "text": "Sort customers by their value and needs"},
        {"code": "1.2", "text": "Use active listening to build rapport"},
        {"code": "2.1", "text": "Write a SMART relationship plan"},
        {"code": "2.2", "text": "Justify the plan with a service model"},
        {"code": "3.1", "text": "Review the relationship with feedback and data"},
        {"code": "3.2", "text": "Set boundaries and expectations"},
    ],
}
HAND_WRITTEN = {
    "format": "placement-journal", "version": 1, "frameworks": [UNIT],
    "interactions": [{
        "id": "paper-1", "at": "2026-09-20T10:00:00+01:00", "kind": "enquiry", "channel": "phone",
        "summary": "From my paper log: a caller asked about servicing",
        "reflection": "I should have asked more open questions.",
        "created_at": "2026-09-21T18:00:00+01:00", "updated_at": "2026-09-21T18:00:00+01:00",
        "criteria": ["unit-7:1.1", "unit-7:1.2"],
    }],
    "evidence": [{
        "id": "paper-w", "kind": "witness-testimony", "title": "Mentor's statement", "at": "2026-09-25",
        "witness": {"name": WITNESS, "role": "Service manager", "statement": "Sam listens well.",
                    "signed": True, "relationship": "My line manager", "signed_on": "2026-09-26"},
        "interactions": ["paper-1"], "criteria": ["unit-7:1.1", "unit-7:1.2"],
    }],
}
IQA = "Rita Quality"
REASON = "She services three cars a year with us and recommends us to friends"
EMAIL_BODY = "Dear Sam, thank you for sorting the courtesy car so quickly. Aisha (07700 900123)"


@pytest.fixture
def assessed(memory_journal, clock):
    """The test placement, with the learner's details, an imported unit, gaps and a late edit."""
    journal = memory_journal
    ids = populate(journal)
    learner = journal.learner()
    learner.uln, learner.programme_code, learner.employer, learner.iqa = (
        "1234567890", "ST0072", "Northside Motors Ltd", IQA)
    journal.set_learner(learner)
    patel = journal.customers.get(ids["patel"])
    patel.extra = {"segment_reason": REASON}
    journal.customers.update(patel)
    import_document(journal, HAND_WRITTEN)
    gap = journal.interactions.add(Interaction(
        customer=ids["brennan"], at="2026-11-25T10:00:00+00:00", channel="phone", kind="complaint",
        summary="Tom rang about a late van",
        complaint=Complaint(acknowledge="I listened.", apologise="Sorry.", act="Booked it in.", assure=""),
    ))
    journal.evidence.add(Evidence(kind="email", title="Thank-you e-mail", at="2026-10-03",
                                  description=EMAIL_BODY, interactions=[ids["complaint"]]))
    journal.objectives.add(Objective(customer=ids["brennan"], specific="Win the fleet's tyre work",
                                     metric="Vans booked", review="2026-11-15", due="2027-03-01"))
    clock.advance(days=30)
    record_event(journal, "export", {"format": "pdf", "pseudonymised": True})  # the previous pack
    clock.advance(days=2)
    internal = journal.interactions.get(ids["internal"])
    internal.summary = "Asked Priya in parts for an ETA on the brake pads"
    internal.star.result = "Parts arrived the next morning."
    journal.interactions.update(internal)
    journal.ids = {**ids, "gap": gap.id}
    return journal


def _pack(journal, tmp_path: Path, fmt: str, **kwargs) -> str:
    return READERS[fmt](export_pack(journal, fmt, tmp_path / f"pack.{fmt}", now=NOW, **kwargs))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_each_chosen_framework_is_counted_on_its_own_with_an_empty_assessor_column(assessed, tmp_path,
                                                                                     fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert "Unit 7 Developing customer relationships" in text
    assert "2 of 6 criteria evidenced" in text  # the imported unit, against its own six
    assert "Customer relationships" in text and "of 14 criteria evidenced" in text  # built-in, used
    assert "of 20" not in re.sub(r"Page \d+ of \d+", "", text)  # never one mixed total
    assert "1.1 Sort customers by their value and needs" in text
    assert "Assessor decision (met / not yet / referred)" in text
    assert "a signed witness testimony, or three or more entries" in text  # the RAG rule, on the page


def test_an_unused_built_in_framework_is_left_out_once_another_is_chosen(memory_journal, tmp_path):
    import_document(memory_journal, HAND_WRITTEN)
    text = _pack(memory_journal, tmp_path, "html")
    assert "Unit 7 Developing customer relationships" in text and "2 of 6" in text
    assert "Identify and prioritise key customers" not in text  # the built-in unit's 1.1


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_gaps_are_stated_and_open_items_come_from_the_reminders_at_export(assessed, tmp_path, fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert re.search(r"Complaint: assure:? Not recorded", text)
    assert re.search(r"What I would do differently:? Reflection not written", text)
    assert "Review overdue since 15 Nov 2026" in text
    assert "Outcome not recorded" in text  # "Send Tom the MOT dates" was closed late, with no outcome
    assert "Open items" in text
    reminders = compute_reminders(assessed, NOW)
    assert reminders, "the fixture should leave something open"
    overdue = next(r for r in reminders if r.subject.type == "promise")
    assert _words(overdue.message) in text
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def _words(message: str) -> str:
    return re.sub(r"\s+", " ", message)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_identity_declaration_and_sign_off_carry_the_same_pack_id(assessed, tmp_path, fmt):
    text = _pack(assessed, tmp_path, fmt)
    for expected in (LEARNER, "1234567890", "Customer Service Practitioner L2 (ST0072)",
                     "Northside Motors Ltd", "1 Sep 2026 to 30 Jun 2027", ASSESSOR, IQA):
        assert expected in text, expected
    assert "is my own work" in text and "Learner's signature" in text
    assert "Assessor's signature" in text and "IQA's signature" in text
    assert "Met / Not yet met / Referred" in _words(text)
    ident = pack_id(assessed, NOW)
    assert re.fullmatch(r"PJ-[0-9A-F]{10}", ident)
    assert text.count(ident) >= 2  # on the cover and on the sign-off page


def test_the_pack_id_changes_with_the_export_time(assessed):
    assert pack_id(assessed, NOW) != pack_id(assessed, NOW.replace(hour=10))
    assert pack_id(assessed, NOW) == pack_id(assessed, NOW)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_customer_register_and_journeys_name_where_promises_and_feedback_came_from(assessed, tmp_path,
                                                                                     fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert "Customer register and journeys" in text
    assert REASON in text and "Reliable servicing for her Golf" in text and "Prefers e-mail" in text
    assert "Why this segment" in text and "Not recorded" in text  # Customer B has no reason given
    complaint = assessed.ids["complaint"]
    # The promise ledger and the feedback table both name the interaction: date and reference.
    assert text.count(f"1 Oct 2026, phone complaint (ref {complaint})") >= 2
    assert "Journey" in text and "Promise due: Call Customer A by 4pm" in text
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_the_evidence_text_and_witness_details_are_in_the_pack_redacted(assessed, tmp_path, fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert "Dear Sam, thank you for sorting the courtesy car so quickly." in text
    assert "[phone]" in text
    assert "My line manager" in text and "26 Sep 2026" in text  # relationship, date signed
    assert re.search(r"Relationship to the learner:? Not recorded", text)  # the older testimony
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_provenance_reflection_gap_and_edits_are_shown(assessed, tmp_path, fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert "Imported from another journal on 6 Oct 2026; first written 21 Sep 2026, 18:00" in text
    # The complaint was written on 6 Oct; the imported entry keeps its own dates.
    assert "reflection written 5 days after the interaction (6 Oct 2026)" in text
    assert "reflection written 1 day after the interaction (21 Sep 2026)" in text
    assert "never edited" in text
    assert "Changed since your last pack" in text
    assert "The last pack was exported on 5 Nov 2026" in text and "1 entry has been edited since" in text
    assert "summary, STAR result" in text


def test_a_first_pack_says_there_is_nothing_to_compare_with(memory_journal, tmp_path):
    populate(memory_journal)
    text = _pack(memory_journal, tmp_path, "html")
    assert "This is the first evidence pack exported from this journal" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_the_itemised_off_the_job_log_lists_every_entry(assessed, tmp_path, fmt):
    text = _pack(assessed, tmp_path, fmt)
    assert "Every entry (the itemised log)" in text
    assert re.search(r"1 Oct 2026 7\.5 Service desk shift No", text)
    # (a narrow column may wrap the criterion code after its dot)
    assert re.search(r"2 Oct 2026 3 Complaints training Yes crm-unit:2\.\s?3", text)


def test_a_hand_written_file_without_dates_says_so(memory_journal, tmp_path):
    doc = {"format": "placement-journal", "version": 1, "interactions": [{
        "id": "x1", "at": "2026-09-20T10:00:00+01:00", "summary": "Undated entry", "reflection": "Later"}]}
    import_document(memory_journal, doc)
    text = _pack(memory_journal, tmp_path, "html")
    assert "that journal doesn't say when it was first written" in text
    assert "reflection written on a date not known (imported without it)" in text


def test_witness_and_learner_details_survive_a_json_round_trip(memory_journal):
    from journal_app.journal.journal import Journal
    from journal_app.services.exchange.interchange import export_document

    memory_journal.set_learner(Learner(name=LEARNER, uln="1234567890", programme_code="ST0072",
                                       employer="Northside Motors Ltd", iqa=IQA))
    memory_journal.evidence.add(Evidence(kind="witness-testimony", witness=Witness(
        name=WITNESS, relationship="Mentor", signed=True, signed_on="2026-10-07")))
    memory_journal.customers.add(Customer(name="Someone"))
    import_document(memory_journal, HAND_WRITTEN)
    doc = export_document(memory_journal, now=datetime(2026, 12, 1, tzinfo=NOW.tzinfo))
    assert doc["learner"]["uln"] == "1234567890" and doc["learner"]["iqa"] == IQA
    assert doc["journal"]["records"]["interactions"]["paper-1"]["imported_at"]
    assert "imported_at" not in doc["journal"]["records"]["customers"][doc["customers"][0]["id"]]
    copy = Journal.new_database()
    import_document(copy, doc)
    assert copy.learner().programme_code == "ST0072" and copy.learner().employer == "Northside Motors Ltd"
    witnesses = [e.witness for e in copy.evidence.all() if e.witness and e.witness.relationship == "Mentor"]
    assert witnesses and witnesses[0].signed_on == "2026-10-07"
    paper = copy.interactions.get("paper-1")
    assert paper.created_at == "2026-09-21T18:00:00+01:00"
    # Still marked as imported (the note travels), with the first import's time.
    again = export_document(copy)
    assert again["journal"]["records"]["interactions"]["paper-1"]["imported_at"] == \
        doc["journal"]["records"]["interactions"]["paper-1"]["imported_at"]
    assert date.fromisoformat(again["journal"]["records"]["interactions"]["paper-1"]["imported_at"][:10])
