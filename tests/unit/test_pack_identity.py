"""The details an evidence pack's cover and sign-off need: the learner's ULN, programme code,
employer and IQA, a witness's relationship and signing date, and imported entries' dates."""

from __future__ import annotations

import pytest

from journal_app.errors import ImportRefused, InvalidRecord
from journal_app.journal.records import Learner, Witness
from journal_app.services.exchange.interchange import import_document
from journal_app.services.export.gather import changed_fields, chosen_frameworks


def test_a_uln_is_ten_digits_and_spaces_are_dropped():
    assert Learner.from_dict({"uln": "123 456 7890"}).uln == "1234567890"
    assert Learner.from_dict({}).uln == ""
    for bad in ("12345", "12345678901", "ABCDEFGHIJ", "１２３４５６７８９０"):
        with pytest.raises(InvalidRecord) as raised:
            Learner.from_dict({"uln": bad}, "learner")
        assert raised.value.path == "learner.uln"
        assert "ten digits" in str(raised.value)


def test_the_new_learner_and_witness_fields_are_optional_with_empty_defaults():
    learner = Learner.from_dict({"name": "Sam"})
    assert (learner.programme_code, learner.employer, learner.iqa) == ("", "", "")
    witness = Witness.from_dict({"name": "Dave"})
    assert witness.relationship == "" and witness.signed_on is None


def test_an_import_refuses_a_bad_signing_date_or_record_date_by_its_path(memory_journal):
    doc = {"format": "placement-journal", "version": 1, "evidence": [
        {"id": "e1", "kind": "witness-testimony", "witness": {"name": "Dave", "signed_on": "last Tuesday"}}]}
    with pytest.raises(ImportRefused) as raised:
        import_document(memory_journal, doc)
    assert "evidence[0].witness.signed_on" in str(raised.value)
    doc = {"format": "placement-journal", "version": 1, "interactions": [
        {"id": "i1", "at": "2026-10-01T09:00:00+01:00", "created_at": "2026-10-01 09:00"}]}
    with pytest.raises(ImportRefused) as raised:
        import_document(memory_journal, doc)
    assert "interactions[0].created_at" in str(raised.value)
    assert memory_journal.interactions.count() == 0


def test_changed_fields_names_nested_fields_and_ignores_bookkeeping():
    before = {"id": "i1", "summary": "a", "star": {"situation": "x", "result": ""}, "updated_at": "t1",
              "criteria": ["u:1"]}
    after = {"id": "i1", "summary": "b", "star": {"situation": "x", "result": "done"}, "updated_at": "t2",
             "criteria": ["u:1"]}
    assert changed_fields(before, after) == ["summary", "star.result"]
    assert changed_fields({"complaint": None},
                          {"complaint": {"assure": "ok", "act": ""}}) == ["complaint.assure"]


def test_a_built_in_framework_counts_as_chosen_only_when_picked_or_used(memory_journal):
    assert chosen_frameworks(memory_journal, None) == ([("crm-unit", "Customer relationships")], False)
    memory_journal.set_setting("criteria.framework", "crm-unit")
    assert chosen_frameworks(memory_journal, None) == ([("crm-unit", "Customer relationships")], True)


def test_the_learner_form_takes_the_new_details_by_keyboard(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from journal_app.ui.widgets.learner_form import ULN_WRONG, LearnerForm

    form = LearnerForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.name.setFocus()
    qtbot.waitUntil(form.name.hasFocus)
    for text in ("Sam Learner", "\t", "123 456 7890", "\t", "Customer Service", "\t", "ST0072", "\t",
                 "Northside Motors Ltd"):
        focused = QApplication.focusWidget()
        if text == "\t":
            QTest.keyClick(focused, Qt.Key.Key_Tab)
        else:
            QTest.keyClicks(focused, text)
    form.iqa.setFocus()
    qtbot.waitUntil(form.iqa.hasFocus)
    QTest.keyClicks(form.iqa, "Rita Quality")
    learner = form.learner()
    typed = (learner.name, learner.uln, learner.programme, learner.programme_code, learner.employer,
             learner.iqa)
    assert typed == ("Sam Learner", "1234567890", "Customer Service", "ST0072", "Northside Motors Ltd",
                     "Rita Quality")
    assert form.problem() is None
    form.set_learner(learner)
    assert form.uln.text() == "1234567890" and form.iqa.text() == "Rita Quality"
    QTest.keyClick(form.uln, Qt.Key.Key_Backspace)
    assert form.problem() == ULN_WRONG
    fields = (form.uln, form.programme_code, form.employer, form.iqa)
    labels = [form.form.labelForField(w).text() for w in fields]
    letters = [t[t.index("&") + 1].lower() for t in labels]
    assert len(set(letters)) == 4
