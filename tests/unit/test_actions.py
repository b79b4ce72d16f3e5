"""Each learner action on its own (no Qt): it writes, audits, and says what it changed.

The last tests check the promise of the actions layer: the audit trail is the same
whichever front end made the change (the CLI's commands or the calls the pages make).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal_app.errors import InvalidInput, JournalError
from journal_app.journal.audit import events
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer, Evidence, Feedback, Hours, Interaction, Learner, Promise
from journal_app.services.actions import (
    NOTHING,
    Changes,
    Done,
    interactions,
    journal_file,
    moving,
    privacy,
    promises,
    records,
)
from journal_app.services.actions import drafts as drafts_actions
from journal_app.services.actions import evidence as evidence_actions
from journal_app.services.actions import feedback as feedback_actions
from journal_app.services.actions import reminders as reminder_actions
from journal_app.services.actions.changes import recording
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "seven quiet otters paddle home"


def _trail(journal: Journal) -> list[tuple[str, dict]]:
    return [(e.event, e.details) for e in events(journal)]


def _interaction(journal: Journal, customer: str | None = None) -> Interaction:
    return Interaction(customer=customer, at=journal.timestamp(), channel="phone", kind="enquiry",
                       summary="Asked about a delivery date")


# --- changes ---------------------------------------------------------------------------------
def test_changes_say_what_was_touched_and_merge():
    a = Changes.of([("customer", "c1"), ("setting", "x"), ("customer", "c1"), ("promise", "p1")])
    assert a.records == (("customer", "c1"), ("promise", "p1"))
    assert a.settings == frozenset({"x"})
    assert a.touches("promise") and a.touches("setting") and not a.touches("hours")
    assert a.first("promise") == "p1" and a.ids("hours") == ()
    b = Changes.of([("hours", "h1")], whole_journal=True)
    merged = a | b
    assert merged.touches("evidence")  # a whole-journal change touches every kind
    assert merged.ids("hours") == ("h1",)
    assert NOTHING.empty and not merged.empty


def test_recording_stops_listening_when_done(journal):
    with recording(journal) as seen:
        journal.customers.add(Customer(name="Priya Shah"))
    journal.customers.add(Customer(name="Tom Reed"))
    assert seen.changes().kinds == {"customer"}
    assert len(seen.changes().ids("customer")) == 1


# --- records -------------------------------------------------------------------------------
def test_save_record_adds_then_updates_and_delete_removes(journal):
    added = records.save_record(journal, Hours(date="2026-10-06", minutes=90, activity="Training"))
    assert isinstance(added, Done) and added.value.id
    assert added.changes.ids("hours") == (added.value.id,)
    added.value.minutes = 60
    updated = records.save_record(journal, added.value)
    assert journal.hours.get(added.value.id).minutes == 60 and updated.changes.touches("hours")
    gone = records.delete_record(journal, "hours", added.value.id)
    assert gone.ids("hours") == (added.value.id,) and journal.hours.count() == 0


def test_a_refused_record_writes_nothing(journal):
    before = journal.customers.count()
    with pytest.raises(JournalError):
        records.save_record(journal, Customer(name=""))
    assert journal.customers.count() == before


def test_save_profile_and_setting(journal):
    done = records.save_profile(journal, Learner(name="Sam Learner"))
    assert journal.learner().name == "Sam Learner" and done.changes.kinds == {"learner"}
    changes = records.set_journal_setting(journal, "criteria.framework", "crm-unit")
    assert changes.settings == {"criteria.framework"} and not changes.records


# --- logging an interaction ------------------------------------------------------------------
def test_log_interaction_with_a_new_customer_and_a_promise_and_its_draft(journal, clock):
    drafts_actions.keep_draft(journal, {"summary": "half typed"})
    due = (clock.now.date() + timedelta(days=2)).isoformat()
    done = interactions.log_interaction(
        journal, _interaction(journal), new_customer=Customer(name="Priya Shah"),
        promises=[Promise(kind="promise", text="Ring back about the part", due=due)],
        draft_key=drafts_actions.NEW,
    )
    stored = done.value
    customer = journal.customers.get(stored.customer)
    promise = journal.promises.get(done.changes.first("promise"))
    assert customer.name == "Priya Shah"
    assert promise.interaction == stored.id and promise.customer == customer.id
    assert done.changes.kinds == {"customer", "interaction", "promise"}
    assert drafts_actions.stored_draft(journal) is None


def test_log_interaction_refused_keeps_the_draft_and_adds_no_customer(journal):
    drafts_actions.keep_draft(journal, {"summary": "half typed"})
    bad = Interaction(at="not a time", channel="phone", kind="enquiry", summary="x")
    with pytest.raises(JournalError):
        interactions.log_interaction(journal, bad, new_customer=Customer(name="Priya Shah"),
                                     draft_key=drafts_actions.NEW)
    assert journal.customers.count() == 0
    assert drafts_actions.stored_draft(journal) == {"summary": "half typed"}


def test_keeping_a_draft_announces_no_change(journal):
    with recording(journal) as seen:
        drafts_actions.keep_draft(journal, {"summary": "typing", "customer": None})
    assert seen.changes().empty
    assert journal.dirty
    assert drafts_actions.forget_draft(journal) is True
    assert drafts_actions.forget_draft(journal) is False


# --- promises --------------------------------------------------------------------------------
def _open_promise(journal: Journal, clock) -> Promise:
    customer = journal.customers.add(Customer(name="Priya Shah"))
    return journal.promises.add(Promise(customer=customer.id, kind="promise", text="Ring back",
                                        due=clock.now.date().isoformat()))


def test_close_promise_kept(journal, clock):
    promise = _open_promise(journal, clock)
    done = promises.close_promise(journal, promise.id, "kept", clock.now, outcome="Rang back, sorted")
    assert done.value.status == "kept" and done.value.outcome == "Rang back, sorted"
    assert done.changes.ids("promise") == (promise.id,)
    with pytest.raises(InvalidInput, match="already closed"):
        promises.close_promise(journal, promise.id, "kept", clock.now)


def test_renegotiating_opens_a_follow_on_promise(journal, clock):
    promise = _open_promise(journal, clock)
    new_due = (clock.now.date() + timedelta(days=5)).isoformat()
    done = promises.renegotiate_promise(journal, promise.id, new_due, clock.now)
    closed, follow_on = (journal.promises.get(i) for i in done.changes.ids("promise"))
    assert closed.status == "renegotiated"
    assert follow_on.is_open and follow_on.due == new_due and follow_on.text == "Ring back"
    with pytest.raises(InvalidInput):
        promises.renegotiate_promise(journal, follow_on.id, "", clock.now)


def test_write_outcome_only_on_a_closed_promise(journal, clock):
    promise = _open_promise(journal, clock)
    with pytest.raises(InvalidInput, match="still open"):
        promises.write_outcome(journal, promise.id, "kept", "x")
    promises.close_promise(journal, promise.id, "late", clock.now)
    done = promises.write_outcome(journal, promise.id, "late", "Two days late; apologised")
    assert done.value.outcome == "Two days late; apologised"


# --- feedback and evidence -----------------------------------------------------------------
def test_record_feedback(journal):
    customer = journal.customers.add(Customer(name="Priya Shah"))
    done = feedback_actions.record_feedback(journal, Feedback(
        customer=customer.id, at=journal.timestamp(), source="customer", csat=5, comment="Great"))
    assert journal.feedback.get(done.value.id).csat == 5
    assert done.changes.kinds == {"feedback"}


def test_evidence_file_attach_remove_delete(journal, tmp_path):
    done = evidence_actions.attach_evidence(journal, "note.txt", b"hello", "text/plain", at="2026-10-06")
    item = done.value
    assert item.file is not None and item.file.size == 5
    copy = evidence_actions.save_copy_of_file(journal, item.id, tmp_path / "copy.txt")
    assert copy.read_bytes() == b"hello"
    assert evidence_actions.remove_file(journal, item.id).value.file is None
    plain = records.save_record(journal, Evidence(kind="document", title="Rota")).value
    evidence_actions.attach_file(journal, plain.id, "rota.txt", b"mon-fri", "text/plain")
    assert evidence_actions.delete_evidence(journal, plain.id).ids("evidence") == (plain.id,)
    assert not journal.evidence.exists(plain.id)


# --- reminders -------------------------------------------------------------------------------
def test_snooze_dismiss_and_show_again(journal, clock):
    from journal_app.services.rules.reminders import compute_reminders

    promise = _open_promise(journal, clock)
    later = clock.now + timedelta(days=3)
    reminder = next(r for r in compute_reminders(journal, later) if r.subject.id == promise.id)
    moment = reminder_actions.snooze_for_days(journal, reminder, 1, later).value
    assert moment.date() == later.date() + timedelta(days=1)
    assert not any(r.subject.id == promise.id for r in compute_reminders(journal, later))
    assert reminder_actions.show_reminder_again(journal, reminder).value is True
    reminder_actions.dismiss_reminder(journal, reminder, "Customer said no rush", later)
    assert not any(r.subject.id == promise.id for r in compute_reminders(journal, later))


# --- the journal file ------------------------------------------------------------------------
def test_create_journal_audits_and_saves(tmp_path, clock):
    path = tmp_path / "new.pjournal"
    opened, key = journal_file.create_journal(path, PASSPHRASE, clock=clock)
    opened.close()
    reopened = journal_file.unlock(path, PASSPHRASE, clock=clock)
    try:
        assert [e for e, _ in _trail(reopened)] == ["journal-created"]
        assert len(key.split("-")) == 8
    finally:
        reopened.close()


def test_change_passphrase_checks_the_current_one_and_audits(journal, journal_path):
    with pytest.raises(JournalError):
        journal_file.change_passphrase(journal, NEW_PASSPHRASE, current="not the passphrase")
    done = journal_file.change_passphrase(journal, NEW_PASSPHRASE, current=PASSPHRASE, new_recovery_key=True)
    assert done.value and len(done.value.split("-")) == 8
    assert _trail(journal)[-1] == ("passphrase-changed", {
        "new_recovery_key": True, "new_data_key": True, "files_resealed": 0, "files_not_resealed": 0})
    journal.close()
    journal_file.unlock(journal_path, NEW_PASSPHRASE).close()


def test_recovery_sets_a_new_passphrase_and_audits(tmp_path, clock):
    path = tmp_path / "j.pjournal"
    opened, key = journal_file.create_journal(path, PASSPHRASE, clock=clock)
    opened.close()
    recovered = journal_file.recover_access(path, key, NEW_PASSPHRASE, clock=clock)
    try:
        assert _trail(recovered)[-1][0] == "passphrase-recovered"
    finally:
        recovered.close()
    journal_file.unlock(path, NEW_PASSPHRASE).close()


# --- moving ----------------------------------------------------------------------------------
def test_export_is_noted_once_it_is_written(journal, tmp_path):
    out = tmp_path / "all.json"
    done = moving.export(journal, "json", out)
    assert out.exists() and done.value is False
    assert _trail(journal)[-1] == ("export", {"format": "json", "pseudonymised": False})
    with pytest.raises(InvalidInput):
        moving.export(journal, "exe", tmp_path / "x.exe")
    assert len(_trail(journal)) == 1


# --- privacy -------------------------------------------------------------------------------
def test_holds_and_erasure(journal, clock):
    customer = journal.customers.add(Customer(name="Priya Shah"))
    hold = privacy.add_hold(journal, "customer", customer.id, date(2027, 3, 1), "assessment").value
    assert privacy.remove_hold(journal, hold.id).value is True
    done = privacy.erase_customer(journal, customer.id, save=False)
    assert done.changes.whole_journal
    assert [e for e, _ in _trail(journal)] == ["hold-added", "hold-removed", "erased"]


# --- the same trail whichever front end made the change ----------------------------------------
def _cli(monkeypatch, *argv: str) -> int:
    from journal_app.cli import run

    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    return run(list(argv))


def test_audit_trail_is_identical_from_the_cli_and_the_app(tmp_path, monkeypatch, clock):
    # The CLI's way.
    by_cli = tmp_path / "cli.pjournal"
    assert _cli(monkeypatch, "init", str(by_cli), "--recovery-key-file", str(tmp_path / "k1")) == 0
    with_customer = Journal.open(by_cli, PASSPHRASE)
    records.save_record(with_customer, Customer(name="Priya Shah"))
    customer_id = with_customer.customers.all()[0].id
    with_customer.save()
    with_customer.close()
    assert _cli(monkeypatch, "hold", str(by_cli), "--customer", customer_id, "--until", "2027-03-01") == 0
    out = str(tmp_path / "c.json")
    assert _cli(monkeypatch, "export", str(by_cli), "--format", "json", "--out", out) == 0  # not noted
    assert _cli(monkeypatch, "export", str(by_cli), "--format", "csv", "--out", str(tmp_path / "c")) == 0
    assert _cli(monkeypatch, "erase", str(by_cli), "--customer", customer_id) == 0
    cli_journal = Journal.open(by_cli, PASSPHRASE)
    cli_trail = _trail(cli_journal)
    cli_journal.close()

    # The app's way: the calls the wizard, Privacy page and export dialog make.
    by_app = tmp_path / "app.pjournal"
    opened, _key = journal_file.create_journal(by_app, PASSPHRASE)
    customer = records.save_record(opened, Customer(name="Priya Shah")).value
    privacy.add_hold(opened, "customer", customer.id, "2027-03-01")
    moving.write_export(opened, "json", tmp_path / "a.json")  # the learner's own copy: not noted
    pseudonymised = moving.write_export(opened, "csv", tmp_path / "a")
    moving.record_export(opened, "csv", pseudonymised)
    privacy.erase_customer(opened, customer.id, save=True)
    app_trail = _trail(opened)
    opened.close()

    assert [e for e, _ in cli_trail] == ["journal-created", "hold-added", "export", "erased"]
    assert app_trail == cli_trail


def test_passphrase_change_is_audited_the_same_from_both(tmp_path, monkeypatch):
    by_cli = tmp_path / "cli.pjournal"
    _cli(monkeypatch, "init", str(by_cli), "--recovery-key-file", str(tmp_path / "k1"))
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n")
    assert _cli(monkeypatch, "passwd", str(by_cli), "--new-passphrase-file", str(new_file)) == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", NEW_PASSPHRASE)
    cli_journal = Journal.open(by_cli, NEW_PASSPHRASE)
    cli_trail = _trail(cli_journal)
    cli_journal.close()

    by_app = tmp_path / "app.pjournal"
    opened, _key = journal_file.create_journal(by_app, PASSPHRASE)
    journal_file.change_passphrase(opened, NEW_PASSPHRASE, current=PASSPHRASE, new_recovery_key=True)
    app_trail = _trail(opened)
    opened.close()
    expected = [("journal-created", {}), ("passphrase-changed", {
        "new_recovery_key": True, "new_data_key": True, "files_resealed": 0, "files_not_resealed": 0})]
    assert app_trail == cli_trail == expected
