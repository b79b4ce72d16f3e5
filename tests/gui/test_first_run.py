"""First run: location, passphrase with strength and confirmation, recovery key typed back, profile."""

from __future__ import annotations

from journal_app.ui.dialogs.first_run import CHECK_GROUP

STRONG = "purple tractors sing at dawn"


def _wizard(qtbot, clock):
    from journal_app.ui.dialogs.first_run import FirstRunWizard

    wizard = FirstRunWizard(clock=clock)
    qtbot.addWidget(wizard)
    created = []
    wizard.created.connect(created.append)
    wizard.show()
    return wizard, created


def test_first_run_creates_a_journal_with_profile_and_criteria(qtbot, tmp_path, clock):
    from journal_app.journal.journal import Journal

    wizard, created = _wizard(qtbot, clock)
    assert wizard.currentPage() is wizard.welcome
    wizard.next()
    path = tmp_path / "mine.pjournal"
    wizard.location.path_edit.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase

    fields = wizard.passphrase.fields
    fields.first.setText("short")
    assert fields.meter.score == 0 and "Too short" in fields.meter.advice.text()
    fields.first.setText("password1")
    fields.second.setText("password1")
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase  # refused: too easy to guess
    assert "too easy" in wizard.passphrase.error_label.text()
    assert not path.exists()

    fields.first.setText(STRONG)
    fields.second.setText(STRONG + "!")
    wizard.next()
    assert "different" in wizard.passphrase.error_label.text()
    fields.second.setText(STRONG)
    wizard.next()
    assert path.exists()
    assert wizard.currentPage() is wizard.key_page

    key = wizard.key_page.key_view.key()
    assert len(key.split("-")) == 8
    assert not wizard.key_page.isComplete()
    wizard.key_page.written.setChecked(True)
    wizard.key_page.check_edit.setText("WRONG")
    assert not wizard.key_page.isComplete()
    wizard.key_page.check_edit.setText(key.split("-")[CHECK_GROUP - 1].lower())
    assert wizard.key_page.isComplete()
    wizard.next()

    profile = wizard.profile
    profile.name.setText("Sam Learner")
    profile.programme.setText("Level 2 Customer Service")
    profile.target.setValue(120)
    wizard.next()
    assert wizard.framework.list.count() >= 1
    wizard.accept()

    assert len(created) == 1
    journal = created[0]
    journal.close()
    reopened = Journal.open(path, STRONG)
    try:
        learner = reopened.learner()
        assert learner.name == "Sam Learner" and learner.off_the_job_target_hours == 120
        assert reopened.criteria()  # the chosen framework is there
    finally:
        reopened.close()
    # the passphrase is not left in the wizard's fields
    assert fields.first.text() == "" and fields.second.text() == ""


def test_an_existing_file_is_never_overwritten(qtbot, tmp_path, clock):
    wizard, _created = _wizard(qtbot, clock)
    existing = tmp_path / "taken.pjournal"
    existing.write_bytes(b"something precious")
    wizard.next()
    wizard.location.path_edit.setText(str(existing))
    wizard.next()
    assert wizard.currentPage() is wizard.location
    assert "already exists" in wizard.location.error_label.text()
    assert existing.read_bytes() == b"something precious"


def test_leaving_after_the_key_keeps_a_working_journal(qtbot, tmp_path, clock):
    from journal_app.journal.journal import Journal

    wizard, created = _wizard(qtbot, clock)
    wizard.next()
    path = tmp_path / "half.pjournal"
    wizard.location.path_edit.setText(str(path))
    wizard.next()
    wizard.passphrase.fields.first.setText(STRONG)
    wizard.passphrase.fields.second.setText(STRONG)
    wizard.next()
    wizard.reject()
    assert created == []
    Journal.open(path, STRONG).close()
