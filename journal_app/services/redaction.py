"""Personal data detection and redaction for free text.

Finds e-mail addresses, UK phone numbers, UK postcodes, UK vehicle registrations
and the names, organisations and contact details of the journal's known customers.
Used by anonymisation (privacy) and by pseudonymised exports, so both redact the
same things; ``find`` and ``preview_redactions`` power the "what will be redacted"
previews.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..journal.journal import Journal
    from ..journal.records import Customer

EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers: 0 then 9-10 more digits (01xxx, 02x, 03xx, 07xxx, 08xx), or +44 / 0044 with
# an optional (0); digit groups may be split by spaces, dashes or brackets. A time
# ("09:30"), money ("£120.50") or a date ("12/10/2026") never has 10+ digits in a row.
PHONE = re.compile(
    r"(?<![\w+£$€.:/])(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(?0)"
    r"(?:[\s-]?\(?\d\)?){8,9}[\s-]?\d(?![\w:/.]\d|\d)"
)
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
VEHICLE = re.compile(
    r"\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}"  # current: AB12 CDE (also typed in lower case)
    r"|(?-i:[A-Z]\d{1,3} ?[A-Z]{3})"  # prefix: A123 BCD
    r"|(?-i:[A-Z]{3} ?\d{1,3}[A-Z]))\b",  # suffix: ABC 123D
    re.IGNORECASE,
)
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)
PATTERNS = (("email", EMAIL, "[email]"), ("phone", PHONE, "[phone]"),
            ("postcode", POSTCODE, "[postcode]"), ("vehicle", VEHICLE, "[vehicle reg]"))

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"}
COMMON_WORDS = {
    "the", "and", "of", "ltd", "limited", "plc", "llp", "co", "company", "group", "services",
    "service", "uk", "team", "department", "dept", "customer", "motors", "garage", "shop",
}
# Names that are also everyday words: matched only when written with a capital letter,
# so "I will call" survives while "Will said" is redacted.
EVERYDAY_WORDS = {
    "will", "mark", "bill", "grace", "hope", "joy", "rose", "faith", "may", "june", "april",
    "dawn", "summer", "frank", "rich", "ray", "guy", "sue", "pat", "sandy", "amber", "ruby",
    "holly", "ivy", "lily", "daisy", "heather", "robin", "drew", "dean", "chase", "miles", "art",
    "king", "cook", "baker", "smith", "green", "brown", "white", "black", "young", "wood", "hill",
    "stone", "best", "bell", "lamb", "moss", "rice", "price", "long", "short", "little", "hall",
    "wall", "field", "lane", "page", "marsh", "bird", "fox", "hunt", "park", "bishop", "major",
    "gay", "penny", "sunny", "honey", "jewel", "star", "sky", "reed", "cliff", "glen",
    "norman", "victor", "august", "jack", "jean", "bob", "rob", "nick", "sam", "max", "ben",
    "dot", "eve", "kay", "lee", "win", "barry", "pearl", "rusty", "carol", "chance", "gale",
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
        if customer.anonymised_at:  # what is left is the pseudonym, nothing to find
            return cls(customer.pseudonym)
        return cls(customer.pseudonym, customer.name, customer.organisation, customer.contact)

    def terms(self) -> list[tuple[str, str]]:
        """(term, kind): the full name, its distinctive parts, organisation and contact bits."""
        out: list[tuple[str, str]] = []
        for name in [self.name, *self.extra_terms]:
            if not name.strip() or name.strip() == self.pseudonym:
                continue
            out.append((name.strip(), "name"))
            parts = name_parts(name)
            out += [(part, "name") for part in parts]
            if parts:  # "Mrs Patel" as a whole, so the title doesn't linger
                out += [(f"{title} {parts[-1]}", "name") for title in TITLES]
                out += [(f"{title}. {parts[-1]}", "name") for title in TITLES]
        if self.organisation.strip():
            out.append((self.organisation.strip(), "organisation"))
        for line in re.split(r"[\n,;]+", self.contact):
            if len(line.strip()) >= 4:
                out.append((line.strip(), "contact"))
        return out


BRACKETED = re.compile(r"\(([^()]*)\)")


def name_parts(name: str) -> list[str]:
    """The distinctive pieces of a name: no titles, no initials, no tiny words.

    For an internal customer written "Used car sales (Priya Shah)" only the person in
    brackets counts: "car" and "sales" are the department's everyday words, and
    redacting every "car" in the journal would wreck the learner's text. Words written
    in lower case ("van", "de", "car") are never distinctive on their own either.
    """
    bracketed = BRACKETED.findall(name)
    source = " ".join(bracketed) if any(b.strip() for b in bracketed) else name
    tokens = [t.strip("'’-") for t in re.findall(r"[\w'’-]+", source, re.UNICODE)]
    # A name typed all in lower case ("tom hughes") keeps every word.
    capitalised = any(t[:1].isupper() for t in tokens)
    parts = []
    for clean in tokens:
        if len(clean) < 2 or clean.lower() in TITLES or clean.lower() in COMMON_WORDS:
            continue
        if capitalised and clean[0].islower():
            continue
        if clean.isdigit() or "@" in clean:
            continue
        parts.append(clean)
    return parts


class Redactor:
    """Finds and replaces personal data. Build once per export/anonymisation run.

    ``patterns=False`` finds only the known people's terms (anonymising one customer
    must not strip a phone number that belongs to somebody else's record).
    """

    def __init__(self, people: Iterable[KnownPerson] = (), keep: Iterable[str] = (), *,
                 patterns: bool = True) -> None:
        kept = [k.strip() for k in keep if k and k.strip()]
        # Parts too: the learner "Sam Patel" stays "Sam Patel" even next to a customer called Patel.
        keep_lower = {k.lower() for k in kept} | {p.lower() for k in kept for p in name_parts(k)}
        self.patterns = patterns
        self._replacement: dict[str, tuple[str, str]] = {}
        self._capitalised: set[str] = set()
        for person in people:
            for term, kind in person.terms():
                key = term.lower()
                if key in keep_lower or key in self._replacement:
                    continue
                self._replacement[key] = (person.pseudonym if kind == "name" else f"[{kind}]", kind)
                if kind == "name" and key in EVERYDAY_WORDS and term == term.capitalize():
                    self._capitalised.add(key)
        self._names = (
            re.compile(r"(?<![\w])(?:" + _trie_pattern(self._replacement) + r")(?![\w])",
                       re.IGNORECASE | re.UNICODE)
            if self._replacement else None
        )

    @classmethod
    def for_journal(
        cls, journal: Journal, keep: Iterable[str] = (), customers: Iterable[Customer] | None = None
    ) -> Redactor:
        """Every customer of the journal (or those given, already loaded); the learner's own
        name is never redacted."""
        everyone = journal.customers.all() if customers is None else customers
        people = [KnownPerson.from_customer(c) for c in everyone]
        keep = list(keep) + [journal.learner().name]
        return cls(people, keep)

    def find(self, text: str) -> list[Finding]:
        if not text:
            return []
        found: list[Finding] = []
        if self.patterns:
            for kind, pattern, replacement in PATTERNS:
                for m in pattern.finditer(text):
                    if kind == "postcode" and not m.group(0).isupper() and ORDINAL.search(m.group(0)):
                        continue  # "room a1 2nd floor" is not a postcode
                    start = m.start()
                    if m.group(0).startswith("(") and ")" not in m.group(0):
                        start += 1  # "(07700 900123)": the brackets are the writer's, not the number's
                    found.append(Finding(start, m.end(), kind, text[start : m.end()], replacement))
        if self._names is not None:
            for m in self._names.finditer(text):
                key = m.group(0).lower()
                if key in self._capitalised and not m.group(0)[:1].isupper():
                    continue
                replacement, kind = self._replacement[key]
                found.append(Finding(m.start(), m.end(), kind, m.group(0), replacement))
        return _without_overlaps(found)

    def redact(self, text: str) -> str:
        findings = self.find(text)
        if not findings:
            return text
        out, last, previous = [], 0, None
        for f in findings:
            gap = text[last : f.start]
            # "Anita Patel" found as two names reads as one pseudonym, not "Customer A Customer A".
            if previous is not None and previous.kind == f.kind == "name" and not gap.strip() \
                    and previous.replacement == f.replacement:
                last = f.end
                continue
            out.append(gap)
            out.append(f.replacement)
            last, previous = f.end, f
        out.append(text[last:])
        return "".join(out)


def _trie_pattern(terms: Iterable[str]) -> str:
    """One regex for thousands of terms, shaped as a prefix tree.

    A flat ``a|b|c…`` alternation of every name, name part and "Mrs Patel" variant
    is tried term by term at each position (about 1 ms per sentence with a hundred
    customers); the tree shares prefixes so each character is examined once. Longer
    matches are still preferred: the optional tail is greedy.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends_here else group

    return build(trie)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    # Longest match wins where two overlap (an e-mail containing a surname, say).
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


# --- preview -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RedactionPreview:
    """One finding shown with a little of the text around it."""

    where: str  # "interaction i-12ab: summary", or "text 3" for plain texts
    kind: str
    text: str
    replacement: str
    before: str
    after: str

    @property
    def context(self) -> str:
        return f"{self.before}[{self.text} → {self.replacement}]{self.after}"

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "kind": self.kind, "text": self.text,
                "replacement": self.replacement, "context": self.context}


def preview_redactions(
    journal: Journal, items: Iterable[Any], *, keep: Iterable[str] = (), context: int = 30,
    redactor: Redactor | None = None,
) -> list[RedactionPreview]:
    """Each finding in the given texts or records, with ``context`` characters either side.

    ``items`` may mix plain strings and records; a record's every free-text field is read.
    """
    from .free_text import label, texts

    redactor = redactor or Redactor.for_journal(journal, keep=keep)
    out: list[RedactionPreview] = []
    for n, item in enumerate(items, 1):
        if isinstance(item, str):
            sources = [(f"text {n}", item)]
        else:
            sources = [(f"{item.TYPE} {item.id}: {label(path)}", value) for path, value in texts(item)]
        for where, value in sources:
            for f in redactor.find(value):
                before = value[max(0, f.start - context) : f.start]
                after = value[f.end : f.end + context]
                out.append(RedactionPreview(
                    where, f.kind, f.text, f.replacement,
                    ("…" if f.start > context else "") + before.replace("\n", " "),
                    after.replace("\n", " ") + ("…" if f.end + context < len(value) else ""),
                ))
    return out
