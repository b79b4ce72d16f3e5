"""Logging an interaction: the quick log with a promise, refusals, the complaint section, drafts."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import PASSPHRASE
from tests.gui.shell_support import quick_log


def test_quick_log_with_a_new_customer_and_a_promise(shell, clock):
    shell.new_interaction()
    page = shell.pages["interactions"]
    assert page.editing
    interaction_id = quick_log(page.editor, "Asked when her car would be ready", customer="Mrs Patel",
                               promise="Ring her back with the repair date")
    assert interaction_id
    journal = shell.context.journal
    interaction = journal.interactions.get(interaction_id)
    customer = journal.customers.get(interaction.customer)
    assert customer.name == "Mrs Patel"
    [promise] = journal.promises.all()
    assert promise.text == "Ring her back with the repair date"
    assert promise.interaction == interaction_id and promise.customer == customer.id
    assert promise.due == (clock.now + timedelta(days=1)).date().isoformat()
    assert interaction.at.startswith(clock.now.date().isoformat())
    # back on the list, the new entry is shown and selected
    assert not page.editing
    assert page.selected_id() == interaction_id
    assert page.model.rowCount() == 1


def test_an_empty_summary_is_refused_and_nothing_is_written(shell):
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    assert quick_log(editor, "   ", promise="Send the brochure") is None
    assert "summary" in editor.error_label.text()
    assert not editor.error_label.isHidden()
    journal = shell.context.journal
    assert journal.interactions.count() == 0 and journal.promises.count() == 0


def test_new_customer_needs_a_name(shell):
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    editor.form.what_happened.start_new_customer()
    assert quick_log(editor, "Walk-in enquiry") is None
    assert "name" in editor.error_label.text()
    assert shell.context.journal.customers.count() == 0


def test_complaint_and_offer_sections_follow_the_kind(shell):
    shell.new_interaction()
    form = shell.pages["interactions"].editor.form
    form.kind.setCurrentIndex(form.kind.findData("complaint"))
    assert not form.complaint.isHidden() and form.offer.isHidden()
    form.kind.setCurrentIndex(form.kind.findData("sale"))
    assert form.complaint.isHidden() and not form.offer.isHidden()


def test_complaint_four_as_and_star_are_saved(shell):
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    form = editor.form
    form.complaint.four_as["acknowledge"].setPlainText("Repeated back the problem")
    form.reflection.star["result"].setPlainText("Customer calmer, accepted a courtesy car")
    form.reflection.techniques["active listening"].setChecked(True)
    interaction_id = quick_log(editor, "Car not ready on time", kind="complaint")
    stored = shell.context.journal.interactions.get(interaction_id)
    assert stored.complaint.acknowledge == "Repeated back the problem"
    assert stored.star.result.startswith("Customer calmer")
    assert stored.techniques == ["active listening"]


def test_editing_keeps_history_and_shows_existing_promises(shell):
    shell.new_interaction()
    page = shell.pages["interactions"]
    interaction_id = quick_log(page.editor, "Phone enquiry", promise="Email the price list")
    assert page.show_record("interaction", interaction_id)
    assert "Email the price list" in page.editor.form.promises.existing.text()
    page.editor.form.reflection.differently.setPlainText("Next time I'd confirm the email address")
    assert page.editor.save() == interaction_id
    journal = shell.context.journal
    assert journal.interactions.get(interaction_id).reflection.startswith("Next time")
    assert len(journal.interactions.history(interaction_id)) == 1
    assert journal.promises.count() == 1  # no duplicate promise from editing


def test_unsaved_entry_survives_a_lock_as_a_draft_inside_the_journal(shell, saved_journal, clock, tmp_path):
    from journal_app.journal.journal import Journal
    from journal_app.ui.context import AppContext
    from journal_app.ui.main_window import MainWindow

    shell.new_interaction()
    form = shell.pages["interactions"].editor.form
    form.summary.setPlainText("Half-typed entry about a refund")
    form.promise_rows[0].text.setText("Check the refund went through")
    assert shell.lock()
    # nothing was written beside the journal in plain text
    assert sorted(p.name for p in tmp_path.iterdir() if "refund" in p.read_bytes().decode("latin-1")) == []

    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    window = MainWindow(AppContext(journal, clock=clock))
    try:
        window.new_interaction()
        editor = window.pages["interactions"].editor
        assert editor.form.summary.toPlainText() == "Half-typed entry about a refund"
        assert editor.form.promise_rows[0].text.text() == "Check the refund went through"
        assert not editor.banner.isHidden()
        assert editor.save()
        from journal_app.services.actions.drafts import stored_draft

        assert stored_draft(journal) is None
        assert journal.promises.count() == 1
    finally:
        window.lock()


def test_cancel_asks_before_throwing_work_away(shell, dialogs):
    shell.new_interaction()
    page = shell.pages["interactions"]
    page.editor.form.summary.setPlainText("Something worth keeping")
    dialogs.confirm_answer = False
    page.editor.cancel()
    assert page.editing and dialogs.questions
    dialogs.confirm_answer = True
    page.editor.cancel()
    assert not page.editing
    assert shell.context.journal.interactions.count() == 0


def test_a_file_attached_in_the_editor_becomes_linked_evidence(shell, monkeypatch, tmp_path):
    from journal_app.journal.attachments import read_attachment
    from journal_app.ui.widgets import attachment_panel

    photo = tmp_path / "thank-you-card.png"
    photo.write_bytes(b"\x89PNG card")
    monkeypatch.setattr(attachment_panel, "pick_file_to_attach", lambda parent: photo)
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    editor.attach_button.click()
    assert "thank-you-card.png" in editor.attached_label.text()

    interaction_id = quick_log(editor, "Customer brought in a thank-you card")
    assert interaction_id
    journal = shell.context.journal
    [item] = journal.evidence.all()
    assert (item.kind, item.interactions) == ("photo", [interaction_id])
    assert read_attachment(journal, item.id) == b"\x89PNG card"
    assert editor.pending_files == [] and editor.attached_label.text() == ""
