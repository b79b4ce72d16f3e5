"""Criteria coverage: red with nothing, amber with some, green with a signed testimony or 3+ entries."""

from __future__ import annotations

from journal_app.journal.records import Evidence, Hours, Interaction, Objective, Witness
from journal_app.services.rules.criteria import STATUS_LABELS, coverage, status_for

AT = "2026-10-01T09:30:00+01:00"


def _by_ref(journal, **kwargs) -> dict:
    return {c.ref: c for c in coverage(journal, **kwargs)}


def test_every_criterion_starts_red(memory_journal) -> None:
    rows = coverage(memory_journal)
    assert len(rows) == 14
    assert {c.status for c in rows} == {"none"}
    assert rows[0].ref == "crm-unit:1.1" and rows[0].framework == "Customer relationships"
    assert rows[0].label == STATUS_LABELS["none"] == "No evidence yet"


def test_one_or_two_entries_are_amber_three_are_green(memory_journal) -> None:
    j = memory_journal
    j.interactions.add(Interaction(at=AT, summary="Rang back", criteria=["crm-unit:2.4"]))
    assert _by_ref(j)["crm-unit:2.4"].status == "some"
    j.hours.add(Hours(date="2026-10-02", minutes=60, activity="Training", criteria=["crm-unit:2.4"]))
    assert _by_ref(j)["crm-unit:2.4"].status == "some"
    j.objectives.add(Objective(specific="Call back within a day", criteria=["crm-unit:2.4"]))
    row = _by_ref(j)["crm-unit:2.4"]
    assert row.status == "green"
    assert [s.record_type for s in row.supporting] == ["interaction", "hours", "objective"]
    assert row.supporting[0].title == "Rang back"


def test_a_signed_witness_testimony_alone_is_green_but_unsigned_is_not(memory_journal) -> None:
    j = memory_journal
    unsigned = j.evidence.add(Evidence(
        kind="witness-testimony", at="2026-10-06", criteria=["crm-unit:2.3"],
        witness=Witness(name="Dave Morris", role="Manager", statement="Calm and fair", signed=False),
    ))
    assert _by_ref(j)["crm-unit:2.3"].status == "some"
    unsigned.witness.signed = True
    j.evidence.update(unsigned)
    row = _by_ref(j)["crm-unit:2.3"]
    assert row.status == "green" and row.has_signed_witness
    assert row.supporting[0].title == "Dave Morris"


def test_filters_by_criteria_and_by_records_in_a_pack(memory_journal) -> None:
    j = memory_journal
    first = j.interactions.add(Interaction(at=AT, criteria=["crm-unit:1.1"]))
    j.interactions.add(Interaction(at=AT, criteria=["crm-unit:1.1"]))
    only = coverage(j, refs=["crm-unit:1.1", "crm-unit:1.2"])
    assert [c.ref for c in only] == ["crm-unit:1.1", "crm-unit:1.2"]
    within = _by_ref(j, within={("interaction", first.id)})
    assert [s.record_id for s in within["crm-unit:1.1"].supporting] == [first.id]


def test_deleting_an_entry_removes_its_support(memory_journal) -> None:
    entry = memory_journal.interactions.add(Interaction(at=AT, criteria=["crm-unit:1.2"]))
    memory_journal.interactions.delete(entry.id)
    assert _by_ref(memory_journal)["crm-unit:1.2"].status == "none"


def test_status_for_nothing_is_none() -> None:
    assert status_for([]) == "none"
