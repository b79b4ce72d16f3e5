"""Places for what the marking points ask for: plan actions and the service model, response
targets, rights and law, boundaries, improvement records and the repeat-customer rate —
in the records, the interchange file, the actions, the reminders, the measures and privacy."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from journal_app.errors import ImportRefused, InvalidRecord
from journal_app.journal import schema
from journal_app.journal.journal import Journal
from journal_app.journal.records import (
    Boundaries,
    Customer,
    Feedback,
    Improvement,
    Interaction,
    Objective,
    PlanAction,
    Promise,
    Rights,
    ServiceModel,
)
from journal_app.services.actions.records import delete_record, save_record
from journal_app.services.exchange.interchange import export_document, import_document
from journal_app.services.privacy.erasure import erase_customer
from journal_app.services.rules import kpi

from .interchange_support import spec_example
from .reminder_support import found, london

AT = "2026-10-01T09:30:00+01:00"


def _plan(journal: Journal, **fields) -> Objective:
    return journal.objectives.add(Objective(
        specific="Win back the fleet account", metric="CSAT",
        actions=[PlanAction(what="Call the fleet manager weekly", who="Me", by="2026-10-05",
                            resources="Call list, CRM notes"),
                 PlanAction(what="Send the service summary", by="2026-10-20", done=True)],
        service_model=ServiceModel(dimension="reliability", why="They left after two late vans"),
        **fields,
    ))


# --- records ----------------------------------------------------------------------------------
def test_each_new_field_is_kept_exactly_and_optional(memory_journal) -> None:
    plan = _plan(memory_journal)
    again = memory_journal.objectives.get(plan.id)
    assert [a.what for a in again.actions] == ["Call the fleet manager weekly", "Send the service summary"]
    assert again.actions[0].resources == "Call list, CRM notes" and again.actions[1].done is True
    assert again.service_model == ServiceModel("reliability", "They left after two late vans")

    i = memory_journal.interactions.add(Interaction(
        at=AT, kind="complaint",
        rights=Rights("fit-for-purpose", "Tyre failed in a week", "Phone number",
                      "Kept in the job card only"),
        boundaries=Boundaries("A free courtesy car", "Only for warranty work"),
    ))
    stored = memory_journal.interactions.get(i.id)
    assert stored.rights.consumer_right == "fit-for-purpose"
    assert stored.rights.data_handling == "Kept in the job card only"
    assert stored.boundaries == Boundaries("A free courtesy car", "Only for warranty work")
    p = memory_journal.promises.add(Promise(text="Ring back", due="2026-10-02", response_target_hours=4))
    assert memory_journal.promises.get(p.id).response_target_hours == 4

    # None of them is needed to save: a bare interaction, promise and objective still save.
    bare = memory_journal.interactions.add(Interaction(at=AT))
    assert memory_journal.interactions.get(bare.id).rights is None
    assert memory_journal.objectives.add(Objective()).actions == []


@pytest.mark.parametrize(("make", "where"), [
    (lambda: Interaction(at=AT, rights=Rights(consumer_right="money-back")),
     "interactions.rights.consumer_right"),
    (lambda: Promise(text="x", due="2026-10-02", response_target_hours=0), "promises.response_target_hours"),
    (lambda: Objective(actions=[PlanAction(what="")]), "objectives.actions[0].what"),
    (lambda: Objective(actions=[PlanAction(what="Call", by="5 Oct")]), "objectives.actions[0].by"),
    (lambda: Objective(service_model=ServiceModel(dimension="speed")), "objectives.service_model.dimension"),
    (lambda: Improvement(change=""), "improvements.change"),
])
def test_a_bad_value_is_refused_naming_its_field(memory_journal, make, where) -> None:
    record = make()
    with pytest.raises(InvalidRecord) as refused:
        memory_journal.repository(record.TYPE).add(record)
    assert refused.value.path == where


def test_improvements_are_records_with_history_search_and_links(memory_journal) -> None:
    f = memory_journal.feedback.add(Feedback(at=AT, comment="Nobody rang me back"))
    o = _plan(memory_journal)
    done = save_record(memory_journal, Improvement(
        change="Text every customer when their car is ready", why="Call-backs were missed",
        measure="CSAT", before=3.6, after=4.4, started="2026-10-10", measured="2026-11-20",
        feedback=f.id, objective=o.id,
    ))
    item = done.value
    assert item.id.startswith("m-") and done.changes.records
    assert [h.record_id for h in memory_journal.search("ready")] == [item.id]
    save_record(memory_journal, dataclasses.replace(item, after=4.5))
    assert memory_journal.improvements.get(item.id).edits == 1
    assert memory_journal.improvements.history(item.id)[0]["data"]["after"] == 4.4
    # Deleting what prompted it keeps the improvement and just drops the link.
    delete_record(memory_journal, "feedback", f.id)
    delete_record(memory_journal, "objective", o.id)
    kept = memory_journal.improvements.get(item.id)
    assert (kept.feedback, kept.objective) == (None, None)
    assert export_document(memory_journal)["improvements"][0]["feedback"] is None


# --- migration ---------------------------------------------------------------------------------
def test_a_version_6_journal_upgrades_with_empty_new_fields() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.row_factory = sqlite3.Row
    schema.migrate(db, 6)
    stamp = "2026-10-03T18:00:00+01:00"
    db.execute("INSERT INTO objectives (id, specific, status, created_at, updated_at)"
               " VALUES ('o1', 'Grow fleet work', 'active', ?, ?)", (stamp, stamp))
    db.execute("INSERT INTO promises (id, kind, text, due, status, created_at, updated_at)"
               " VALUES ('p1', 'promise', 'Ring back', '2026-10-04', 'open', ?, ?)", (stamp, stamp))
    journal = Journal(db, None)
    assert schema.LATEST == 7 and journal.migrated_from == 6
    objective = journal.objectives.get("o1")
    assert (objective.actions, objective.service_model) == ([], None)
    assert journal.promises.get("p1").response_target_hours is None
    assert journal.improvements.count() == 0


# --- interchange ---------------------------------------------------------------------------------
def test_new_fields_round_trip_through_the_interchange_file(memory_journal, clock) -> None:
    doc = spec_example()
    doc["interactions"][0]["rights"] = {"consumer_right": "as-described", "consumer_notes": "Wrong size",
                                        "personal_data": "Address", "data_handling": "Not written down"}
    doc["interactions"][0]["boundaries"] = {"declined": "A refund on a used part", "why": "Policy"}
    doc["promises"][0]["response_target_hours"] = 24
    doc["objectives"][0]["actions"] = [{"what": "Monthly call", "who": "Me", "by": "2026-11-01",
                                        "resources": "", "done": False}]
    doc["objectives"][0]["service_model"] = {"dimension": "empathy", "why": "They felt unheard"}
    import_document(memory_journal, _without_file(doc))
    out = export_document(memory_journal)
    for key in ("interactions", "promises", "objectives", "improvements"):
        assert out[key] == doc[key], key
    fresh = Journal.new_database(clock)
    import_document(fresh, out)
    assert export_document(fresh)["objectives"] == doc["objectives"]


def test_files_without_the_new_keys_import_and_export_unchanged(memory_journal) -> None:
    doc = _without_file(spec_example())
    del doc["improvements"]
    import_document(memory_journal, doc)
    out = export_document(memory_journal)
    assert "rights" not in out["interactions"][0] and "actions" not in out["objectives"][0]
    assert "response_target_hours" not in out["promises"][0]
    assert out["improvements"] == []


def test_an_improvement_naming_unknown_feedback_is_refused(memory_journal) -> None:
    doc = _without_file(spec_example())
    doc["improvements"][0]["feedback"] = "f-nowhere"
    with pytest.raises(ImportRefused) as refused:
        import_document(memory_journal, doc)
    assert "improvements[0].feedback" in str(refused.value)
    assert memory_journal.improvements.count() == 0


def test_unknown_keys_inside_a_plan_action_are_named_in_a_warning(memory_journal) -> None:
    doc = _without_file(spec_example())
    doc["objectives"][0]["actions"] = [{"what": "Call", "colour": "red"}]
    summary = import_document(memory_journal, doc)
    assert "objectives[0].actions[0].colour: unknown key ignored" in summary.warnings


def test_an_access_request_carries_improvements_linked_to_the_person(memory_journal) -> None:
    import_document(memory_journal, _without_file(spec_example()))
    memory_journal.improvements.add(Improvement(change="Unrelated change"))
    out = export_document(memory_journal, only_customer="c1")
    assert [m["id"] for m in out["improvements"]] == ["m1"]


def _without_file(doc):
    doc["evidence"][0]["file"] = None
    return doc


# --- reminders --------------------------------------------------------------------------------------
def test_a_plan_action_past_its_date_and_not_done_is_a_reminder(memory_journal) -> None:
    c = memory_journal.customers.add(Customer(name="Mrs Zoë Patel", segment="key"))
    plan = _plan(memory_journal, customer=c.id)
    plan.actions[0].what = "Call Mrs Zoë Patel weekly"
    memory_journal.objectives.update(plan)
    assert found(memory_journal, london(2026, 10, 5, 20, 0), "plan-action-overdue") == []
    [reminder] = found(memory_journal, london(2026, 10, 6, 9, 0), "plan-action-overdue")
    assert reminder.severity == "overdue" and reminder.subject.id == plan.id
    assert reminder.message.startswith("In your CSAT objective for Customer A, the action “Call Customer A")
    assert "Patel" not in reminder.message
    assert reminder.due_date == date(2026, 10, 5)
    # Ticked done, the reminder goes.
    plan.actions[0].done = True
    memory_journal.objectives.update(plan)
    assert found(memory_journal, london(2026, 10, 6, 9, 0), "plan-action-overdue") == []


def test_a_closed_plan_does_not_nag(memory_journal) -> None:
    _plan(memory_journal, status="achieved")
    assert found(memory_journal, london(2026, 11, 1, 9, 0), "plan-action-overdue") == []


# --- measures --------------------------------------------------------------------------------------
def test_response_time_is_measured_from_the_interaction_against_its_target(memory_journal) -> None:
    i = memory_journal.interactions.add(Interaction(at=AT))
    rows = [("kept", "2026-10-01T13:00:00+01:00", 4), ("late", "2026-10-01T15:00:00+01:00", 4),
            ("kept", "2026-10-03T09:30:00+01:00", 48), ("open", None, 2),
            ("kept", "2026-10-01T10:00:00+01:00", None)]
    for status, closed, target in rows:
        memory_journal.promises.add(Promise(interaction=i.id, text="x", due="2026-10-04", status=status,
                                            closed_at=closed, response_target_hours=target))
    promises = memory_journal.promises.all()
    assert kpi.response_hours(promises[0], AT) == 3.5
    assert kpi.response_hours(promises[3], AT) is None
    measured = kpi.measures(memory_journal, today=date(2026, 10, 10))
    assert measured.service == kpi.ServiceLevels(measured=3, within=2, open_with_target=1)
    assert measured.service.sentence() == "2 of 3 within target"
    assert round(measured.service.rate or 0) == 67


def test_a_promise_from_no_interaction_counts_from_when_it_was_recorded(memory_journal) -> None:
    p = memory_journal.promises.add(Promise(text="x", due="2026-10-04", status="kept",
                                            closed_at="2026-10-01T12:00:00+01:00", response_target_hours=1))
    p.created_at = "2026-10-01T11:30:00+01:00"
    assert kpi.within_target(p) is True


def test_repeat_customer_rate_counts_customers_seen_twice_or_more(memory_journal) -> None:
    a, b, c = (memory_journal.customers.add(Customer(name=n)) for n in ("Ann", "Bob", "Cat"))
    for customer, at in [(a, "2026-10-01T09:00:00+01:00"), (a, "2026-10-09T09:00:00+01:00"),
                         (b, "2026-10-02T09:00:00+01:00"), (c, "2026-11-02T09:00:00+00:00"),
                         (c, "2026-11-03T09:00:00+00:00"), (None, "2026-11-04T09:00:00+00:00")]:
        memory_journal.interactions.add(Interaction(at=at, customer=customer.id if customer else None))
    measured = kpi.measures(memory_journal, today=date(2026, 12, 1))
    assert (measured.repeat_customers, measured.customers_seen) == (2, 3)
    assert round(measured.repeat_rate or 0) == 67
    assert [(m.month, m.customers_seen, m.repeat_rate) for m in measured.months] == [
        ("2026-10", 2, 50.0), ("2026-11", 1, 100.0)]
    assert kpi.measures(memory_journal, date(2027, 1, 1), date(2027, 1, 31)).repeat_rate is None


# --- privacy -----------------------------------------------------------------------------------------
def test_erasure_removes_the_name_from_the_new_free_text(journal) -> None:
    c = journal.customers.add(Customer(name="Mrs Anita Patel"))
    f = journal.feedback.add(Feedback(customer=c.id, at=AT, comment="Fine"))
    i = journal.interactions.add(Interaction(
        customer=c.id, at=AT, kind="sale", rights=Rights(personal_data="Anita Patel's phone"),
        boundaries=Boundaries("Discount for Mrs Patel", "Not allowed"),
    ))
    o = journal.objectives.add(Objective(customer=c.id, actions=[PlanAction(what="Call Anita Patel")],
                                         service_model=ServiceModel("empathy", "Anita Patel felt unheard")))
    m = journal.improvements.add(Improvement(change="Ring Anita Patel first", feedback=f.id))
    erase_customer(journal, c.id)
    texts = [journal.interactions.get(i.id).rights.personal_data,
             journal.interactions.get(i.id).boundaries.declined,
             journal.objectives.get(o.id).actions[0].what,
             journal.objectives.get(o.id).service_model.why,
             journal.improvements.get(m.id).change]
    assert not any("Patel" in t or "Anita" in t for t in texts), texts
    assert journal.search("Patel") == []


def test_the_demo_shows_each_marking_point(memory_journal) -> None:
    from journal_app.services.demo import populate_demo

    populate_demo(memory_journal, date(2027, 3, 1))
    assert any(i.rights and i.boundaries for i in memory_journal.interactions.all())
    assert any(p.response_target_hours for p in memory_journal.promises.all())
    plan = next(o for o in memory_journal.objectives.all() if o.actions)
    assert plan.service_model.dimension == "reliability"
    [improvement] = memory_journal.improvements.all()
    assert (improvement.before, improvement.after, improvement.objective) == (60, 80, plan.id)
    measured = kpi.measures(memory_journal, today=date(2027, 3, 1))
    assert measured.service.measured == 2 and measured.customers_seen > measured.repeat_customers > 0
