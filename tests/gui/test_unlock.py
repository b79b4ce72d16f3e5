"""Unlocking: wrong then right, in a background thread; recovery key; a damaged file's backup."""

from __future__ import annotations

from tests.conftest import PASSPHRASE


def _window(qtbot, path, clock, runner=None):
    from journal_app.ui.context import run_now
    from journal_app.ui.dialogs.unlock import UnlockWindow

    window = UnlockWindow(path, runner or run_now, clock)
    qtbot.addWidget(window)
    opened = []
    window.unlocked.connect(opened.append)
    return window, opened


def test_wrong_passphrase_then_right_one_off_the_gui_thread(qtbot, saved_journal, clock):
    from journal_app.ui.background import BackgroundRunner

    window, opened = _window(qtbot, saved_journal, clock, BackgroundRunner())
    window.passphrase.setText("not my passphrase")
    window.unlock()
    assert not window.busy.isHidden()  # the key derivation runs elsewhere; the window shows it's busy
    qtbot.waitUntil(lambda: window.busy.isHidden(), timeout=10_000)
    assert "doesn't unlock this journal" in window.error_label.text()
    assert opened == []

    window.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.unlock()
    journal = opened[0]
    try:
        assert journal.path == saved_journal
        assert window.passphrase.text() == ""  # not kept in the window
        assert window.error_label.isHidden()
    finally:
        journal.close()


def test_empty_passphrase_is_explained(qtbot, saved_journal, clock):
    window, opened = _window(qtbot, saved_journal, clock)
    window.unlock()
    assert "Type your passphrase" in window.error_label.text()
    assert opened == []


def test_recovery_key_sets_a_new_passphrase(qtbot, tmp_path, clock):
    from journal_app.journal.journal import Journal

    path = tmp_path / "j.pjournal"
    journal, key = Journal.create(path, PASSPHRASE, clock=clock)
    journal.close()
    window, opened = _window(qtbot, path, clock)
    window.recovery_link.click()
    assert window.modes.currentIndex() == 1
    window.recovery_key.setText(key.replace("-", " ").lower())
    window.new_passphrase.setText("a brand new sentence")
    window.repeat_passphrase.setText("a different sentence")
    window.unlock_with_recovery()
    assert "different" in window.error_label.text() and opened == []

    window.repeat_passphrase.setText("a brand new sentence")
    window.unlock_with_recovery()
    assert len(opened) == 1
    opened[0].close()
    Journal.open(path, "a brand new sentence").close()


def test_recovery_key_typo_is_located(qtbot, tmp_path, clock):
    from journal_app.journal.journal import Journal

    path = tmp_path / "j.pjournal"
    journal, key = Journal.create(path, PASSPHRASE, clock=clock)
    journal.close()
    window, opened = _window(qtbot, path, clock)
    window.recovery_link.click()
    groups = key.split("-")
    groups[2] = groups[2][:4] + ("A" if groups[2][4] != "A" else "B")
    window.recovery_key.setText("-".join(groups))
    window.new_passphrase.setText("a brand new sentence")
    window.repeat_passphrase.setText("a brand new sentence")
    window.unlock_with_recovery()
    assert "Group 3" in window.error_label.text()
    assert opened == []


def test_damaged_journal_offers_the_newest_good_backup(qtbot, tmp_path, clock):
    from journal_app.journal.journal import Journal
    from journal_app.journal.records import Customer

    path = tmp_path / "j.pjournal"
    journal, _key = Journal.create(path, PASSPHRASE, clock=clock)
    journal.customers.add(Customer(name="Saved before the damage"))
    journal.save()
    journal.close()
    journal = Journal.open(path, PASSPHRASE, clock=clock)
    journal.customers.add(Customer(name="Second"))
    journal.save()  # the first save of a session backs up the file as it was
    journal.close()
    data = bytearray(path.read_bytes())
    data[-40] ^= 0xFF
    path.write_bytes(bytes(data))

    window, opened = _window(qtbot, path, clock)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    assert "damaged" in window.error_label.text()
    assert not window.backup_button.isHidden()
    assert opened == []

    window.passphrase.setText(PASSPHRASE)
    window.backup_button.click()
    assert len(opened) == 1
    restored = opened[0]
    try:
        assert [c.name for c in restored.customers.all()] == ["Saved before the damage"]
    finally:
        restored.close()
    assert (tmp_path / "j.pjournal.damaged").read_bytes() == bytes(data)  # kept, never deleted


def test_another_journal_can_be_chosen(qtbot, saved_journal, tmp_path, clock, monkeypatch):
    from journal_app.ui.dialogs import unlock

    window, _opened = _window(qtbot, tmp_path / "missing.pjournal", clock)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    assert "no journal" in window.error_label.text().lower()
    monkeypatch.setattr(unlock, "choose_journal_file", lambda parent, start: str(saved_journal))
    window.other_button.click()
    assert window.path == saved_journal
    assert str(saved_journal) in window.path_label.text()


def _type_passphrase_and_press(qtbot, window, button=None):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.passphrase.clear()
    QTest.keyClicks(window.passphrase, PASSPHRASE)
    if button is None:
        QTest.keyClick(window.passphrase, Qt.Key.Key_Return)
    else:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _saved_twice(path, clock, names=("First", "Second")):
    from journal_app.journal.journal import Journal
    from journal_app.journal.records import Customer

    journal, _key = Journal.create(path, PASSPHRASE, clock=clock)
    journal.customers.add(Customer(name=names[0]))
    journal.save()
    journal.close()
    journal = Journal.open(path, PASSPHRASE, clock=clock)
    journal.customers.add(Customer(name=names[1]))
    journal.save()  # the first save of a session: the file as it was becomes .bak1
    journal.close()


def test_a_restored_backup_opens_next_time_without_any_warning(qtbot, tmp_path, clock):
    """Restoring advances the save number past every copy seen, so the journal opens
    normally afterwards even if nothing else is saved (it used to read as an older copy)."""
    from journal_app.journal.audit import events as list_events
    from journal_app.services.actions.journal_file import unlock

    path = tmp_path / "j.pjournal"
    _saved_twice(path, clock)
    data = bytearray(path.read_bytes())
    data[-40] ^= 0xFF
    path.write_bytes(bytes(data))
    window, opened = _window(qtbot, path, clock)
    _type_passphrase_and_press(qtbot, window)
    assert not window.backup_button.isHidden()
    _type_passphrase_and_press(qtbot, window, window.backup_button)
    assert len(opened) == 1
    opened[0].close()  # closed without any further save

    again = unlock(path, PASSPHRASE, clock=clock)
    try:
        assert [c.name for c in again.customers.all()] == ["First"]
        assert [e.event for e in list_events(again)][-1] == "backup-restored"
    finally:
        again.close()


def test_an_older_copy_is_opened_only_on_purpose_and_noted(qtbot, tmp_path, clock):
    import shutil

    from journal_app.journal.audit import events as list_events
    from journal_app.services.actions.journal_file import unlock

    path = tmp_path / "j.pjournal"
    _saved_twice(path, clock)
    shutil.copy(path.with_name("j.pjournal.bak1"), path)  # an older copy put in its place
    window, opened = _window(qtbot, path, clock)
    _type_passphrase_and_press(qtbot, window)
    assert opened == []
    assert "older than the one last opened here" in window.error_label.text()
    assert not window.older_button.isHidden() and window.backup_button.isHidden()

    _type_passphrase_and_press(qtbot, window, window.older_button)
    assert len(opened) == 1
    journal = opened[0]
    try:
        assert [c.name for c in journal.customers.all()] == ["First"]
        assert [e.event for e in list_events(journal)][-1] == "older-copy-accepted"
    finally:
        journal.close()
    unlock(path, PASSPHRASE, clock=clock).close()  # from now on it opens with no warning


def test_a_backup_picked_to_open_is_offered_as_a_restore(qtbot, tmp_path, clock):
    path = tmp_path / "j.pjournal"
    _saved_twice(path, clock)
    backup = path.with_name("j.pjournal.bak1")
    backup_bytes = backup.read_bytes()
    window, opened = _window(qtbot, backup, clock)
    _type_passphrase_and_press(qtbot, window)
    assert opened == [] and "is a backup" in window.error_label.text()
    assert not window.restore_button.isHidden()
    assert backup.read_bytes() == backup_bytes  # opening it wrote nothing

    _type_passphrase_and_press(qtbot, window, window.restore_button)
    assert len(opened) == 1
    journal = opened[0]
    try:
        assert journal.path == path
        assert [c.name for c in journal.customers.all()] == ["First"]
    finally:
        journal.close()
