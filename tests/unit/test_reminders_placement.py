"""Reminders about the placement as a whole: objectives, evidence, criteria, hours, days, retention."""

from __future__ import annotations

import pytest

from journal_app.journal.records import Evidence, Hours, Learner, Objective, Review
from journal_app.services.rules.reminder_settings import save_setting

from .reminder_support import customer, found, ids, interaction, london


def _placement(journal, start="2026-09-01", end="2027-06-30", target=None) -> None:
    journal.set_learner(Learner(name="Sam Learner", start=start, end=end, off_the_job_target_hours=target))


# --- review-due --------------------------------------------------------------------------------
def test_review_due_the_day_after_the_review_date(memory_journal) -> None:
    c = customer(memory_journal)
    o = memory_journal.objectives.add(
        Objective(customer=c.id, metric="CSAT", review="2026-11-01", due="2027-01-31")
    )
    assert ids(memory_journal, london(2026, 11, 1, 23, 59, 59), "review-due") == []
    [r] = found(memory_journal, london(2026, 11, 2), "review-due")
    assert r.subject.as_dict() == {"type": "objective", "id": o.id} and r.action == "add-review"
    assert r.message.startswith("Your CSAT objective for Customer A was due a review on Sun 1 Nov.")
    # A review before the review date doesn't count; one on the day does.
    memory_journal.reviews.add(Review(objective=o.id, at="2026-10-20"))
    assert ids(memory_journal, london(2026, 11, 2), "review-due") == [o.id]
    memory_journal.reviews.add(Review(objective=o.id, at="2026-11-01"))
    assert ids(memory_journal, london(2026, 11, 2), "review-due") == []


def test_objective_past_its_due_date_while_active(memory_journal) -> None:
    o = memory_journal.objectives.add(Objective(segment="key", metric="NPS", due="2027-01-31"))
    memory_journal.objectives.add(Objective(metric="NPS", due="2027-01-31", status="achieved"))
    assert ids(memory_journal, london(2027, 1, 31, 23, 59, 59), "review-due") == []
    [r] = found(memory_journal, london(2027, 2, 1), "review-due")
    assert r.subject.id == o.id and r.action == "close-objective"
    assert r.message.startswith("Your NPS objective for key customers reached its end date on Sun 31 Jan")


# --- evidence and criteria -------------------------------------------------------------------------
def test_evidence_mapped_to_no_criterion(memory_journal) -> None:
    loose = memory_journal.evidence.add(
        Evidence(kind="witness-testimony", at="2026-10-06", title="From Mrs Patel")
    )
    memory_journal.evidence.add(Evidence(kind="email", criteria=["crm-unit:2.3"]))
    [r] = found(memory_journal, london(2026, 10, 7), "evidence-unmapped")
    assert r.subject.as_dict() == {"type": "evidence", "id": loose.id}
    assert r.message.startswith("Your witness testimony from Tue 6 Oct isn't linked to any assessment")
    assert "Patel" not in r.message  # titles are the learner's free text: never shown


def test_criterion_without_evidence_within_60_days_of_the_end(memory_journal) -> None:
    _placement(memory_journal, end="2027-06-30")
    interaction(memory_journal, "2026-10-01T09:00:00+01:00", criteria=["crm-unit:1.1"])
    memory_journal.evidence.add(Evidence(kind="email", criteria=["crm-unit:2.3"]))
    assert ids(memory_journal, london(2027, 4, 30, 23, 59, 59), "criterion-no-evidence") == []
    got = found(memory_journal, london(2027, 5, 1), "criterion-no-evidence")
    refs = [r.subject.id for r in got]
    assert len(refs) == 12 and "crm-unit:1.1" not in refs and "crm-unit:2.3" not in refs
    first = got[0]
    assert first.subject.type == "criterion"
    assert first.message.startswith("Nothing is linked to criterion 1.2 “Find out what customers")
    assert first.message.endswith("your placement ends in 60 days (Wed 30 Jun).")
    after = found(memory_journal, london(2027, 7, 2), "criterion-no-evidence")[0]
    assert after.message.endswith("your placement ended on Wed 30 Jun.")


def test_criteria_are_not_chased_without_an_end_date(memory_journal) -> None:
    _placement(memory_journal, end="")
    assert found(memory_journal, london(2030, 1, 1), "criterion-no-evidence") == []


# --- hours-behind ------------------------------------------------------------------------------------
def test_hours_behind_the_pro_rata_target(memory_journal) -> None:
    _placement(memory_journal, start="2026-09-01", end="2026-09-30", target=30)  # 1 hour a day
    memory_journal.hours.add(Hours(date="2026-09-02", minutes=599, off_the_job=True))
    memory_journal.hours.add(Hours(date="2026-09-03", minutes=300, off_the_job=False))  # doesn't count
    # By the end of 10 Sep, 10 days have passed: 600 minutes expected.
    assert found(memory_journal, london(2026, 9, 10, 23, 59, 59), "hours-behind") == []
    [r] = found(memory_journal, london(2026, 9, 11), "hours-behind")
    assert r.subject.as_dict() == {"type": "placement", "id": "off-the-job-hours"}
    assert r.message == ("Your off-the-job hours are behind: 10 hours logged, about 10 hours expected by now "
                         "(30 hours over the whole placement).")
    memory_journal.hours.add(Hours(date="2026-09-11", minutes=1, off_the_job=True))
    assert found(memory_journal, london(2026, 9, 11), "hours-behind") == []


def test_hours_grace_days_and_missing_targets(memory_journal) -> None:
    _placement(memory_journal, start="2026-09-01", end="2026-09-30", target=30)
    save_setting(memory_journal, "hours_grace_days", 7)
    assert found(memory_journal, london(2026, 9, 8, 23, 59), "hours-behind") == []
    assert len(found(memory_journal, london(2026, 9, 9), "hours-behind")) == 1
    _placement(memory_journal, start="2026-09-01", end="2026-09-30", target=None)
    assert found(memory_journal, london(2026, 9, 20), "hours-behind") == []


# --- day-undocumented --------------------------------------------------------------------------------
def test_undocumented_days_are_off_by_default(memory_journal) -> None:
    _placement(memory_journal, start="2026-10-05")
    assert found(memory_journal, london(2026, 10, 10), "day-undocumented") == []


def test_undocumented_working_days(memory_journal) -> None:
    _placement(memory_journal, start="2026-10-05")  # a Monday
    save_setting(memory_journal, "working_days", ["Mon", "Tue", "Wed", "Thu", "Fri"])
    interaction(memory_journal, "2026-10-06T10:00:00+01:00")
    memory_journal.hours.add(Hours(date="2026-10-07", minutes=60))
    interaction(memory_journal, "2026-10-08T00:30:00+01:00")  # just after midnight counts for Thu
    got = found(memory_journal, london(2026, 10, 10, 9, 0), "day-undocumented")  # a Saturday
    assert [r.subject.as_dict() for r in got] == [
        {"type": "day", "id": "2026-10-05"}, {"type": "day", "id": "2026-10-09"},
    ]
    assert got[0].message.startswith("Nothing is logged for Mon 5 Oct, one of your placement days.")
    # Friday itself is only past once Friday is over.
    assert ids(memory_journal, london(2026, 10, 9, 23, 59, 59), "day-undocumented") == ["2026-10-05"]


# --- retention-due -----------------------------------------------------------------------------------
def test_retention_due_within_14_days(memory_journal) -> None:
    retention = pytest.importorskip("journal_app.services.privacy.retention")
    if not hasattr(retention, "due_within"):
        pytest.skip("the retention service has no due_within yet")
    c = customer(memory_journal, name="Mrs A. Patel", segment="occasional")
    interaction(memory_journal, "2026-01-10T10:00:00+00:00", customer=c.id)
    items = retention.due_within(memory_journal, london(2027, 1, 1), 14)
    subjects = {(i.subject_type, i.subject_id) for i in items}
    got = found(memory_journal, london(2027, 1, 1), "retention-due")
    assert {(r.subject.type, r.subject.id) for r in got} == subjects
    assert ("customer", c.id) in subjects
    [r] = [r for r in got if r.subject.id == c.id]
    assert r.severity == "due-soon" and r.action == "review-retention"
    assert "Patel" not in r.message and "will be anonymised on Sun 10 Jan" in r.message
    assert found(memory_journal, london(2026, 12, 1), "retention-due") == []


def test_switched_off_rules_stay_quiet(memory_journal) -> None:
    memory_journal.evidence.add(Evidence(kind="email"))
    assert found(memory_journal, london(2026, 10, 7), "evidence-unmapped")
    save_setting(memory_journal, "disabled_rules", ["evidence-unmapped"])
    assert found(memory_journal, london(2026, 10, 7), "evidence-unmapped") == []
