"""Passphrases and recovery keys: the right one opens, a wrong one says so, a typo is located."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from journal_app.errors import InvalidInput, RecoveryKeyTypo, WrongPassphrase, WrongRecoveryKey
from journal_app.vault import keys
from journal_app.vault.format import KdfParams
from journal_app.vault.store import VaultFile, read_header
from tests.unit.vault_support import PASSPHRASE, make_closed


def test_the_right_passphrase_opens_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    make_closed(path, b"hello")
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase, match="doesn't unlock this journal") as caught:
        VaultFile.unlock(path, "correct horse batterY")
    assert caught.value.exit_code == 3
    assert path.read_bytes() == before
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    vault.close()
    assert body == b"hello"


def test_composed_and_decomposed_accents_are_the_same_passphrase(tmp_path: Path) -> None:
    composed = "caf\u00e9 au lait \u00e0 Z\u00fcrich"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    path = tmp_path / "j.pjournal"
    make_closed(path, b"accents", passphrase=decomposed)
    vault, body = VaultFile.unlock(path, composed)
    vault.close()
    assert body == b"accents"


@pytest.mark.parametrize(
    "passphrase", ["пароль для журнала", "工作实习日记的密码很长的句子", "shift notes 😀👍 ok"]
)
def test_non_ascii_passphrases_work(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "j.pjournal"
    make_closed(path, b"x", passphrase=passphrase)
    vault, body = VaultFile.unlock(path, passphrase)
    vault.close()
    assert body == b"x"
    with pytest.raises(WrongPassphrase):
        VaultFile.unlock(path, passphrase[:-1])


def test_a_short_new_passphrase_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        VaultFile.create(path, "short", b"x")
    assert not path.exists()


@pytest.mark.parametrize(
    "weak", ["password", "aaaaaaaa", " " * 8, "password1", "qwertyuiop", "12345678", "Summer2024"],
    ids=["password", "aaaaaaaa", "eight-spaces", "password1", "keyboard-row", "digits", "season-year"],
)
def test_a_guessable_new_passphrase_is_refused_in_plain_words(tmp_path: Path, weak: str) -> None:
    path = tmp_path / "j.pjournal"
    with pytest.raises(InvalidInput, match="too easy for someone else to guess") as caught:
        VaultFile.create(path, weak, b"x")
    assert caught.value.exit_code == 13
    assert "\n" not in str(caught.value) and "zxcvbn" not in str(caught.value)
    assert not path.exists()
    score, advice = keys.passphrase_strength(weak)
    assert score < keys.MIN_PASSPHRASE_SCORE and advice.startswith("Too easy to guess")


def test_zxcvbns_advice_is_passed_on() -> None:
    with pytest.raises(InvalidInput, match="common password"):
        keys.check_new_passphrase("password")


@pytest.mark.parametrize(
    "text", ["", "short", "password", "aaaaaaaa", "liverpool fc", "Summer2024", PASSPHRASE,
             "purple tractors sing at dawn", "a" * 200],
)
def test_the_strength_meter_and_the_refusal_always_agree(text: str) -> None:
    score, _advice = keys.passphrase_strength(text)
    try:
        keys.check_new_passphrase(text)
    except InvalidInput:
        accepted = False
    else:
        accepted = True
    assert accepted == (score >= keys.MIN_PASSPHRASE_SCORE)


def test_the_test_passphrase_is_one_the_app_accepts() -> None:
    assert keys.passphrase_strength(PASSPHRASE)[0] >= keys.MIN_PASSPHRASE_SCORE


def test_passphrase_bytes_are_nfc_utf8() -> None:
    assert keys.normalise_passphrase("e\u0301") == "\u00e9".encode()


def test_the_recovery_key_opens_the_journal_however_it_is_typed(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    recovery = make_closed(path, b"recover me")
    assert len(recovery) == 47 and recovery.count("-") == 7
    sloppy = "  " + recovery.lower().replace("-", " \u2013 ").replace("0", "o").replace("1", "l") + "\n"
    vault, body = VaultFile.unlock_with_recovery(path, sloppy)
    vault.close()
    assert body == b"recover me"


def test_a_typo_in_the_recovery_key_names_its_group(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    recovery = make_closed(path)
    groups = recovery.split("-")
    group = groups[2]
    # Change one character to another valid one whose check no longer matches.
    for replacement in keys.ALPHABET:
        if replacement != group[1]:
            candidate = group[0] + replacement + group[2:]
            if keys._check_char(2, candidate[:4]) != candidate[4]:
                break
    groups[2] = candidate
    with pytest.raises(RecoveryKeyTypo, match=r"Group 3 of the recovery key") as caught:
        VaultFile.unlock_with_recovery(path, "-".join(groups))
    assert caught.value.exit_code == 4


def test_a_missing_group_says_how_long_a_key_is(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    recovery = make_closed(path)
    with pytest.raises(RecoveryKeyTypo, match="8 groups of 5"):
        VaultFile.unlock_with_recovery(path, recovery[:-6])


def test_a_character_never_in_a_key_is_located() -> None:
    with pytest.raises(RecoveryKeyTypo, match="Group 2"):
        key = keys.format_recovery_key(keys.new_recovery_secret())
        keys.parse_recovery_key(key[:8] + "*" + key[9:])


def test_a_well_formed_key_for_another_journal_is_wrong_not_a_typo(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    make_closed(path)
    other = keys.format_recovery_key(keys.new_recovery_secret())
    with pytest.raises(WrongRecoveryKey, match="doesn't belong to this journal") as caught:
        VaultFile.unlock_with_recovery(path, other)
    assert not isinstance(caught.value, RecoveryKeyTypo)


def test_recovery_key_text_round_trips_the_secret() -> None:
    for _ in range(50):
        secret = keys.new_recovery_secret()
        text = keys.format_recovery_key(secret)
        assert all(ch in keys.ALPHABET for ch in text.replace("-", ""))
        assert keys.parse_recovery_key(text) == secret


def test_changing_the_passphrase_rewraps_only_the_key_slot(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    recovery = make_closed(path, b"same data")
    vault, _ = VaultFile.unlock(path, PASSPHRASE)
    old_recovery_slot = vault.header.slot(2)
    vault.set_passphrase("a brand new passphrase")
    vault.save(b"same data")
    vault.close()
    with pytest.raises(WrongPassphrase):
        VaultFile.unlock(path, PASSPHRASE)
    vault, body = VaultFile.unlock(path, "a brand new passphrase")
    assert body == b"same data" and vault.header.slot(2) == old_recovery_slot
    vault.close()
    vault, _ = VaultFile.unlock_with_recovery(path, recovery)
    vault.close()


def test_a_new_recovery_key_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "j.pjournal"
    old = make_closed(path)
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    new = vault.new_recovery_key()
    vault.save(body)
    vault.close()
    with pytest.raises(WrongRecoveryKey):
        VaultFile.unlock_with_recovery(path, old)
    vault, _ = VaultFile.unlock_with_recovery(path, new)
    vault.close()


def test_stronger_default_settings_are_adopted_when_the_passphrase_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.pjournal"
    make_closed(path)
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    stronger = KdfParams(memory_kib=keys.FAST_KDF.memory_kib * 2, iterations=2, lanes=1)
    monkeypatch.setattr(keys, "kdf_for_new_journal", lambda: stronger)
    vault.set_passphrase("another passphrase")
    vault.save(body)
    vault.close()
    vault, again = VaultFile.unlock(path, "another passphrase")
    vault.close()
    assert vault.header.kdf == stronger and again == body
    assert keys.stronger_kdf(stronger, keys.FAST_KDF) == stronger


def test_a_journal_below_todays_key_settings_is_raised_at_its_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.pjournal"
    make_closed(path, b"old settings")
    stronger = KdfParams(memory_kib=keys.FAST_KDF.memory_kib * 2, iterations=3, lanes=1)
    monkeypatch.setattr(keys, "kdf_for_new_journal", lambda: stronger)
    # Read-only opens never rewrite anything.
    vault, body = VaultFile.unlock(path, PASSPHRASE, lock=False)
    vault.close()
    assert read_header(path).kdf == keys.FAST_KDF
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    assert read_header(path).kdf == keys.FAST_KDF  # nothing written by opening
    vault.save(b"next save")
    vault.close()
    assert read_header(path).kdf == stronger
    vault, body = VaultFile.unlock(path, PASSPHRASE)  # the same passphrase still opens it
    vault.close()
    assert body == b"next save"


def test_a_journal_above_todays_key_settings_keeps_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.pjournal"
    stronger = KdfParams(memory_kib=keys.FAST_KDF.memory_kib * 2, iterations=2, lanes=1)
    vault, _key = VaultFile.create(path, PASSPHRASE, b"x", kdf=stronger)
    vault.close()
    vault, _body = VaultFile.unlock(path, PASSPHRASE)
    vault.save(b"y")
    vault.close()
    assert read_header(path).kdf == stronger


def test_the_fast_test_key_settings_need_the_test_suite(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(keys.FAST_KDF_ENV, "1")
    monkeypatch.setenv(keys.TEST_SUITE_ENV, "1")
    assert keys.kdf_for_new_journal() == keys.FAST_KDF
    monkeypatch.delenv(keys.FAST_KDF_ENV)
    assert keys.kdf_for_new_journal() == keys.DEFAULT_KDF
