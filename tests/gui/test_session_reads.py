"""The session's one way to read off the GUI thread: on a private copy, newest answer wins."""

from __future__ import annotations

from journal_app.journal.records import Customer


class Deferred:
    """A runner that holds jobs until the test lets them finish, in any order."""

    def __init__(self) -> None:
        self.jobs: list[tuple] = []

    def __call__(self, work, on_done=None, on_error=None) -> None:
        self.jobs.append((work, on_done, on_error))

    def finish(self, index: int) -> None:
        work, on_done, on_error = self.jobs[index]
        try:
            answer = work()
        except BaseException as error:  # handed on, as the real runner does
            on_error(error)
        else:
            on_done(answer)


def _context(file_journal, clock):
    from journal_app.ui.context import AppContext

    runner = Deferred()
    return AppContext(file_journal, clock=clock, run_in_background=runner), runner


def _count(copy) -> int:
    return len(copy.customers.all())


def test_only_the_newest_answer_arrives_whatever_order_they_finish_in(qtbot, file_journal, clock) -> None:
    context, runner = _context(file_journal, clock)
    answers: list[int] = []
    context.read("customers", _count, answers.append)
    file_journal.customers.add(Customer(name="Mrs A. Patel"))
    context.read("customers", _count, answers.append)
    runner.finish(1)
    runner.finish(0)  # the older question's answer comes late: dropped
    assert answers == [1]


def test_a_read_works_on_a_copy_taken_when_asked(qtbot, file_journal, clock) -> None:
    context, runner = _context(file_journal, clock)
    answers: list[int] = []
    context.read("customers", _count, answers.append)
    file_journal.customers.add(Customer(name="Mrs A. Patel"))  # the learner goes on editing
    runner.finish(0)
    assert answers == [0]


def test_different_questions_do_not_cancel_each_other(qtbot, file_journal, clock) -> None:
    context, runner = _context(file_journal, clock)
    answers: list[tuple[str, int]] = []
    context.read("a", _count, lambda n: answers.append(("a", n)))
    context.read("b", _count, lambda n: answers.append(("b", n)))
    runner.finish(1)
    runner.finish(0)
    assert answers == [("b", 0), ("a", 0)]


def test_no_answer_arrives_after_the_journal_is_locked(qtbot, file_journal, clock, shown_errors) -> None:
    context, runner = _context(file_journal, clock)
    answers: list[int] = []
    context.read("customers", _count, answers.append)
    context.read("broken", lambda copy: 1 / 0, answers.append)
    context.drop_journal()
    runner.finish(0)
    runner.finish(1)
    assert answers == [] and shown_errors == []


# --- what changed, and who changed it -------------------------------------------------------
def test_each_action_reports_what_it_changed_and_who_asked_once(qtbot, context) -> None:
    from journal_app.services.actions.interactions import log_interaction
    from journal_app.services.actions.records import save_record

    heard: list[tuple] = []
    context.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    page = object()
    with context.acting_for(page):
        customer = save_record(context.journal, Customer(name="Mrs A. Patel")).value
    assert len(heard) == 1
    changes, initiator = heard[0]
    assert initiator is page and changes.ids("customer") == (customer.id,)
    heard.clear()
    # An action that runs others inside (a new customer, the interaction, its promise) is one change.
    from journal_app.journal.records import Interaction, Promise

    log_interaction(context.journal, Interaction(at="2026-11-26T10:00:00+00:00", summary="Rang about tyres"),
                    new_customer=Customer(name="Mr B. Jones"),
                    promises=[Promise(text="Call back", due="2026-11-27")])
    assert len(heard) == 1 and heard[0][1] is None
    assert heard[0][0].touches("interaction", "promise", "customer")


def test_a_long_write_reports_once_when_it_comes_back(qtbot, context) -> None:
    import json
    from datetime import date

    from journal_app.services.actions.moving import import_records
    from journal_app.services.demo import demo_document

    doc = json.loads(json.dumps(demo_document(date(2026, 11, 23))))
    per_record: list[tuple] = []
    heard: list[tuple] = []
    context.journal_changed.connect(lambda kind, ident: per_record.append((kind, ident)))
    context.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    results = []
    context.operate(lambda live, _operation: import_records(live, doc), results.append)
    assert len(results) == 1 and context.journal.customers.count() == 7
    assert len(per_record) == 1  # one refresh for the whole import, not one per record
    assert len(heard) == 1 and heard[0][0].whole_journal and heard[0][1] is None
    assert context.saves == 1
