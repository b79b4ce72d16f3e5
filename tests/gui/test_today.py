"""Today: a promise shows when it falls due (injected clock), and can be marked kept in one step."""

from __future__ import annotations

from datetime import timedelta

from tests.gui.shell_support import quick_log


def _log_with_promise(shell, promise: str) -> str:
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    editor.form.promise_rows[0].due.set_date((shell.context.now() + timedelta(days=3)).date())
    assert quick_log(editor, "Customer asked for a quote", customer="Mr Jones", promise=promise)
    return shell.context.journal.promises.all()[0].id


def _reminder_texts(today) -> list[str]:
    return [r.message for r in today.reminder_model.reminders()]


def test_promise_appears_on_today_when_due_then_overdue(shell, clock):
    promise_id = _log_with_promise(shell, "Send the quote")
    today = shell.show_page("today")
    assert today.promise_model.rowCount() == 0  # due in three days: not yet

    clock.advance(days=2)  # the day before it is due
    today.refresh()
    assert [p.id for p in today.promise_model.rows()] == [promise_id]
    assert today.promise_model.data(today.promise_model.index(0, 0)) == "Tomorrow"

    clock.advance(days=1)
    today.refresh()
    assert today.promise_model.data(today.promise_model.index(0, 0)) == "Today"

    clock.advance(days=2)
    today.refresh()
    overdue = [r for r in today.reminder_model.reminders() if r.severity == "overdue"]
    assert [r.subject.id for r in overdue] == [promise_id]
    group = today.reminder_model.index(0, 0)
    assert today.reminder_model.data(group).startswith("Overdue (1)")
    assert today.due_card.value_label.text() != "0"


def test_mark_a_due_promise_kept_from_today(shell, clock, dialogs):
    from journal_app.ui.dialogs.promise_outcome import Outcome

    promise_id = _log_with_promise(shell, "Phone back about the part")
    clock.advance(days=3)
    today = shell.show_page("today")
    assert today.select_promise(promise_id)

    dialogs.outcome = None  # the learner cancels the outcome dialog: nothing changes
    assert not today.mark_selected_promise("kept")
    assert shell.context.journal.promises.get(promise_id).status == "open"

    dialogs.outcome = Outcome("kept", "Rang at 3pm, part arrives Friday")
    assert today.mark_selected_promise("kept")
    promise = shell.context.journal.promises.get(promise_id)
    assert promise.status == "kept"
    assert promise.outcome == "Rang at 3pm, part arrives Friday"
    assert promise.closed_at.startswith(clock.now.date().isoformat())
    assert today.promise_model.rowCount() == 0
    assert today.kept_card.value_label.text() == "1 / 1"


def test_reminder_quick_actions_snooze_and_open(shell, clock):
    promise_id = _log_with_promise(shell, "Email the brochure")
    clock.advance(days=5)
    today = shell.show_page("today")
    reminder = next(r for r in today.reminder_model.reminders() if r.subject.id == promise_id)
    assert today.select_reminder(reminder.key)
    labels = today.action_labels()
    assert "Remind me tomorrow" in labels and "Dismiss" in labels
    assert len(today.action_buttons) == 2  # the resolving action, and More… for the rest

    assert today.trigger_action("Remind me tomorrow")
    assert promise_id not in [r.subject.id for r in today.reminder_model.reminders()]
    clock.advance(days=1, hours=1)
    today.refresh()
    assert promise_id in [r.subject.id for r in today.reminder_model.reminders()]

    assert today.select_reminder(reminder.key)
    opened = []
    shell.context.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    today.open_selected()
    assert opened == [("promise", promise_id)]
    assert shell.current_page_name() == "promises"


def test_week_counts(shell):
    for summary in ("Enquiry one", "Enquiry two"):
        shell.new_interaction()
        assert quick_log(shell.pages["interactions"].editor, summary)
    today = shell.show_page("today")
    assert today.week_card.value_label.text() == "2"


def test_lock_clears_everything_today_shows(shell, clock):
    _log_with_promise(shell, "Send the quote")
    clock.advance(days=5)
    today = shell.show_page("today")
    assert today.reminder_model.reminder_count() > 0
    assert shell.lock()
    assert today.reminder_model.reminder_count() == 0
    assert today.promise_model.rowCount() == 0
    assert shell.context.journal is None


def test_reminders_arrive_from_a_worker_and_stale_answers_are_ignored(qtbot, saved_journal, clock):
    """Today's reminders come from the session's one feed, worked out off the GUI thread;
    an answer to an older question, or one arriving after the journal was locked, never
    overwrites what the page shows."""
    from journal_app.journal.journal import Journal
    from journal_app.journal.records import Promise
    from journal_app.ui.context import AppContext
    from journal_app.ui.pages.today import TodayPage
    from tests.conftest import PASSPHRASE

    queued = []

    def later(work, on_done=None, on_error=None):
        queued.append((work, on_done))

    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    context = AppContext(journal, clock=clock, run_in_background=later)
    page = TodayPage(context)
    qtbot.addWidget(page)
    feed = context.reminder_feed
    page.refresh()  # asks while the journal has no promise
    page.refresh()  # an answer is on its way: not asked twice
    assert len(queued) == 1
    journal.promises.add(Promise(text="Ring back about the brake pads", due="2026-10-05"))
    qtbot.waitUntil(lambda: len(queued) == 2)  # the change is worked out once it settles
    (old_work, old_done), (new_work, new_done) = queued
    new_done(new_work())
    old_done(old_work())  # the older answer lands last
    assert [r.rule for r in page._reminders] == ["promise-overdue"]
    assert page.due_card.value_label.text() == "1"
    assert feed.computed == 2

    feed.refresh()
    work, done = queued[-1]
    context.drop_journal()  # locked before the answer came back
    page.clear()
    done(work())
    assert page._reminders == [] and page.due_card.value_label.text() == "—"
    journal.close()
