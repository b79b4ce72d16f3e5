"""The Promises page: filter by status and due date, close a promise in one step, add and edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journal_app.journal.records import Customer, Promise
from journal_app.ui.dialogs import promise_outcome
from journal_app.ui.models.promises import PromiseTableModel, promise_rows
from journal_app.ui.pages.promises import PromisesPage


def _page(qtbot, context):
    page = PromisesPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _texts(page: PromisesPage) -> list[str]:
    model = page.table.model()
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def _seed(journal):
    customer = journal.customers.add(Customer(name="Mrs A. Patel"))
    journal.promises.add(Promise(customer=customer.id, text="Call back with the delivery date",
                                 due="2026-10-06"))
    journal.promises.add(Promise(text="Send the brochure", due="2026-10-02"))
    journal.promises.add(Promise(text="Book the MOT", due="2026-10-20"))
    journal.promises.add(Promise(text="Chase the refund", due="2026-10-01", status="kept",
                                 closed_at="2026-10-01T10:00:00+01:00"))
    return customer


def test_mark_a_promise_kept_with_an_outcome_note(qtbot, context, monkeypatch):
    _seed(context.journal)
    page = _page(qtbot, context)
    asked = []

    def answer(parent, promise, today, status="kept"):
        asked.append(promise.text)
        return promise_outcome.Outcome("kept", "Rang her at 4pm, part arrives Friday")

    monkeypatch.setattr(promise_outcome, "ask_outcome", answer)
    page.show_record("promise", context.journal.promises.where(text="Call back with the delivery date")[0].id)
    qtbot.mouseClick(page.outcome_button, Qt.MouseButton.LeftButton)

    assert asked == ["Call back with the delivery date"]
    [kept] = context.journal.promises.where(text="Call back with the delivery date")
    assert kept.status == "kept" and kept.outcome == "Rang her at 4pm, part arrives Friday"
    assert kept.closed_at == "2026-10-06T17:00:00+01:00"
    assert context.saves == 1
    model = page.table.model()
    row = _texts(page).index("Call back with the delivery date")
    assert model.index(row, page.model.column_index("status")).data() == "Kept"
    assert not page.kept_button.isEnabled()  # a closed promise can't be closed again


def test_renegotiate_makes_a_new_open_promise(qtbot, context, monkeypatch):
    _seed(context.journal)
    page = _page(qtbot, context)
    monkeypatch.setattr(promise_outcome, "ask_outcome",
                        lambda *a, **k: promise_outcome.Outcome("renegotiated", "Agreed Friday",
                                                                "2026-10-09"))
    page.show_record("promise", context.journal.promises.where(text="Send the brochure")[0].id)
    assert page.record_outcome()
    both = context.journal.promises.where(text="Send the brochure")
    assert sorted((p.status, p.due) for p in both) == [("open", "2026-10-09"), ("renegotiated", "2026-10-02")]


def test_cancelling_the_dialog_changes_nothing(qtbot, context, monkeypatch):
    _seed(context.journal)
    page = _page(qtbot, context)
    monkeypatch.setattr(promise_outcome, "ask_outcome", lambda *a, **k: None)
    page.show_record("promise", context.journal.promises.where(text="Book the MOT")[0].id)
    assert not page.record_outcome()
    assert context.journal.promises.where(text="Book the MOT")[0].status == "open"
    assert context.saves == 0


def test_filters_by_status_and_due_date(qtbot, context):
    _seed(context.journal)
    page = _page(qtbot, context)
    assert sorted(_texts(page)) == ["Book the MOT", "Call back with the delivery date", "Send the brochure"]
    page.due.setCurrentIndex(page.due.findData("overdue"))
    assert _texts(page) == ["Send the brochure"]
    page.due.setCurrentIndex(page.due.findData("today"))
    assert _texts(page) == ["Call back with the delivery date"]
    page.due.setCurrentIndex(page.due.findData("any"))
    page.status.setCurrentIndex(page.status.findData("kept"))
    assert _texts(page) == ["Chase the refund"]
    page.status.setCurrentIndex(page.status.findData("all"))
    assert len(_texts(page)) == 4
    assert "1 overdue" in page.count.text()


def test_add_a_promise_from_the_form(qtbot, context, shown_errors):
    customer = _seed(context.journal)
    page = _page(qtbot, context)
    page.new_promise()
    page.form.buttons.accepted.emit()  # nothing typed yet
    assert shown_errors and "text" in str(shown_errors[0])
    assert context.journal.promises.count() == 4
    qtbot.keyClicks(page.form.text, "Text her when the car is ready")
    page.form.customer.setCurrentIndex(page.form.customer.findData(customer.id))
    page.form.buttons.accepted.emit()
    [new] = context.journal.promises.where(text="Text her when the car is ready")
    assert new.customer == customer.id and new.due == "2026-10-07" and new.status == "open"


def test_model_passes_the_model_tester(qtmodeltester, clock):
    model = PromiseTableModel()
    model.set_rows(promise_rows([Promise(text="a", due="2026-10-01"), Promise(text="b", due="2026-10-30",
                                                                           customer="c1")],
                                {"c1": "Mrs A. Patel"}, clock.now.date()))
    qtmodeltester.check(model)
    assert model.index(0, model.column_index("status")).data() == "Overdue"


def test_a_promise_closed_without_a_note_can_get_its_outcome_written(qtbot, context, monkeypatch):
    from journal_app.services.rules.reminders import compute_reminders

    _seed(context.journal)
    [refund] = context.journal.promises.where(text="Chase the refund")
    rules = {r.rule for r in compute_reminders(context.journal, context.now()) if r.subject.id == refund.id}
    assert "promise-closed-no-outcome" in rules
    page = _page(qtbot, context)
    monkeypatch.setattr(promise_outcome, "ask_outcome",
                        lambda parent, promise, today, status="kept": promise_outcome.Outcome(
                            status, "Refund reached her account on the 3rd"))
    page.show_record("promise", refund.id)
    assert page.outcome_button.isEnabled()
    page.outcome_button.click()

    stored = context.journal.promises.get(refund.id)
    assert stored.outcome == "Refund reached her account on the 3rd"
    assert (stored.status, stored.closed_at) == ("kept", "2026-10-01T10:00:00+01:00")
    rules = {r.rule for r in compute_reminders(context.journal, context.now()) if r.subject.id == refund.id}
    assert "promise-closed-no-outcome" not in rules


def test_ctrl_k_marks_the_chosen_promise_kept_without_asking(qtbot, context, monkeypatch):
    from PySide6.QtTest import QTest

    from tests.gui.keyboard_support import show_active

    _seed(context.journal)
    page = _page(qtbot, context)
    monkeypatch.setattr(promise_outcome, "ask_outcome", lambda *a, **k: pytest.fail("no dialog for Ctrl+K"))
    show_active(qtbot, page)
    page.show_record("promise", context.journal.promises.where(text="Book the MOT")[0].id)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)

    [kept] = context.journal.promises.where(text="Book the MOT")
    assert kept.status == "kept" and kept.outcome == ""
    assert context.saves == 1
    row = _texts(page).index("Book the MOT")
    assert page.table.model().index(row, page.model.column_index("status")).data() == "Kept"
