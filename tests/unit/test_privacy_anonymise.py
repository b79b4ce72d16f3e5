"""Anonymising one customer: their details go everywhere, everyone else's stay."""

from __future__ import annotations

import json

from journal_app.journal.audit import events
from journal_app.journal.records import Customer, Hours, Learner
from journal_app.services.privacy.anonymise import anonymise_customer

from .privacy_support import build, leaks


def test_history_keeps_its_edits_but_not_the_old_text(journal) -> None:
    built = build(journal)
    assert len(journal.interactions.history(built.interaction.id)) == 1
    anonymise_customer(journal, built.patel.id)
    history = journal.interactions.history(built.interaction.id)
    assert len(history) == 1  # the learner's "edited once" survives
    assert leaks(json.dumps(history)) == []
    assert history[0]["data"]["customer"] == built.patel.id  # references untouched
    assert journal.customers.history(built.patel.id) == []


def test_search_no_longer_finds_them_but_finds_the_pseudonym(journal) -> None:
    built = build(journal)
    assert journal.search("Wellington")
    anonymise_customer(journal, built.patel.id)
    assert journal.search("Patel") == [] and journal.search("Wellington") == []
    found = {h.record_id for h in journal.search(built.patel.pseudonym)}
    assert found >= {built.patel.id, built.interaction.id}


def test_an_organisation_that_is_the_learners_workplace_is_kept(memory_journal) -> None:
    memory_journal.set_learner(Learner(name="Sam", placement="Northside Motors service desk"))
    colleague = memory_journal.customers.add(Customer(name="Priya Shah", kind="internal",
                                                      organisation="Northside Motors"))
    h = memory_journal.hours.add(Hours(date="2026-10-01", activity="Helped Priya at Northside Motors"))
    anonymise_customer(memory_journal, colleague.id)
    assert memory_journal.hours.get(h.id).activity == f"Helped {colleague.pseudonym} at Northside Motors"


def test_hold_and_reminder_reasons_are_cleaned(journal) -> None:
    from journal_app.services.privacy import retention
    from journal_app.services.rules.reminders import dismiss

    built = build(journal)
    retention.add_hold(journal, "customer", built.patel.id, "2028-01-01", "Anita Patel's case for EPA")
    hold = retention.list_holds(journal)[0]
    dismiss(journal, f"promise-overdue:promise:{built.promise.id}", "Anita said no need", now=journal.now())
    assert leaks(json.dumps([list(r) for r in journal.db.execute("SELECT * FROM reminder_state")]))
    anonymise_customer(journal, built.patel.id)
    assert retention.list_holds(journal)[0].reason == f"{built.patel.pseudonym}'s case for EPA"
    assert retention.list_holds(journal)[0].id == hold.id
    assert leaks(json.dumps([list(r) for r in journal.db.execute("SELECT * FROM reminder_state")])) == []


def test_audit_entry_names_only_the_pseudonym(journal) -> None:
    built = build(journal)
    result = anonymise_customer(journal, built.patel.id)
    entry = events(journal)[-1]
    assert entry.event == "anonymised" and entry.details == result.as_details()
    assert entry.details["records"]["interaction"] == 1
    assert leaks(json.dumps(entry.details)) == []


def test_anonymising_twice_changes_nothing_more(journal) -> None:
    built = build(journal)
    anonymise_customer(journal, built.patel.id)
    first = journal.customers.get(built.patel.id).anonymised_at
    result = anonymise_customer(journal, built.patel.id, audit=None)
    assert sum(result.records.values()) <= 1
    assert journal.customers.get(built.patel.id).anonymised_at == first


def test_the_assessors_name_and_the_workplace_are_never_removed(memory_journal) -> None:
    from journal_app.services.privacy.subject_access import subject_document

    memory_journal.set_learner(Learner(name="Sam Learner", placement="Service desk at Halton Motors, Leeds",
                                       assessor="K. Whitfield"))
    dan = memory_journal.customers.add(Customer(name="Dan Halton"))
    karen = memory_journal.customers.add(Customer(name="Mrs Karen Whitfield"))
    h1 = memory_journal.hours.add(Hours(date="2026-10-01", activity="Dan Halton came into Halton Motors"))
    h2 = memory_journal.hours.add(Hours(date="2026-10-02",
                                        activity="Mrs Whitfield rang; showed K. Whitfield my log"))
    # an access request for Dan hides Karen, but not the assessor
    doc = subject_document(memory_journal, dan.id)
    assert [h["activity"] for h in doc["hours"]] == ["Dan Halton came into Halton Motors"]
    doc = subject_document(memory_journal, karen.id)
    assert "K. Whitfield" in json.dumps(doc["hours"])
    anonymise_customer(memory_journal, dan.id)
    assert memory_journal.hours.get(h1.id).activity == f"{dan.pseudonym} came into Halton Motors"
    anonymise_customer(memory_journal, karen.id)
    assert memory_journal.hours.get(h2.id).activity == f"{karen.pseudonym} rang; showed K. Whitfield my log"
