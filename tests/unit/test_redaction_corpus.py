"""Recall and precision of personal-data detection over a corpus of realistic snippets.

A finding counts as found (recall) when findings of the right kind cover every
character of the expected fragment; a finding counts as right (precision) when it
overlaps an expected fragment of its kind. Run with ``-s`` to see the table; the same
numbers are in docs/privacy.md.
"""

from __future__ import annotations

from collections import Counter

import pytest

from journal_app.journal.records import Customer, Learner
from journal_app.services.privacy.privacy_settings import set_id_patterns, set_never_hide
from journal_app.services.privacy.redaction import Redactor

from . import redaction_corpus as corpus

# Finding kinds measured together.
CATEGORY = {"name": "names", "organisation": "names", "contact": "names"}
TARGETS = {  # category: (recall, precision)
    "names": (0.95, 0.95),
    "email": (0.98, 0.95), "phone": (0.98, 0.95), "postcode": (0.98, 0.95), "vehicle": (0.98, 0.95),
    "ni-number": (0.98, 0.95), "card": (0.98, 0.95),
    "dob": (0.90, 0.90), "address": (0.90, 0.90),
}


def _spans(text: str, expected: list) -> list[tuple[int, int, str]]:
    out = []
    for item in expected:
        fragment, kind = item[0], item[1]
        nth = item[2] if len(item) > 2 else 1
        start = -1
        for _ in range(nth):
            start = text.find(fragment, start + 1)
        assert start >= 0, f"{fragment!r} is not in {text!r}"
        out.append((start, start + len(fragment), CATEGORY.get(kind, kind)))
    return out


@pytest.fixture
def redactor(memory_journal) -> Redactor:
    memory_journal.set_learner(Learner(name=corpus.LEARNER, assessor=corpus.ASSESSOR,
                                       placement=corpus.PLACEMENT))
    for name, organisation, contact in corpus.CUSTOMERS:
        memory_journal.customers.add(Customer(name=name, organisation=organisation, contact=contact))
    set_id_patterns(memory_journal, corpus.ID_PATTERNS)
    set_never_hide(memory_journal, corpus.NEVER_HIDE)
    return Redactor.for_journal(memory_journal, keep=[corpus.WITNESS])


def measure(redactor: Redactor) -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """{category: (expected, found, right findings out of all findings)}, and the misses."""
    expected_n: Counter[str] = Counter()
    recalled: Counter[str] = Counter()
    findings_n: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses: list[str] = []
    for text, expected in corpus.CORPUS:
        spans = _spans(text, expected)
        found = [(f.start, f.end, CATEGORY.get(f.kind, f.kind), f.text) for f in
                 redactor.find(text, advisory=True)]
        for start, end, category in spans:
            expected_n[category] += 1
            covered = set()
            for f_start, f_end, f_category, _ in found:
                if f_category == category:
                    covered.update(range(f_start, f_end))
            if all(i in covered or text[i].isspace() for i in range(start, end)):
                recalled[category] += 1
            else:
                misses.append(f"missed {category}: {text[start:end]!r} in {text!r}")
        for f_start, f_end, f_category, f_text in found:
            findings_n[f_category] += 1
            if any(c == f_category and f_start < e and s < f_end for s, e, c in spans):
                right[f_category] += 1
            else:
                misses.append(f"wrongly found {f_category}: {f_text!r} in {text!r}")
    categories = sorted(set(expected_n) | set(findings_n))
    return {c: (expected_n[c], recalled[c], findings_n[c], right[c]) for c in categories}, misses


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def test_the_corpus_is_big_and_covers_every_category() -> None:
    assert len(corpus.CORPUS) >= 200
    kinds = {item[1] for _, expected in corpus.CORPUS for item in expected}
    assert {"name", "email", "phone", "postcode", "vehicle", "ni-number", "card", "dob", "address",
            "account", "special-category"} <= kinds
    assert sum(1 for _, expected in corpus.CORPUS if not expected) >= 60  # negatives


def test_recall_and_precision_per_category(redactor: Redactor) -> None:
    numbers, misses = measure(redactor)
    print("\ncategory          expected  recall   findings  precision")
    for category, (expected, recalled, findings, right) in numbers.items():
        print(f"{category:<17} {expected:>8}  {_rate(recalled, expected):6.1%}  {findings:>8}  "
              f"{_rate(right, findings):8.1%}")
    for line in misses:
        print("  " + line)
    for category, (recall, precision) in TARGETS.items():
        expected, recalled, findings, right = numbers[category]
        assert _rate(recalled, expected) >= recall, (category, misses)
        assert _rate(right, findings) >= precision, (category, misses)
    # The learner's account patterns are exact: everything, and nothing else.
    assert numbers["account"][1] == numbers["account"][0] and numbers["account"][3] == numbers["account"][2]
