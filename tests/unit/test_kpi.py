"""The measures learners quote, computed the way the syllabus defines them."""

from __future__ import annotations

from datetime import date

import pytest

from journal_app.journal.records import Feedback, Interaction, Promise
from journal_app.services.rules import kpi

TODAY = date(2026, 11, 20)


def test_nps_is_promoters_minus_detractors() -> None:
    # 3 promoters, 1 passive, 2 detractors out of 6 → 50% - 33.3% = 16.7
    assert kpi.nps([10, 9, 9, 8, 6, 0]) == pytest.approx(100 * (3 - 2) / 6)
    assert kpi.nps([10, 10]) == 100
    assert kpi.nps([0, 6]) == -100
    assert kpi.nps([7, 8]) == 0


def test_csat_is_share_of_fours_and_fives() -> None:
    assert kpi.csat([5, 4, 3, 1]) == 50
    assert kpi.csat([5, None, 4]) == 100


def test_no_answers_means_no_number_rather_than_zero() -> None:
    assert kpi.nps([]) is None
    assert kpi.nps([None, None]) is None
    assert kpi.csat([]) is None
    assert kpi.first_contact_resolution([]) is None
    assert kpi.promise_kept_rate([], TODAY) is None


def test_first_contact_resolution_counts_issues_only() -> None:
    interactions = [
        Interaction(kind="complaint", resolved_first_contact=True),
        Interaction(kind="enquiry", resolved_first_contact=False),
        Interaction(kind="service", resolved_first_contact=True),
        Interaction(kind="sale", resolved_first_contact=False),  # not an issue
        Interaction(kind="internal", resolved_first_contact=False),  # not an issue
    ]
    assert kpi.first_contact_resolution(interactions) == pytest.approx(200 / 3)


def _promise(status: str, due: str) -> Promise:
    return Promise(text="Call back", due=due, status=status)


def test_promise_kept_rate_counts_overdue_but_not_renegotiated_or_future() -> None:
    promises = [
        _promise("kept", "2026-11-01"),
        _promise("kept", "2026-11-02"),
        _promise("late", "2026-11-03"),
        _promise("broken", "2026-11-04"),
        _promise("open", "2026-11-10"),  # overdue: counts against the learner
        _promise("open", "2026-12-01"),  # not due yet
        _promise("renegotiated", "2026-11-05"),
        _promise("cancelled", "2026-11-06"),
    ]
    outcomes = kpi.promise_outcomes(promises, TODAY)
    assert outcomes["made"] == 8
    assert outcomes["overdue"] == 1 and outcomes["open"] == 2
    assert kpi.promise_kept_rate(promises, TODAY) == pytest.approx(100 * 2 / 5)


def test_measures_over_a_journal_by_month_week_and_rater(memory_journal) -> None:
    j = memory_journal
    for at, kind, resolved in (
        ("2026-10-01T09:00:00+01:00", "complaint", False),
        ("2026-10-02T09:00:00+01:00", "enquiry", True),
        ("2026-10-20T09:00:00+01:00", "sale", False),
        ("2026-11-03T09:00:00+00:00", "complaint", True),
    ):
        j.interactions.add(Interaction(at=at, kind=kind, resolved_first_contact=resolved))
    j.feedback.add(Feedback(at="2026-10-05T12:00:00+01:00", nps=3, csat=2, dimension="reliability"))
    j.feedback.add(Feedback(at="2026-11-05T12:00:00+00:00", nps=10, csat=5, dimension="reliability",
                            action_taken="Now I call back the same day"))
    j.feedback.add(Feedback(at="2026-11-06T12:00:00+00:00", nps=9, csat=4, dimension="empathy"))
    j.promises.add(_promise("broken", "2026-10-10"))
    j.promises.add(_promise("kept", "2026-11-04"))

    m = kpi.measures(j, today=TODAY)

    assert m.nps == pytest.approx(100 * (2 - 1) / 3)
    assert m.csat == pytest.approx(200 / 3)
    assert m.fcr == pytest.approx(200 / 3)
    assert m.promise_kept_rate == 50
    assert m.feedback == 3 and m.feedback_with_action == 1
    october, november = m.months
    assert (october.month, october.nps, october.csat, october.promise_kept_rate) == ("2026-10", -100, 0, 0)
    assert (november.month, november.nps, november.csat) == ("2026-11", 100, 100)
    assert november.promise_kept_rate == 100
    assert october.interactions == 3 and october.complaints == 1
    # Weeks run Monday to Sunday, and quiet weeks are kept as zero.
    assert m.weeks[0].week_start == "2026-09-28"
    assert m.weeks[0].by_kind == {"complaint": 1, "enquiry": 1}
    assert [w.total for w in m.weeks] == [2, 0, 0, 1, 0, 1]
    rater = {r.dimension: r for r in m.rater}
    assert rater["reliability"].feedback == 2 and rater["reliability"].with_action == 1
    assert rater["empathy"].csat == 100
    assert rater["tangibles"].feedback == 0 and rater["tangibles"].nps is None


def test_measures_respect_the_period(memory_journal) -> None:
    memory_journal.feedback.add(Feedback(at="2026-10-05T12:00:00+01:00", nps=0))
    memory_journal.feedback.add(Feedback(at="2026-11-05T12:00:00+00:00", nps=10))
    m = kpi.measures(memory_journal, start=date(2026, 11, 1), end=date(2026, 11, 30), today=TODAY)
    assert (m.nps, m.nps_answers) == (100, 1)
    assert [x.month for x in m.months] == ["2026-11"]


def test_a_late_evening_entry_counts_on_the_learners_own_day(memory_journal) -> None:
    # 23:30 in London on 31 Oct is 22:30 UTC the same day but must not drift to another month.
    memory_journal.interactions.add(Interaction(at="2026-10-31T23:30:00+01:00", kind="enquiry"))
    m = kpi.measures(memory_journal, start=date(2026, 10, 31), end=date(2026, 10, 31), today=TODAY)
    assert [x.month for x in m.months] == ["2026-10"]
