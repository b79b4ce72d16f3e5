"""The main window: every page, search, saving in the background, geometry, routing records."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from tests.gui.shell_support import quick_log


def test_sidebar_hosts_all_ten_pages(shell):
    from journal_app.ui.main_window import PAGES
    from journal_app.ui.pages.base import Page

    titles = [shell.sidebar.item(n).text() for n in range(shell.sidebar.count())]
    assert titles == ["Today", "Interactions", "Customers", "Promises", "Evidence", "Plans & reviews",
                      "Hours", "Insights", "Privacy", "Settings"]
    for spec in PAGES:
        page = shell.show_page(spec.name)
        assert isinstance(page, Page)
        assert type(page).__name__ == spec.cls
        assert shell.stack.currentWidget() is page
    assert shell.current_page_name() == "settings"


def test_saves_in_the_background_and_says_so(qtbot, saved_journal, clock, dialogs):
    from journal_app.journal.journal import Journal
    from journal_app.ui.background import BackgroundRunner
    from journal_app.ui.context import AppContext
    from journal_app.ui.main_window import MainWindow

    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    window = MainWindow(AppContext(journal, clock=clock, run_in_background=BackgroundRunner()))
    qtbot.addWidget(window)
    window.new_interaction()
    assert quick_log(window.pages["interactions"].editor, "Logged while saving runs elsewhere")
    assert window.save_label.text() == "Saving…"
    qtbot.waitUntil(lambda: window.save_label.text() == "Saved", timeout=10_000)
    assert not journal.dirty
    window.lock()
    reopened = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    try:
        assert reopened.interactions.count() == 1
    finally:
        reopened.close()


def test_a_failed_save_keeps_the_data_and_says_so(shell, monkeypatch):
    from journal_app.errors import SaveFailed

    journal = shell.context.journal

    def refuse(data):
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(journal, "write_snapshot", refuse)
    shell.new_interaction()
    assert quick_log(shell.pages["interactions"].editor, "Written while the disk is full")
    shell.saver.save_now()
    assert "disk is full" in shell.save_label.text()
    assert journal.dirty and journal.interactions.count() == 1
    monkeypatch.undo()
    shell.saver.save_now()
    assert shell.save_label.text() == "Saved"


def test_global_search_opens_the_record(shell, qtbot):
    from journal_app.ui.dialogs.search import SearchDialog

    shell.new_interaction()
    interaction_id = quick_log(shell.pages["interactions"].editor, "Customer asked about the warranty")
    dialog = SearchDialog(shell.context, shell)
    qtbot.addWidget(dialog)
    dialog.query.setText("warrant")
    dialog.run_search()
    assert dialog.model.rowCount() == 1
    assert "1 match" in dialog.status.text()
    dialog.query.setText("nothing like this")
    dialog.run_search()
    assert dialog.model.rowCount() == 0 and "Nothing matches" in dialog.status.text()
    dialog.query.setText("warranty")
    dialog._enter()
    assert shell.current_page_name() == "interactions"
    assert shell.pages["interactions"].editing
    assert shell.pages["interactions"].editor.form.editing.id == interaction_id
    assert dialog.model.rowCount() == 0  # nothing left in the closed dialog


def test_shortcuts_are_wired(shell):
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in shell.actions()}
    assert shortcuts["New interaction"] == "Ctrl+N"
    assert shortcuts["Search…"] == "Ctrl+F"
    assert shortcuts["Lock"] == "Ctrl+L"
    shell.new_action.trigger()
    assert shell.current_page_name() == "interactions" and shell.pages["interactions"].editing


def test_window_geometry_is_remembered(qtbot, saved_journal, clock, dialogs):
    from journal_app.journal.journal import Journal
    from journal_app.ui.context import AppContext
    from journal_app.ui.main_window import MainWindow

    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    window = MainWindow(AppContext(journal, clock=clock))
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 540)
    window.lock()
    journal = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    again = MainWindow(AppContext(journal, clock=clock))
    qtbot.addWidget(again)
    again.show()
    try:
        assert (again.width(), again.height()) == (760, 540)
    finally:
        again.lock()


def test_closing_the_window_saves_and_releases_the_journal(shell, saved_journal, clock):
    from journal_app.journal.journal import Journal

    shell.new_interaction()
    shell.pages["interactions"].editor.form.summary.setPlainText("Typed but not saved yet")
    shell.close()
    assert shell.is_locked
    reopened = Journal.open(saved_journal, PASSPHRASE, clock=clock)
    try:
        from journal_app.services.actions.drafts import stored_draft

        assert stored_draft(reopened)["summary"] == "Typed but not saved yet"
    finally:
        reopened.close()


def test_reminders_about_things_that_are_not_records_open_the_right_page(shell):
    """A criterion with no evidence, a day with nothing logged, hours behind, a review due."""
    from journal_app.journal.records import Objective

    shell.open_record("criterion", "crm-unit:1.1")
    assert shell.current_page_name() == "evidence" and shell.pages["evidence"].tabs.currentIndex() == 1
    shell.open_record("day", "2026-10-05")
    hours = shell.pages["hours"]
    assert shell.current_page_name() == "hours" and hours.date.date().toString("yyyy-MM-dd") == "2026-10-05"
    shell.open_record("placement", "off-the-job-hours")
    assert hours.off_the_job.isChecked()
    objective = shell.context.journal.objectives.add(Objective(specific="Raise CSAT", metric="CSAT"))
    shell.open_record("objective-review", objective.id)
    assert shell.current_page_name() == "plans" and shell.pages["plans"].tabs.currentIndex() == 1
