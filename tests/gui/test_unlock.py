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
