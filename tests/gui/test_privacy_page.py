"""The Privacy page: retention policies and holds, erasing a customer after typed confirmation,
an access-request file, and the audit trail."""

from __future__ import annotations

import json

import pytest

from journal_app.journal.audit import AuditEvent, record_event
from journal_app.journal.records import Customer, Interaction
from journal_app.ui.models.privacy import (
    AuditTableModel,
    HoldTableModel,
    PolicyTableModel,
    RetentionItemModel,
)
from journal_app.ui.pages import privacy
from journal_app.ui.pages.privacy import PrivacyPage


def _page(qtbot, context):
    page = PrivacyPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _customer(journal, clock, name="Mrs Alice Patel", contact="07700 900123"):
    c = journal.customers.add(Customer(name=name, contact=contact, segment="key"))
    journal.interactions.add(Interaction(customer=c.id, at=clock.now.isoformat(),
                                         summary=f"{name} rang about her car", kind="complaint"))
    return c


def test_erase_needs_the_typed_confirmation(qtbot, context, clock):
    journal = context.journal
    c = _customer(journal, clock)
    page = _page(qtbot, context)
    panel = page.erase
    panel.customer.setCurrentIndex(panel.customer.findData(c.id))
    assert not panel.erase_button.isEnabled()
    assert c.pseudonym in panel.instructions.text()
    panel.confirm.setText("Customer Z")
    assert not panel.erase_button.isEnabled()  # the wrong pseudonym is not enough
    panel.confirm.setText(c.pseudonym)
    assert panel.erase_button.isEnabled()
    panel.erase_button.click()

    erased = journal.customers.get(c.id)
    assert erased.anonymised_at and "Patel" not in erased.name
    text = json.dumps([i.to_dict() for i in journal.interactions.all()])
    assert "Patel" not in text and "Alice" not in text
    assert context.seals == 1  # saved and old backups replaced off the GUI thread
    # The erased customer leaves the list; the audit trail shows the erasure without the name.
    assert panel.customer.findData(c.id) == -1
    events = [page.audit_model.row_at(r) for r in range(page.audit_model.rowCount())]
    assert any("eras" in e.event for e in events)
    assert "Patel" not in json.dumps([e.as_dict() for e in events])


def test_erase_with_erase_word_and_delete_linked(qtbot, context, clock):
    journal = context.journal
    c = _customer(journal, clock, name="Dan Smith")
    page = _page(qtbot, context)
    panel = page.erase
    panel.customer.setCurrentIndex(panel.customer.findData(c.id))
    panel.delete_linked.setChecked(True)
    panel.confirm.setText("erase")
    panel.erase_button.click()
    assert journal.interactions.count() == 0


def test_access_request_saves_what_is_held(qtbot, context, clock, tmp_path, monkeypatch):
    c = _customer(context.journal, clock)
    other = _customer(context.journal, clock, name="Someone Else", contact="")
    page = _page(qtbot, context)
    suggested = []

    def pick(parent, name):
        suggested.append(name)
        return tmp_path / "request.json"

    monkeypatch.setattr(privacy, "pick_access_export_path", pick)
    page.access_customer.setCurrentIndex(page.access_customer.findData(c.id))
    path = page.export_access_request()
    assert path == tmp_path / "request.json"
    assert "patel" not in suggested[0].lower() and c.pseudonym.split()[-1].lower() in suggested[0]
    document = json.loads(path.read_text("utf-8"))
    text = json.dumps(document)
    assert "Mrs Alice Patel" in text and other.name not in text


def test_policy_edit_and_unlock_setting(qtbot, context):
    from journal_app.services.privacy import retention

    page = _page(qtbot, context)
    panel = page.retention
    assert panel.policies.rowCount() == len(retention.get_policies(context.journal))
    panel.policy_table.selectRow(0)
    category = panel.policy_table.model().index(0, 0).data()
    panel.days.setValue(30)
    panel.action.setCurrentIndex(panel.action.findData("delete"))
    panel.save_policy.click()
    changed = {p.category: p for p in retention.get_policies(context.journal)}
    edited = next(p for p in changed.values() if category.lower() == p.category.replace("-", " ").lower())
    assert (edited.days, edited.action) == (30, "delete")
    panel.on_unlock.setCurrentIndex(panel.on_unlock.findData("auto"))
    panel.on_unlock.activated.emit(panel.on_unlock.currentIndex())
    assert retention.retention_on_unlock(context.journal) == "auto"


def test_add_and_remove_a_hold(qtbot, context, clock):
    from journal_app.services.privacy import retention

    c = _customer(context.journal, clock)
    page = _page(qtbot, context)
    page.tabs.setCurrentIndex(1)
    page.hold_subject.setCurrentIndex(page.hold_subject.findData(f"customer:{c.id}"))
    page.hold_reason.setText("End-point assessment")
    assert page.add_hold()
    [hold] = retention.list_holds(context.journal)
    assert hold.record_id == c.id and hold.reason == "End-point assessment"
    assert str(hold.until) == "2027-04-04"  # 180 days on from the journal's today, 6 October 2026
    assert page.hold_model.rowCount() == 1
    assert page.hold_table.model().index(0, 0).data() == "Mrs Alice Patel"
    page.hold_table.selectRow(0)
    assert page.remove_hold()
    assert retention.list_holds(context.journal) == []


def test_retention_preview_and_apply(qtbot, context, clock):
    c = _customer(context.journal, clock)
    page = _page(qtbot, context)
    assert page.preview_retention() == []
    assert "Nothing is due" in page.retention.plan_summary.text()
    clock.advance(days=3000)
    items = page.preview_retention()
    assert items and page.retention.apply_button.isEnabled()
    assert page.apply_retention()
    assert context.journal.customers.get(c.id).anonymised_at or not context.journal.customers.exists(c.id)


def test_clear_drops_everything(qtbot, context, clock):
    _customer(context.journal, clock)
    record_event(context.journal, "export", {"format": "pdf", "pseudonymised": True})
    page = _page(qtbot, context)
    assert page.audit_model.rowCount() >= 1
    page.clear()
    assert page.audit_model.rowCount() == 0 and page.erase.customer.count() <= 1
    assert page.access_customer.count() == 0


@pytest.mark.parametrize(
    "model_class", [AuditTableModel, HoldTableModel, PolicyTableModel, RetentionItemModel]
)
def test_models_pass_the_model_tester(qtmodeltester, model_class):
    from datetime import date

    from journal_app.journal.privacy import Hold
    from journal_app.services.privacy.retention import RetentionItem, RetentionPolicy

    model = model_class()
    rows = {
        AuditTableModel: [AuditEvent(1, "2026-10-06T17:00:00+01:00", "export", {"format": "pdf"})],
        HoldTableModel: [Hold("h1", "customer", "c1", "2027-01-01", "EPA", "2026-10-06")],
        PolicyTableModel: [RetentionPolicy("customer-identity", 365)],
        RetentionItemModel: [RetentionItem("customer", "c1", "customer-identity", "anonymise",
                                           date(2027, 1, 1),
                                           "Customer A: name and contact details")],
    }[model_class]
    model.set_rows(rows)
    qtmodeltester.check(model)


def _type(qtbot, widget, *lines):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # after what is there
    for n, line in enumerate(lines):
        if n:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        QTest.keyClicks(widget, line)


def test_never_hide_and_account_patterns_are_typed_and_saved(qtbot, context, shown_errors):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from journal_app.services.privacy.privacy_settings import id_patterns, never_hide
    from journal_app.services.privacy.redaction import Redactor

    page = _page(qtbot, context)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentWidget(page.redaction)
    panel = page.redaction
    _type(qtbot, panel.never_hide, "0113 496 0999", "Grace")
    _type(qtbot, panel.patterns, r"ORD-\d{6}")
    panel.save_button.setFocus()
    QTest.keyClick(panel.save_button, Qt.Key.Key_Space)
    assert shown_errors == []
    assert never_hide(context.journal) == ["0113 496 0999", "Grace"]
    assert id_patterns(context.journal) == [r"ORD-\d{6}"]
    assert "Saved" in panel.status.text()
    redacted = Redactor.for_journal(context.journal).redact("Ring 0113 496 0999 about ORD-123456")
    assert redacted == "Ring 0113 496 0999 about [account no]"

    # a pattern that matches ordinary text is refused in plain words, and nothing changes
    _type(qtbot, panel.patterns, "", r"\d+")
    panel.save_button.setFocus()
    QTest.keyClick(panel.save_button, Qt.Key.Key_Space)
    assert len(shown_errors) == 1 and "ordinary text" in str(shown_errors[0])
    assert id_patterns(context.journal) == [r"ORD-\d{6}"]


def test_access_request_can_leave_out_other_people(qtbot, context, clock, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from journal_app.journal.records import Evidence, Witness

    c = _customer(context.journal, clock)
    interaction = context.journal.interactions.all()[0]
    witness = Witness(name="Dave Supervisor", statement="Calm and clear")
    context.journal.evidence.add(Evidence(kind="witness-testimony", title="Complaint", at="2026-10-06",
                                          interactions=[interaction.id], witness=witness))
    page = _page(qtbot, context)
    page.show()
    qtbot.waitExposed(page)
    monkeypatch.setattr(privacy, "pick_access_export_path", lambda parent, name: tmp_path / name)
    page.access_customer.setCurrentIndex(page.access_customer.findData(c.id))
    path = page.export_access_request()
    assert "Dave Supervisor" in path.read_text("utf-8")
    assert "witness Dave Supervisor" in page.access_status.text()
    path.unlink()
    page.access_exclude.setFocus()
    QTest.keyClick(page.access_exclude, Qt.Key.Key_Space)
    assert page.access_exclude.isChecked()
    path = page.export_access_request()
    text = path.read_text("utf-8")
    assert "Dave Supervisor" not in text and "Calm and clear" not in text and "Mrs Alice Patel" in text
    assert "left out" in page.access_status.text()


def test_access_request_with_an_unreadable_file_asks_first(qtbot, context, clock, tmp_path, monkeypatch):
    from journal_app.journal.attachments import add_attachment, attachments_folder
    from journal_app.journal.records import Evidence
    from journal_app.ui.widgets import common

    c = _customer(context.journal, clock)
    visit = context.journal.interactions.add(Interaction(
        customer=c.id, at=clock.now.isoformat(), kind="service", summary="Delivered the van"))
    item = context.journal.evidence.add(Evidence(kind="document", title="Note", interactions=[visit.id]))
    item = add_attachment(context.journal, item.id, "note.txt", b"their note", "text/plain")
    context.journal.save()
    (attachments_folder(context.journal) / item.file.blob).unlink()
    questions = []
    answers = [False, True]

    def answer(parent, title, text):
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(common, "confirm", answer)
    monkeypatch.setattr(privacy, "pick_access_export_path", lambda parent, name: tmp_path / "request.json")
    page = _page(qtbot, context)
    page.access_customer.setCurrentIndex(page.access_customer.findData(c.id))
    assert page.export_access_request() is None
    assert item.id in questions[0] and not (tmp_path / "request.json").exists()
    assert "Nothing was saved" in page.access_status.text()
    assert page.export_access_request() == tmp_path / "request.json"
    document = json.loads((tmp_path / "request.json").read_text("utf-8"))
    assert [e["id"] for e in document["evidence"]] == [item.id]
