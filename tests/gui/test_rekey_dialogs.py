"""Changing the passphrase, a new recovery key and the offer after an erasure, driven from the
keyboard: each gives the journal a new key; the recovery key is kept when typed, or a new one is
shown once and closes only after group 3 is typed back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal_app.journal.attachments import add_evidence_file, read_attachment
from journal_app.journal.audit import events
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer
from tests.conftest import PASSPHRASE

NEW = "violet tangerine harbour under 2931 lamps"
ALT = Qt.KeyboardModifier.AltModifier
PHOTO = b"photo bytes " * 500


@pytest.fixture
def keyed(tmp_path, clock):
    journal, recovery = Journal.create(tmp_path / "journal.pjournal", PASSPHRASE, clock=clock)
    item = add_evidence_file(journal, "receipt.png", PHOTO, "image/png")
    journal.save()
    yield journal, recovery, item.id
    journal.close()


def _type(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_change_passphrase_keeping_the_typed_recovery_key(qtbot, keyed) -> None:
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog

    journal, recovery, item = keyed
    old_key = bytes(journal.vault._data_key)
    dialog = _shown(qtbot, ChangePassphraseDialog(journal))
    _type(dialog.current, PASSPHRASE)
    _type(dialog.fields.first, NEW)
    _type(dialog.fields.second, NEW)
    assert dialog.recovery.keep.isChecked()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "recovery key" in dialog.error_label.text()  # neither typed nor a new one chosen
    typo = ("B" if recovery[0] == "A" else "A") + recovery[1:]  # a typo in group 1 (keys are random)
    _type(dialog.recovery.key_edit, typo)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "Group 1" in dialog.error_label.text() and bytes(journal.vault._data_key) == old_key
    dialog.recovery.key_edit.selectAll()
    QTest.keyClicks(dialog.recovery.key_edit, recovery)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.new_key is None
    assert bytes(journal.vault._data_key) != old_key
    assert read_attachment(journal, item) == PHOTO
    path = journal.path
    Journal.open_with_recovery(path, recovery, lock=False).close()  # the same key still opens it
    Journal.open(path, NEW, lock=False).close()


def test_a_new_recovery_key_is_shown_once_and_checked(qtbot, keyed) -> None:
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog, RecoveryKeyDialog

    journal, recovery, _item = keyed
    dialog = _shown(qtbot, ChangePassphraseDialog(journal))
    _type(dialog.current, PASSPHRASE)
    _type(dialog.fields.first, NEW)
    _type(dialog.fields.second, NEW)
    QTest.keyClick(dialog.fields.second, Qt.Key.Key_W, ALT)  # "Give me a new recovery key"
    qtbot.waitUntil(dialog.recovery.new.isChecked)  # a mnemonic clicks after a short flash
    assert dialog.recovery.new.isChecked() and not dialog.recovery.key_edit.isEnabled()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    key = dialog.new_key
    assert key and key != recovery

    shown = _shown(qtbot, RecoveryKeyDialog(key))
    assert shown.key_view.key_edit.text() == key
    shown.written.setFocus()
    QTest.keyClick(shown.written, Qt.Key.Key_Space)
    assert shown.written.isChecked() and not shown.ok.isEnabled()  # group 3 not typed yet
    QTest.keyClick(shown, Qt.Key.Key_Escape)
    assert shown.isVisible()  # Escape doesn't skip the check
    _type(shown.check_edit, key.split("-")[1])  # group 2 is not it
    assert not shown.ok.isEnabled()
    shown.check_edit.selectAll()
    QTest.keyClicks(shown.check_edit, key.split("-")[2].lower())
    assert shown.ok.isEnabled()


def test_settings_new_recovery_key_asks_for_the_passphrase(qtbot, keyed, monkeypatch) -> None:
    from journal_app.ui.dialogs.passphrase import NewKeyDialog

    journal, recovery, item = keyed
    dialog = _shown(qtbot, NewKeyDialog(journal))
    _type(dialog.current, "not the passphrase")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "doesn't unlock" in dialog.error_label.text() and dialog.new_key is None
    dialog.current.selectAll()
    QTest.keyClicks(dialog.current, PASSPHRASE)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.new_key and dialog.new_key != recovery
    assert events(journal, "recovery-key-changed")[-1].details["new_data_key"] is True
    assert read_attachment(journal, item) == PHOTO


def test_after_erasing_the_page_offers_a_new_key(qtbot, keyed, monkeypatch) -> None:
    from journal_app.ui.context import AppContext
    from journal_app.ui.pages import settings
    from journal_app.ui.pages.privacy import PrivacyPage

    journal, recovery, item = keyed
    person = journal.customers.add(Customer(name="Bethan Llewellyn"))
    journal.save()
    page = _shown(qtbot, PrivacyPage(AppContext(journal)))
    page.refresh()
    page.tabs.setCurrentWidget(page.erase)
    assert not page.new_key_button.isVisible()
    panel = page.erase
    panel.customer.setCurrentIndex(panel.customer.findData(person.id))
    _type(panel.confirm, "ERASE")
    QTest.keyClick(panel.confirm, Qt.Key.Key_E, ALT)  # "Erase this customer"
    qtbot.waitUntil(lambda: bool(journal.customers.get(person.id).anonymised_at))
    assert page.new_key_button.isVisible()
    old_key = bytes(journal.vault._data_key)

    def answer(dialog) -> int:
        dialog.show()
        _type(dialog.current, PASSPHRASE)
        if dialog.recovery is not None:
            _type(dialog.recovery.key_edit, recovery)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(settings, "show_dialog", answer)
    page.new_key_button.setFocus()
    QTest.keyClick(page.new_key_button, Qt.Key.Key_Space)
    assert bytes(journal.vault._data_key) != old_key
    assert not page.new_key_button.isVisible()
    assert events(journal, "journal-rekeyed")[-1].details["reason"] == "erasure"
    assert read_attachment(journal, item) == PHOTO


def test_the_new_key_dialogs_are_labelled_with_distinct_alt_letters(qtbot, keyed) -> None:
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog, NewKeyDialog
    from tests.gui.test_accessibility import problems
    from tests.gui.test_recovery_key_view import _mnemonics

    journal, _recovery, _item = keyed
    for dialog in (NewKeyDialog(journal), NewKeyDialog(journal, after_erasure=True),
                   ChangePassphraseDialog(journal)):
        qtbot.addWidget(dialog)
        assert problems(dialog) == []
        letters = _mnemonics(dialog)
        assert len(letters) == len(set(letters)), letters
