"""The export dialog: pseudonymised by default with a preview of what is hidden, a file written
in the background, an audit entry, and "Open the file" afterwards."""

from __future__ import annotations

from journal_app.journal.audit import events
from journal_app.journal.records import Customer, Interaction
from journal_app.ui.context import run_now
from journal_app.ui.dialogs import export_dialog
from journal_app.ui.dialogs.export_dialog import ExportDialog
from journal_app.ui.models.redaction_preview import RedactionLine, RedactionPreviewModel


def _seed(journal, clock):
    c = journal.customers.add(Customer(name="Mrs Alice Patel", contact="07700 900123"))
    journal.interactions.add(Interaction(
        customer=c.id, at=clock.now.isoformat(), kind="complaint",
        summary="Mrs Patel rang from 07700 900123 about AB12 CDE", criteria=[journal.criteria()[0][0]],
    ))
    return c


def _dialog(qtbot, context):
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_lists_what_will_be_hidden(qtbot, context, clock):
    _seed(context.journal, clock)
    dialog = _dialog(qtbot, context)
    assert dialog.pseudonymise.isChecked()  # on by default
    found = {line.found: line for line in dialog.preview_model.rows()}
    assert "07700 900123" in found and found["07700 900123"].becomes == "[phone]"
    assert "AB12 CDE" in found
    assert any("Patel" in text for text in found)
    dialog.pseudonymise.setChecked(False)
    assert not dialog.preview.isVisibleTo(dialog)
    assert "Real names" in dialog.format_note.text()


def test_export_from_the_dialog_produces_a_file(qtbot, context, clock, tmp_path, monkeypatch):
    _seed(context.journal, clock)
    dialog = _dialog(qtbot, context)
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: tmp_path / "pack")
    opened = []
    monkeypatch.setattr(export_dialog, "open_file", lambda path: opened.append(path) or True)
    assert dialog.start_export()

    out = tmp_path / "pack.html"
    assert dialog.written == out and out.exists()
    html = out.read_text("utf-8")
    assert "Patel" not in html and "07700 900123" not in html  # pseudonymised by default
    assert "Saved" in dialog.status.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    [event] = [e for e in events(context.journal) if e.event == "export"]
    assert event.details == {"format": "html", "pseudonymised": True}
    assert context.saves == 1
    dialog.open_button.click()
    assert opened == [out]


def test_json_keeps_real_names_and_says_so(qtbot, context, clock, tmp_path, monkeypatch):
    _seed(context.journal, clock)
    dialog = _dialog(qtbot, context)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert not dialog.pseudonymise.isEnabled()
    assert "real names" in dialog.format_note.text()
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: tmp_path / "backup.json")
    assert dialog.start_export()
    assert "Mrs Alice Patel" in (tmp_path / "backup.json").read_text("utf-8")
    # The learner's own complete copy only reads the journal (as from the command line).
    assert not [e for e in events(context.journal) if e.event == "export"]


def test_cancel_writes_nothing_and_audits_nothing(qtbot, context, clock, tmp_path, monkeypatch):
    _seed(context.journal, clock)
    dialog = _dialog(qtbot, context)
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: tmp_path / "pack.pdf")

    def cancel_first(work, on_done=None, on_error=None):
        dialog.cancel_button.click()  # the learner presses Cancel while it runs
        run_now(work, on_done, on_error)

    context.run_in_background = cancel_first
    dialog.start_export()
    assert "cancelled" in dialog.status.text().lower()
    assert not (tmp_path / "pack.pdf").exists()
    assert not [e for e in events(context.journal) if e.event == "export"]
    assert not dialog.open_button.isEnabled()


def test_dates_the_wrong_way_round_are_refused(qtbot, context, shown_errors, monkeypatch):
    dialog = _dialog(qtbot, context)
    dialog.start.set_value("2026-10-10")
    dialog.end.set_value("2026-10-01")
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: None)
    assert not dialog.start_export()
    assert "after" in str(shown_errors[0])


def test_preview_model_passes_the_model_tester(qtmodeltester):
    model = RedactionPreviewModel()
    model.set_rows([RedactionLine("07700 900123", "phone", "[phone]", 2),
                    RedactionLine("Patel", "name", "Customer A", 1)])
    qtmodeltester.check(model)


def test_the_save_dialog_starts_in_documents_with_the_formats_filter(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(tmp_path / "Documents"))
    start, filters = export_dialog.save_start("evidence-pack-2026-10-06.docx")
    assert start == str(tmp_path / "Documents" / "evidence-pack-2026-10-06.docx")
    assert filters.split(";;") == ["Word (*.docx)", "All files (*)"]
    assert export_dialog.save_start("pack.pdf")[1].startswith("PDF (*.pdf);;")


def test_the_dialog_asks_with_the_chosen_format(qtbot, context, clock, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: asked.append((start, filters)) or ("", ""))
    _seed(context.journal, clock)
    dialog = _dialog(qtbot, context)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert not dialog.start_export()
    [(start, filters)] = asked
    assert start.endswith(".csv") and filters.startswith("Spreadsheet tables (*.csv)")


def test_names_to_be_replaced_are_in_the_preview_even_when_the_text_has_none(qtbot, context, clock):
    customer = context.journal.customers.add(Customer(name="Mr Bob Hughes"))
    context.journal.interactions.add(Interaction(customer=customer.id, at=clock.now.isoformat(),
                                                 kind="enquiry", summary="Asked about opening hours"))
    dialog = _dialog(qtbot, context)
    [line] = dialog.preview_model.rows()
    code = context.journal.customers.get(customer.id).pseudonym
    assert code and (line.found, line.becomes) == ("Mr Bob Hughes", code)
    assert "No names" not in dialog.preview_label.text()
    assert "1 different detail" in dialog.preview_label.text()


def _unreadable_file(journal):
    from journal_app.journal.attachments import add_evidence_file, attachments_folder

    item = add_evidence_file(journal, "receipt.txt", b"signed by the manager", "text/plain")
    journal.save()
    (attachments_folder(journal) / item.file.blob).unlink()
    return item


def test_json_with_an_unreadable_file_asks_before_writing(qtbot, context, clock, tmp_path, monkeypatch):
    from journal_app.ui.widgets import common

    _seed(context.journal, clock)
    item = _unreadable_file(context.journal)
    questions, answers = [], [False, True]

    def answer(parent, title, text):
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(common, "confirm", answer)
    dialog = _dialog(qtbot, context)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    out = tmp_path / "backup.json"
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: out)

    assert dialog.start_export()  # "No": nothing written, nothing noted
    assert item.id in questions[0] and "Nothing has been written yet" in questions[0]
    assert not out.exists() and "Nothing was exported" in dialog.status.text()
    assert not [e for e in events(context.journal) if e.event == "export"]

    assert dialog.start_export()  # "Yes": written without that file
    assert len(questions) == 2 and out.exists()
    import json

    [entry] = [e for e in json.loads(out.read_text("utf-8"))["evidence"] if e["id"] == item.id]
    assert "data_base64" not in entry["file"]


def test_the_pack_is_the_journal_as_it_was_when_the_export_started(
        qtbot, context, clock, tmp_path, monkeypatch):
    """The export runs on a worker from a snapshot: an interaction logged while it runs is in
    the journal, not half-in the pack."""
    _seed(context.journal, clock)
    waiting = []
    context.run_in_background = lambda work, done, failed: waiting.append((work, done, failed))
    dialog = _dialog(qtbot, context)
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    monkeypatch.setattr(export_dialog, "pick_export_path", lambda parent, name: tmp_path / "pack.html")
    waiting.clear()  # the redaction preview's own worker
    assert dialog.start_export()
    [(work, done, failed)] = waiting
    context.journal.interactions.add(Interaction(
        at=clock.now.isoformat(), kind="enquiry", summary="Logged while the pack was written"))
    run_now(work, done, failed)
    html = (tmp_path / "pack.html").read_text("utf-8")
    assert "Mrs Patel rang" not in html and "rang from [phone]" in html  # the snapshot's entry
    assert "Logged while the pack was written" not in html
    assert dialog.written == tmp_path / "pack.html"
    assert len(context.journal.interactions.all()) == 2
