"""Retention policies, due dates at the boundaries, holds, and the retention run."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from journal_app.errors import InvalidRecord, RecordNotFound
from journal_app.journal.audit import events
from journal_app.journal.records import Customer, Feedback, Interaction
from journal_app.services.privacy import retention, retention_run
from journal_app.services.privacy.retention import (
    RetentionPolicy,
    due_within,
    get_policies,
    preview,
    set_policies,
)

from .privacy_support import build, leaks

BST = timezone(timedelta(hours=1))


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00").replace(tzinfo=BST)


def only(journal, category: str, days: int, action: str = "anonymise", counts_from: str = "last-interaction"):
    """One policy that matters; the others set so far away they never fire."""
    policies = {c: RetentionPolicy(c, 36500, "anonymise", "created") for c in retention.CATEGORIES}
    policies[category] = RetentionPolicy(category, days, action, counts_from)
    set_policies(journal, list(policies.values()))


def keys(items) -> list[tuple[str, str, str]]:
    return [(i.category, i.subject_type, i.subject_id) for i in items]


# --- policies --------------------------------------------------------------------------
def test_defaults_cover_every_category(memory_journal) -> None:
    policies = get_policies(memory_journal)
    assert [p.category for p in policies] == list(retention.CATEGORIES)
    assert all(p.days > 0 and p.action in ("anonymise", "delete") for p in policies)


def test_set_policies_round_trips_the_interchange_shape(memory_journal) -> None:
    set_policies(memory_journal, [{"category": "customer-identity", "days": 30, "action": "delete"}])
    policy = get_policies(memory_journal)[0]
    assert policy == RetentionPolicy("customer-identity", 30, "delete", "last-interaction")
    assert policy.to_dict() == {"category": "customer-identity", "days": 30, "action": "delete",
                                "counts_from": "last-interaction"}
    assert [e.event for e in events(memory_journal)] == ["retention-policies-changed"]


@pytest.mark.parametrize(("bad", "path"), [
    ({"category": "shoe-sizes", "days": 1, "action": "delete"}, "retention[1].category"),
    ({"category": "attachments", "days": -1, "action": "delete"}, "retention[1].days"),
    ({"category": "attachments", "days": "ten", "action": "delete"}, "retention[1].days"),
    ({"category": "attachments", "days": 5, "action": "shred"}, "retention[1].action"),
    ({"category": "attachments", "days": 5, "action": "delete", "counts_from": "file-time"},
     "retention[1].counts_from"),
])
def test_bad_policies_are_refused_and_nothing_changes(memory_journal, bad, path) -> None:
    before = get_policies(memory_journal)
    good = {"category": "customer-notes", "days": 10, "action": "delete"}
    with pytest.raises(InvalidRecord) as error:
        set_policies(memory_journal, [good, bad])
    assert str(error.value).startswith(path)
    assert get_policies(memory_journal) == before


def test_retention_on_unlock_setting(memory_journal) -> None:
    assert retention.retention_on_unlock(memory_journal) == "ask"
    retention.set_retention_on_unlock(memory_journal, "auto")
    assert memory_journal.setting("privacy.retention_on_unlock") == "auto"
    with pytest.raises(InvalidRecord):
        retention.set_retention_on_unlock(memory_journal, "sometimes")


# --- due dates ---------------------------------------------------------------------------
@pytest.fixture
def patel(memory_journal):
    c = memory_journal.customers.add(Customer(name="Mrs Anita Patel", contact="07700 900123"))
    memory_journal.interactions.add(Interaction(customer=c.id, at="2026-10-01T09:30:00+01:00"))
    memory_journal.interactions.add(Interaction(customer=c.id, at="2026-11-15T16:00:00+00:00"))
    return c


@pytest.mark.parametrize(("day", "due"), [("2027-11-14", False), ("2027-11-15", True), ("2027-11-16", True)])
def test_identity_counts_from_the_last_interaction(memory_journal, patel, day, due) -> None:
    only(memory_journal, "customer-identity", 365)
    plan = preview(memory_journal, at(day))
    assert keys(plan.items) == ([("customer-identity", "customer", patel.id)] if due else [])
    if due:
        assert plan.items[0].description == f"{patel.pseudonym}: name and contact details"
        assert "Patel" not in plan.items[0].why


@pytest.mark.parametrize(("day", "due"), [("2027-07-29", False), ("2027-07-30", True), ("2027-07-31", True)])
def test_counting_from_the_placement_end(memory_journal, patel, day, due) -> None:
    from journal_app.journal.records import Learner

    memory_journal.set_learner(Learner(name="Sam", end="2027-06-30"))
    only(memory_journal, "customer-identity", 30, counts_from="placement-end")
    assert bool(preview(memory_journal, at(day)).items) is due


def test_no_placement_end_means_nothing_counts_from_it(memory_journal, patel) -> None:
    only(memory_journal, "customer-identity", 0, counts_from="placement-end")
    assert preview(memory_journal, at("2040-01-01")).items == []


def test_counting_from_creation_uses_the_app_clock(memory_journal, clock, patel) -> None:
    only(memory_journal, "customer-identity", 10, "anonymise", counts_from="created")
    created = clock.now.date()
    assert preview(memory_journal, at((created + timedelta(days=9)).isoformat())).items == []
    assert keys(preview(memory_journal, at((created + timedelta(days=10)).isoformat())).items) == [
        ("customer-identity", "customer", patel.id)]


def test_feedback_counts_from_when_it_was_given_not_from_import(memory_journal, clock) -> None:
    only(memory_journal, "feedback-comments", 10, "delete", counts_from="created")
    f = memory_journal.feedback.add(Feedback(at="2026-09-01T10:00:00+01:00", comment="Lovely"))
    assert clock.now.date() > date(2026, 9, 20)  # typed in (or imported) long after it was given
    assert preview(memory_journal, at("2026-09-10")).items == []
    [item] = preview(memory_journal, at("2026-09-11")).items
    assert keys([item]) == [("feedback-comments", "feedback", f.id)]
    assert item.why == "feedback comments are kept 10 days from date given (2026-09-01)"


def test_due_within_lists_soon_and_overdue_items(memory_journal, patel) -> None:
    only(memory_journal, "customer-identity", 365)
    assert due_within(memory_journal, at("2027-11-01"), 13) == []
    soon = due_within(memory_journal, at("2027-11-01"), 14)
    assert [(i.subject_id, i.due, i.action) for i in soon] == [(patel.id, date(2027, 11, 15), "anonymise")]
    assert len(due_within(memory_journal, at("2028-01-01"), 0)) == 1  # overdue still listed


def test_a_hold_keeps_data_through_its_last_day(memory_journal, patel) -> None:
    only(memory_journal, "customer-identity", 365)
    hold = retention.add_hold(memory_journal, "customer", patel.id, "2028-03-01", "end-point assessment")
    plan = preview(memory_journal, at("2028-03-01"))
    assert plan.items == []
    assert [(i.subject_id, i.held_until) for i in plan.held] == [(patel.id, date(2028, 3, 1))]
    after = preview(memory_journal, at("2028-03-02")).items
    # the data is due, and the hold itself (with its reason) has expired too
    assert keys(after) == [("customer-identity", "customer", patel.id), ("holds", "hold", hold.id)]
    assert due_within(memory_journal, at("2028-02-20"), 14)[0].due == date(2028, 3, 2)
    assert [e.event for e in events(memory_journal)][-1] == "hold-added"
    assert "Patel" not in str(events(memory_journal)[-1].details)


def test_hold_on_unknown_record_is_refused(memory_journal) -> None:
    with pytest.raises(RecordNotFound):
        retention.add_hold(memory_journal, "customer", "c-nobody", "2028-01-01")
    with pytest.raises(InvalidRecord):
        retention.add_hold(memory_journal, "hours", "h-1", "2028-01-01")
    assert retention.list_holds(memory_journal) == []


def test_removing_a_hold(memory_journal, patel) -> None:
    hold = retention.add_hold(memory_journal, "customer", patel.id, date(2028, 1, 1))
    assert retention.remove_hold(memory_journal, hold.id) is True
    assert retention.remove_hold(memory_journal, hold.id) is False
    assert retention.list_holds(memory_journal) == []


# --- the run ----------------------------------------------------------------------------
def test_apply_anonymises_due_customers_and_audits_without_names(journal) -> None:
    built = build(journal)
    only(journal, "customer-identity", 365)
    receipt = retention_run.apply(journal, at("2027-10-01"))
    assert [i.subject_id for i in receipt.done] == [built.patel.id]
    assert receipt.saved and receipt.backups_rewritten
    assert journal.customers.get(built.patel.id).anonymised_at
    assert journal.customers.get(built.jones.id).name == "Mr Gareth Jones"  # last seen a day later
    assert leaks(journal.db.serialize()) == []
    run = [e for e in events(journal) if e.event == "retention-run"][-1]
    assert run.details["pseudonyms"] == [built.patel.pseudonym]
    assert run.details["counts"] == {"customer-identity:anonymise": 1}
    assert leaks(str(run.details)) == []
    assert preview(journal, at("2027-10-01")).items == []  # nothing left to do


def test_preview_changes_nothing(journal) -> None:
    build(journal)
    only(journal, "customer-identity", 0)
    before = journal.db.serialize()
    assert preview(journal, at("2027-10-01")).items
    assert journal.db.serialize() == before


def test_notes_delete_clears_only_the_notes(memory_journal, patel) -> None:
    patel.notes = "Likes a call at 9"
    memory_journal.customers.update(patel)
    only(memory_journal, "customer-notes", 30, "delete")
    receipt = retention_run.apply(memory_journal, at("2026-12-15"))
    assert len(receipt.done) == 1
    kept = memory_journal.customers.get(patel.id)
    assert kept.notes == "" and kept.name == "Mrs Anita Patel"
    assert memory_journal.customers.history(patel.id) == []


def test_feedback_comments_are_de_identified_but_numbers_kept(memory_journal, patel) -> None:
    f = memory_journal.feedback.add(Feedback(customer=patel.id, at="2026-10-02T10:00:00+01:00", nps=10,
                                             comment="Anita Patel said thanks, ring 07700 900123"))
    only(memory_journal, "feedback-comments", 1, counts_from="created")
    retention_run.apply(memory_journal, at("2026-10-08"))
    kept = memory_journal.feedback.get(f.id)
    assert kept.comment == f"{patel.pseudonym} said thanks, ring [phone]" and kept.nps == 10


def test_attachments_are_deleted_after_the_placement_unless_held(journal) -> None:
    from journal_app.vault.attachments import folder_for, list_blobs

    built = build(journal, attach=True)
    only(journal, "attachments", 90, "delete", counts_from="placement-end")
    retention.add_hold(journal, "evidence", built.evidence.id, "2027-12-31", "assessment")
    receipt = retention_run.apply(journal, at("2027-09-28"))
    assert [i.subject_id for i in receipt.done] == [built.shared_evidence.id]
    assert journal.evidence.get(built.shared_evidence.id).file is None
    assert journal.evidence.get(built.evidence.id).file is not None
    assert len(list_blobs(folder_for(journal.path))) == 1
    assert retention_run.apply(journal, at("2027-12-31")).done == []
    done = retention_run.apply(journal, at("2028-01-01")).done
    assert [i.category for i in done] == ["attachments", "holds"]


def test_identity_delete_removes_the_customer_record_but_keeps_reflections(memory_journal, patel) -> None:
    only(memory_journal, "customer-identity", 10, "delete")
    retention_run.apply(memory_journal, at("2026-12-01"))
    assert memory_journal.customers.find(patel.id) is None
    assert [i.customer for i in memory_journal.interactions.all()] == [None, None]


def test_a_plan_iterates_over_its_items(memory_journal, patel) -> None:
    only(memory_journal, "customer-identity", 0)
    plan = preview(memory_journal, at("2027-01-01"))
    assert list(plan) == plan.items and len(plan) == 1
