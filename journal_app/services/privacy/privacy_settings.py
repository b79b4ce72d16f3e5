"""The learner's own redaction settings, stored in the journal.

- ``privacy.never_hide``: words and names a pseudonymised export must never hide (the
  shop's public phone number, a product called "Grace", a colleague who is happy to be
  named). Their parts are kept too, like the learner's own name.
- ``privacy.id_patterns``: regular expressions for the account, order or job-card
  numbers of the learner's workplace ("ORD-\\d{6}", "JC\\d{5}"); matches are redacted
  as ``[account no]``.

Both travel with the journal (``journal.setting``) and are read by
``Redactor.for_journal``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...errors import InvalidInput

if TYPE_CHECKING:
    from ...journal.journal import Journal

NEVER_HIDE_KEY = "privacy.never_hide"
ID_PATTERNS_KEY = "privacy.id_patterns"
MOST_TERMS = 200
MOST_PATTERNS = 20
LONGEST_TERM = 100
LONGEST_PATTERN = 200
# Ordinary text a pattern for an account number must leave alone: a pattern that
# matches it would redact half the journal.
ORDINARY = (
    "The customer rang at 09:30 on 12 March 2026 about the £120.50 invoice and I listened.",
    "a", "1", " ",
)


def _strings(values: Iterable[str], what: str) -> list[str]:
    if isinstance(values, str):
        raise InvalidInput(f"{what}: please give a list, one entry a line.")
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidInput(f"{what}: every entry must be text.")
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return out


def never_hide(journal: Journal) -> list[str]:
    value = journal.setting(NEVER_HIDE_KEY, [])
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def set_never_hide(journal: Journal, terms: Iterable[str]) -> list[str]:
    """Store the learner's "never hide" list (duplicates and blank lines dropped)."""
    clean = check_never_hide(terms)
    journal.set_setting(NEVER_HIDE_KEY, clean)
    return clean


def check_never_hide(terms: Iterable[str]) -> list[str]:
    """The cleaned list, or InvalidInput saying what is wrong with it."""
    what = "Never hide"
    clean = _strings(terms, what)
    if len(clean) > MOST_TERMS:
        raise InvalidInput(f"{what}: at most {MOST_TERMS} entries, please.")
    for term in clean:
        if len(term) > LONGEST_TERM:
            raise InvalidInput(f"{what}: keep each entry under {LONGEST_TERM} characters.")
        if len(term) < 2:
            raise InvalidInput(f"{what}: an entry needs at least two characters.")
    return clean


def id_patterns(journal: Journal) -> list[str]:
    value = journal.setting(ID_PATTERNS_KEY, [])
    if not isinstance(value, list):
        return []
    out = []
    for pattern in value:
        try:  # a journal edited elsewhere may hold a broken one: skip it rather than fail an export
            if isinstance(pattern, str) and pattern:
                re.compile(pattern)
                out.append(pattern)
        except re.error:
            continue
    return out


def check_id_pattern(pattern: str) -> str:
    """The pattern if it is usable, else InvalidInput saying why in plain words."""
    what = f'Account number pattern "{pattern[:40]}"'
    if len(pattern) > LONGEST_PATTERN:
        raise InvalidInput(f"{what}: keep it under {LONGEST_PATTERN} characters.")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise InvalidInput(f"{what} is not a valid pattern: {error}.")
    if compiled.fullmatch(""):
        raise InvalidInput(f"{what} matches empty text; it must match the number itself.")
    for text in ORDINARY:
        if compiled.search(text) is not None:
            raise InvalidInput(f"{what} also matches ordinary text (times, dates, prices, words); "
                               "make it match only the number, e.g. ORD-\\d{6}.")
    return pattern


def set_id_patterns(journal: Journal, patterns: Iterable[str]) -> list[str]:
    """Validate and store the learner's account/order number patterns."""
    clean = _strings(patterns, "Account number patterns")
    if len(clean) > MOST_PATTERNS:
        raise InvalidInput(f"Account number patterns: at most {MOST_PATTERNS}, please.")
    for pattern in clean:
        check_id_pattern(pattern)
    journal.set_setting(ID_PATTERNS_KEY, clean)
    return clean
