"""After an erasure the app's saver writes the file and replaces every backup."""

from __future__ import annotations

from journal_app.journal.records import Customer, Interaction
from journal_app.services.privacy.erasure import erase_customer
from journal_app.ui.context import run_now
from journal_app.ui.saver import Saver
from journal_app.vault.store import VaultFile, list_backups

from ..conftest import PASSPHRASE


def _backup_bodies(path):
    bodies = []
    for backup in list_backups(path):
        vault, body = VaultFile.unlock(backup, PASSPHRASE, lock=False, allow_rollback=True)
        vault.close()
        bodies.append(bytes(body))
    return bodies


def test_seal_leaves_no_backup_holding_the_erased_name(qtbot, journal, journal_path):
    customer = journal.customers.add(Customer(name="Alice Thornbury", contact="07700 900123"))
    journal.interactions.add(Interaction(customer=customer.id, at="2026-10-01T09:30:00+01:00",
                                         summary="Alice Thornbury rang about her van"))
    journal.save()
    journal.vault.rotate_backups()  # a backup taken now holds the name
    assert any(b"Thornbury" in body for body in _backup_bodies(journal_path))

    erase_customer(journal, customer.id, save=False)
    saver = Saver(journal, run_now)
    states = []
    saver.state_changed.connect(states.append)
    saver.seal()

    assert saver.state == "Saved" and not journal.dirty
    bodies = _backup_bodies(journal_path)
    assert bodies and not any(b"Thornbury" in body or b"900123" in body for body in bodies)
    vault, body = VaultFile.unlock(journal_path, PASSPHRASE, lock=False)
    vault.close()
    assert b"Thornbury" not in bytes(body)
