"""Key derivation, key slots and the recovery key.

One random 256-bit *data key* seals the journal body. It is stored only wrapped
(AES-256-GCM) in key slots: one under a key derived from the passphrase with
Argon2id, one under a key derived from the recovery key with HKDF-SHA256 (the
recovery key is 160 random bits, so a slow KDF adds nothing there).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import InvalidInput, RecoveryKeyTypo, WrongPassphrase, WrongRecoveryKey
from .format import (
    MIN_ITERATIONS,
    MIN_LANES,
    MIN_MEMORY_KIB,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    KdfParams,
    KeySlot,
)

# Tuned on a 2-core machine so the key derivation alone takes about 0.21 s and a whole
# unlock about 0.25-0.3 s, leaving room for `journal-app search` to finish, unlock
# included, in under half a second on a 10,000-interaction journal (bench/README.md).
# That is five times OWASP's minimum memory. One lane on purpose: the time then stays
# the same whether or not the other core is busy, where two lanes ranged 0.2-0.4 s; the
# attacker's cost (96 MiB x 2 passes per guess) is the same either way. Raising these
# later is safe: every file records its own settings.
DEFAULT_KDF = KdfParams(memory_kib=96 * 1024, iterations=2, lanes=1)
# The cheapest settings the app accepts; used for throwaway journals in tests so the
# suite stays quick. Still the OWASP minimum. Asked for with JOURNAL_APP_FAST_KDF=1, and
# honoured only inside the test suite (JOURNAL_APP_TEST_SUITE=1, set by tests/conftest.py
# and the built-in self-test, or pytest running): a learner's journal never gets it.
FAST_KDF = KdfParams(memory_kib=MIN_MEMORY_KIB, iterations=MIN_ITERATIONS, lanes=MIN_LANES)
FAST_KDF_ENV = "JOURNAL_APP_FAST_KDF"
TEST_SUITE_ENV = "JOURNAL_APP_TEST_SUITE"
_warned_fast_kdf = False

MIN_PASSPHRASE_LENGTH = 8
# zxcvbn's 0-4 score: 3 is "safely unguessable" (about 10^8 or more guesses); below that a
# passphrase is refused. Only the first 72 characters are scored: zxcvbn refuses longer
# input (it slows down sharply), and those 72 already show whether it is guessable.
MIN_PASSPHRASE_SCORE = 3
_SCORED_CHARACTERS = 72


def _fast_kdf_allowed() -> bool:
    return os.environ.get(TEST_SUITE_ENV) == "1" or "pytest" in sys.modules


def kdf_for_new_journal() -> KdfParams:
    """Today's key settings for a new journal or a passphrase slot being rewritten."""
    global _warned_fast_kdf
    if os.environ.get(FAST_KDF_ENV) != "1":
        return DEFAULT_KDF
    if _fast_kdf_allowed():
        return FAST_KDF
    if not _warned_fast_kdf:
        _warned_fast_kdf = True
        if sys.stderr is not None:
            print(
                f"journal-app: ignoring {FAST_KDF_ENV} (a setting for the app's own tests); "
                "journals get the normal key settings.",
                file=sys.stderr,
            )
    return DEFAULT_KDF


def stronger_kdf(current: KdfParams, default: KdfParams) -> KdfParams:
    """The settings to use when rewrapping: today's default if it costs an attacker more.

    Cost is memory x passes (what Argon2id makes a guesser pay per guess); a journal
    already above the default keeps its own settings.
    """
    if default.memory_kib * default.iterations > current.memory_kib * current.iterations:
        return default
    return current


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC so the same passphrase typed on another keyboard/OS gives the same bytes."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _estimate(text: str) -> tuple[int, str]:
    """zxcvbn's score and, for a weak passphrase, its warning and first suggestion."""
    if not text.strip():
        return 0, "Spaces alone are easy to guess. Use words."
    from zxcvbn import zxcvbn

    result = zxcvbn(text[:_SCORED_CHARACTERS])
    score = min(max(int(result["score"]), 0), 4)
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    suggestions = [str(s).strip() for s in feedback.get("suggestions") or [] if str(s).strip()]
    parts = [warning if not warning or warning.endswith((".", "!", "?")) else warning + "."]
    parts.append(suggestions[0] if suggestions else "Add another word or two. Uncommon words are better.")
    return score, " ".join(part for part in parts if part)


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A 0-4 score for a new passphrase (zxcvbn's) and one plain sentence about it.

    The same estimate drives the app's strength meter and ``check_new_passphrase``, so
    the meter and the refusal always agree. zxcvbn is imported only when needed, so
    commands that never set a passphrase don't pay for loading its word lists.
    """
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return 0, "Choose a passphrase: a short sentence only you would think of works well."
    if len(text) < MIN_PASSPHRASE_LENGTH:
        return 0, f"Too short: use at least {MIN_PASSPHRASE_LENGTH} characters."
    score, hint = _estimate(text)
    if score >= 4:
        return score, "Strong: very hard to guess. Make sure you can remember it."
    if score >= MIN_PASSPHRASE_SCORE:
        return score, "Good: hard to guess. Make sure you can remember it."
    return score, f"Too easy to guess. {hint}"


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a new passphrase that is too short or too easy to guess, in plain words."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_PASSPHRASE_LENGTH:
        raise InvalidInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters "
            "(a short sentence you can remember works well)."
        )
    score, hint = _estimate(text)
    if score < MIN_PASSPHRASE_SCORE:
        raise InvalidInput(
            f"That passphrase is too easy for someone else to guess. {hint} "
            "A short, odd sentence only you would think of works well. Nothing was changed."
        )


def derive_passphrase_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    return Argon2id(
        salt=salt, length=32, iterations=kdf.iterations, lanes=kdf.lanes,
        memory_cost=kdf.memory_kib,
    ).derive(normalise_passphrase(passphrase))


def derive_recovery_key(secret: bytes, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"placement-journal recovery"
    ).derive(secret)


def slot_aad(journal_id: bytes, kind: int) -> bytes:
    return b"PLACEJNL-slot" + journal_id + bytes([kind])


def wrap(data_key: bytes, kek: bytes, journal_id: bytes, kind: int, salt: bytes) -> KeySlot:
    nonce = os.urandom(12)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, slot_aad(journal_id, kind))
    return KeySlot(kind, salt, nonce, wrapped)


def unwrap(slot: KeySlot, kek: bytes, journal_id: bytes) -> bytes | None:
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, slot_aad(journal_id, slot.kind))
    except InvalidTag:
        return None


def passphrase_slot(data_key: bytes, passphrase: str, journal_id: bytes, kdf: KdfParams) -> KeySlot:
    salt = os.urandom(16)
    kek = derive_passphrase_key(passphrase, salt, kdf)
    return wrap(data_key, kek, journal_id, SLOT_PASSPHRASE, salt)


def recovery_slot(data_key: bytes, secret: bytes, journal_id: bytes) -> KeySlot:
    salt = os.urandom(16)
    return wrap(data_key, derive_recovery_key(secret, salt), journal_id, SLOT_RECOVERY, salt)


def open_passphrase_slot(slot: KeySlot, passphrase: str, journal_id: bytes, kdf: KdfParams) -> bytes:
    key = unwrap(slot, derive_passphrase_key(passphrase, slot.salt, kdf), journal_id)
    if key is None:
        raise WrongPassphrase()
    return key


def open_recovery_slot(slot: KeySlot, recovery_key: str, journal_id: bytes) -> bytes:
    secret = parse_recovery_key(recovery_key)
    key = unwrap(slot, derive_recovery_key(secret, slot.salt), journal_id)
    if key is None:
        raise WrongRecoveryKey()
    return key


# --- The recovery key -----------------------------------------------------------
# 160 random bits written as 8 groups of 5 Crockford base-32 characters. Each group
# is 4 data characters plus 1 check character, so a typo is caught *and located*
# ("group 3 looks wrong") before we even try the key.

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
# Separators people (or word processors) put between groups: all ignored.
_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212_.")
GROUPS = 8


def _check_char(group_index: int, chars: str) -> str:
    digest = hashlib.sha256(f"{group_index}:{chars}".encode()).digest()
    return ALPHABET[digest[0] % 32]


def new_recovery_secret() -> bytes:
    return secrets.token_bytes(20)


def cleaned_group(text: str) -> str:
    """A group of the recovery key as typed back (the first-run check): letters and digits
    only, upper case, look-alikes (O, I, L, U) read as the key's own characters."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)


def format_recovery_key(secret: bytes) -> str:
    number = int.from_bytes(secret, "big")
    chars = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(32)))
    groups = []
    for g in range(GROUPS):
        data = chars[4 * g : 4 * g + 4]
        groups.append(data + _check_char(g, data))
    return "-".join(groups)


def parse_recovery_key(text: str) -> bytes:
    """The 20-byte secret from a typed key; RecoveryKeyTypo names the group that is wrong."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in _SEPARATORS)
    cleaned = cleaned.translate(_CONFUSABLE)
    if len(cleaned) != 5 * GROUPS:
        raise RecoveryKeyTypo(
            f"A recovery key is {GROUPS} groups of 5 letters and numbers, like ABCD1-EFGH2-… "
            f"This one has {len(cleaned)} letters and numbers instead of {5 * GROUPS}; "
            "check you copied all of it."
        )
    data = []
    for g in range(GROUPS):
        group = cleaned[5 * g : 5 * g + 5]
        if any(ch not in ALPHABET for ch in group):
            raise RecoveryKeyTypo(
                f"Group {g + 1} of the recovery key ({group}) has a character that is never "
                "in a recovery key."
            )
        if _check_char(g, group[:4]) != group[4]:
            raise RecoveryKeyTypo(f"Group {g + 1} of the recovery key ({group}) has a typo.")
        data.append(group[:4])
    number = 0
    for ch in "".join(data):
        number = (number << 5) | ALPHABET.index(ch)
    return number.to_bytes(20, "big")
