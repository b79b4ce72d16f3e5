"""Personal data detection and redaction for free text.

Finds e-mail addresses, UK phone numbers, UK postcodes, UK vehicle registrations
and the names, organisations and contact details of the journal's known customers.
Used by anonymisation (privacy) and by pseudonymised exports, so both redact the
same things; ``find`` powers the "what will be redacted" preview.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..journal.journal import Journal
    from ..journal.records import Customer

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 01xxx / 02x / 03xx / 07xxx / 08xx numbers, optionally written +44 (0)…, with spaces,
# dashes or brackets between digit groups.
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:[\s-]?\(?\d\)?){9,10}(?!\d)"
)
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
VEHICLE = re.compile(
    r"\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}"  # current: AB12 CDE
    r"|(?-i:[A-Z]\d{1,3} ?[A-Z]{3})"  # prefix: A123 BCD
    r"|(?-i:[A-Z]{3} ?\d{1,3}[A-Z]))\b",  # suffix: ABC 123D
    re.IGNORECASE,
)
PATTERNS = (("email", EMAIL, "[email]"), ("phone", PHONE, "[phone]"),
            ("postcode", POSTCODE, "[postcode]"), ("vehicle", VEHICLE, "[vehicle reg]"))

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"}
COMMON_WORDS = {
    "the", "and", "of", "ltd", "limited", "plc", "llp", "co", "company", "group", "services",
    "service", "uk", "team", "department", "dept", "customer", "motors", "garage", "shop",
}


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str  # email, phone, postcode, vehicle, name, organisation, contact
    text: str
    replacement: str


@dataclass
class KnownPerson:
    pseudonym: str
    name: str = ""
    organisation: str = ""
    contact: str = ""
    extra_terms: list[str] = field(default_factory=list)

    @classmethod
    def from_customer(cls, customer: Customer) -> KnownPerson:
        return cls(customer.pseudonym, customer.name, customer.organisation, customer.contact)

    def terms(self) -> list[tuple[str, str]]:
        """(term, kind): the full name, its distinctive parts, organisation and contact bits."""
        out: list[tuple[str, str]] = []
        if self.name.strip():
            out.append((self.name.strip(), "name"))
            parts = name_parts(self.name)
            for part in parts:
                out.append((part, "name"))
            if parts:  # "Mrs Patel" as a whole, so the title doesn't linger
                out += [(f"{title} {parts[-1]}", "name") for title in TITLES]
                out += [(f"{title}. {parts[-1]}", "name") for title in TITLES]
        if self.organisation.strip():
            out.append((self.organisation.strip(), "organisation"))
        for line in re.split(r"[\n,;]+", self.contact):
            if len(line.strip()) >= 4:
                out.append((line.strip(), "contact"))
        out += [(t, "name") for t in self.extra_terms if t.strip()]
        return out


def name_parts(name: str) -> list[str]:
    """The distinctive pieces of a name: no titles, no initials, no tiny words."""
    parts = []
    for token in re.findall(r"[\w'’-]+", name, re.UNICODE):
        clean = token.strip("'’-")
        if len(clean) < 2 or clean.lower() in TITLES or clean.lower() in COMMON_WORDS:
            continue
        parts.append(clean)
    return parts


class Redactor:
    """Finds and replaces personal data. Build once per export/anonymisation run."""

    def __init__(self, people: Iterable[KnownPerson] = (), keep: Iterable[str] = ()) -> None:
        keep_lower = {k.strip().lower() for k in keep if k.strip()}
        self._replacement: dict[str, tuple[str, str]] = {}
        for person in people:
            for term, kind in person.terms():
                key = term.lower()
                if key in keep_lower or key in self._replacement:
                    continue
                self._replacement[key] = (person.pseudonym if kind == "name" else f"[{kind}]", kind)
        terms = sorted(self._replacement, key=len, reverse=True)
        self._names = (
            re.compile(
                r"(?<![\w])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w])",
                re.IGNORECASE | re.UNICODE,
            )
            if terms else None
        )

    @classmethod
    def for_journal(cls, journal: Journal, keep: Iterable[str] = ()) -> Redactor:
        """Every customer of the journal; the learner's own name is never redacted."""
        people = [KnownPerson.from_customer(c) for c in journal.customers.all()]
        keep = list(keep) + [journal.learner().name]
        return cls(people, keep)

    def find(self, text: str) -> list[Finding]:
        if not text:
            return []
        found: list[Finding] = []
        for kind, pattern, replacement in PATTERNS:
            for m in pattern.finditer(text):
                found.append(Finding(m.start(), m.end(), kind, m.group(0), replacement))
        if self._names is not None:
            for m in self._names.finditer(text):
                replacement, kind = self._replacement[m.group(0).lower()]
                found.append(Finding(m.start(), m.end(), kind, m.group(0), replacement))
        return _without_overlaps(found)

    def redact(self, text: str) -> str:
        findings = self.find(text)
        if not findings:
            return text
        out, last = [], 0
        for f in findings:
            out.append(text[last : f.start])
            out.append(f.replacement)
            last = f.end
        out.append(text[last:])
        return "".join(out)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    # Longest match wins where two overlap (an e-mail containing a surname, say).
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept
