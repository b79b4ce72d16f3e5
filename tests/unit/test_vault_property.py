"""Property: any sequence of edits, saves, key changes and reopenings gives back the last save."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal_app.vault.store import VaultFile, list_backups

PASSPHRASES = ["first passphrase", "zweite Passphrase ü", "третья фраза", "fourth one here"]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("save"), st.binary(min_size=0, max_size=3000)),
        st.tuples(st.just("reopen"), st.none()),
        st.tuples(st.just("recover"), st.none()),
        st.tuples(st.just("passwd"), st.sampled_from(PASSPHRASES)),
        st.tuples(st.just("new-recovery-key"), st.none()),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.binary(max_size=2000), steps=operations)
def test_random_edit_save_reopen_sequences_keep_the_last_save(first: bytes, steps) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "j.pjournal"
        vault, recovery = VaultFile.create(path, PASSPHRASES[0], first)
        vault.backup_interval_s = 0
        saved_body, saved_passphrase, saved_recovery = first, PASSPHRASES[0], recovery
        pending_passphrase, pending_recovery = saved_passphrase, saved_recovery
        generation = vault.header.generation
        try:
            for action, value in steps:
                if action == "save":
                    stats = vault.save(value)
                    assert stats.generation == generation + 1
                    generation = stats.generation
                    saved_body, saved_passphrase, saved_recovery = value, pending_passphrase, pending_recovery
                elif action == "passwd":
                    vault.set_passphrase(value)
                    pending_passphrase = value
                elif action == "new-recovery-key":
                    pending_recovery = vault.new_recovery_key()
                else:
                    vault.close()
                    if action == "reopen":
                        vault, body = VaultFile.unlock(path, saved_passphrase)
                    else:
                        vault, body = VaultFile.unlock_with_recovery(path, saved_recovery)
                    vault.backup_interval_s = 0
                    assert body == saved_body
                    assert vault.header.generation == generation
                    pending_passphrase, pending_recovery = saved_passphrase, saved_recovery
            assert len(list_backups(path)) <= 3
        finally:
            vault.close()
        vault, body = VaultFile.unlock(path, saved_passphrase)
        vault.close()
        assert body == saved_body
