"""Importing an interchange file from the Journal menu: confirmed, all or nothing."""

from __future__ import annotations

import json
from datetime import date


def _use_file(monkeypatch, path):
    from journal_app.ui.dialogs import import_file

    monkeypatch.setattr(import_file, "pick_import_file", lambda parent: path)


def test_import_from_the_menu_adds_the_records_after_asking(shell, dialogs, monkeypatch, tmp_path, qtbot):
    from journal_app.journal.audit import events
    from journal_app.services.demo import demo_document

    path = tmp_path / "placement.json"
    path.write_text(json.dumps(demo_document(date(2026, 11, 23))), "utf-8")
    _use_file(monkeypatch, path)
    shell.show()
    shell.show_page("customers")
    shell.import_action.trigger()

    journal = shell.context.journal
    assert dialogs.questions[0] == "Import this file?"
    assert journal.customers.count() == 7 and journal.interactions.count() == 14
    assert "Imported" in dialogs.questions  # the summary was shown
    assert [e.event for e in events(journal)][-1] == "import"
    # the page shows them once the burst of changes is over
    qtbot.waitUntil(lambda: shell.pages["customers"].table.model().rowCount() == 7)
    assert dialogs.errors == []


def test_saying_no_imports_nothing(shell, dialogs, monkeypatch, tmp_path):
    from journal_app.services.demo import demo_document

    path = tmp_path / "placement.json"
    path.write_text(json.dumps(demo_document(date(2026, 11, 23))), "utf-8")
    _use_file(monkeypatch, path)
    dialogs.confirm_answer = False
    shell.import_action.trigger()
    assert shell.context.journal.customers.count() == 0


def test_a_refused_file_says_where_and_changes_nothing(shell, dialogs, monkeypatch, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "format": "placement-journal", "version": 1,
        "customers": [{"id": "c1", "name": "Mrs A. Patel", "kind": "external", "segment": "key"}],
        "feedback": [{"id": "f1", "customer": "c1", "at": "2026-10-05T12:00:00+01:00",
                      "source": "customer", "nps": 11}],
    }), "utf-8")
    _use_file(monkeypatch, path)
    shell.import_action.trigger()
    [error] = dialogs.errors
    assert "feedback[0].nps" in str(error)
    assert shell.context.journal.customers.count() == 0


def test_a_file_that_is_not_json_gets_a_plain_message(shell, dialogs, monkeypatch, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("this is not { json", "utf-8")
    _use_file(monkeypatch, path)
    shell.import_action.trigger()
    [error] = dialogs.errors
    assert "JSON" in str(error) or "json" in str(error)


def test_a_criteria_file_from_a_tutor_adds_a_framework(shell, dialogs, monkeypatch, tmp_path):
    path = tmp_path / "retail-unit.json"
    path.write_text(json.dumps({"id": "retail-unit", "title": "Retail customer service", "criteria": [
        {"code": "1.1", "text": "Greet customers"}, {"code": "1.2", "text": "Find out what they need"}]}),
        "utf-8")
    _use_file(monkeypatch, path)
    shell.import_action.trigger()
    assert dialogs.questions[0] == "Add these criteria?"
    refs = [ref for ref, _c in shell.context.journal.criteria()]
    assert "retail-unit:1.2" in refs and dialogs.errors == []


def test_cancel_while_importing_leaves_the_journal_as_it_was(shell, dialogs, monkeypatch, tmp_path, qtbot):
    """The import runs on a worker behind a progress dialog with Cancel: pressed (Escape, as
    from the keyboard) before the worker finishes, nothing is imported and the learner is
    told so in plain words."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from journal_app.journal.audit import events
    from journal_app.services.demo import demo_document
    from journal_app.ui.context import run_now

    path = tmp_path / "placement.json"
    path.write_text(json.dumps(demo_document(date(2026, 11, 23))), "utf-8")
    _use_file(monkeypatch, path)
    waiting = []
    shell.context.run_in_background = lambda work, done, failed: waiting.append((work, done, failed))
    shell.show()
    shell.import_action.trigger()
    run_now(*waiting.pop())  # reading the file
    assert dialogs.questions == ["Import this file?"]
    [(work, done, failed)] = waiting  # the import itself, not started yet
    [progress] = [d for d in shell.findChildren(QProgressDialog) if not d.wasCanceled()]
    progress.show()
    qtbot.waitExposed(progress)
    # A window-modal dialog is the active window once shown (the window manager sees to it);
    # until it is, where a key lands depends on which window earlier tests left active.
    progress.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is progress)
    QTest.keyClick(progress, Qt.Key.Key_Escape)
    run_now(work, done, failed)

    journal = shell.context.journal
    assert journal.customers.count() == 0 and journal.interactions.count() == 0
    assert "import" not in [e.event for e in events(journal)]
    assert dialogs.questions[-1] == "Import cancelled" and dialogs.errors == []
    assert not progress.isVisible()


def test_the_progress_dialog_follows_the_import(shell, dialogs, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QProgressDialog

    from journal_app.services.demo import demo_document
    from journal_app.ui.context import run_now

    path = tmp_path / "placement.json"
    path.write_text(json.dumps(demo_document(date(2026, 11, 23))), "utf-8")
    _use_file(monkeypatch, path)
    waiting = []
    shell.context.run_in_background = lambda work, done, failed: waiting.append((work, done, failed))
    shell.import_action.trigger()
    run_now(*waiting.pop())
    [progress] = shell.findChildren(QProgressDialog)
    seen = []
    progress.canceled.connect(lambda: seen.append("cancelled"))
    work, done, failed = waiting.pop()
    original = progress.setValue
    monkeypatch.setattr(progress, "setValue", lambda value: (seen.append((value, progress.maximum())),
                                                              original(value)))
    run_now(work, done, failed)
    assert "Imported" in dialogs.questions and "cancelled" not in seen
    assert seen[0] == (0, seen[-1][1]) and seen[-1][0] == seen[-1][1] > 20  # from nothing to all of it
