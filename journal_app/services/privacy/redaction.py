"""Personal data detection and redaction for free text.

Finds e-mail addresses, UK phone numbers, UK postcodes, UK vehicle registrations,
National Insurance numbers, payment card numbers, dates of birth (written next to
"DOB", "born on", "date of birth"), street addresses, the learner's own account/order
number patterns, and the names, organisations and contact details of the journal's
known customers. Used by anonymisation (privacy) and by pseudonymised exports, so
both redact the same things; ``find`` and ``preview_redactions`` power the "what will
be redacted" previews, where special-category words (health, religion, …) are also
reported, for the learner to decide about, but never redacted on their own.

Names are matched the way people write them, not only as stored: accents are folded
("Siobhan" finds "Siobhán"), curly and straight apostrophes are the same ("O’Brien"),
a title finds either half of a double-barrelled surname ("Mr Jones" for Gareth
Lloyd-Jones), every name in "Liz (Elizabeth) Carter" or "李雷 (Li Lei)" counts, and
names in scripts written without spaces (Chinese, Japanese, Korean, Thai) are found
inside longer runs of text. Phone numbers and e-mail addresses of known customers are
compared in a normal form (``+44 7700 900123`` = ``07700-900-123``; case and
``+tags`` ignored in e-mails).

**Shared names.** The learner's own name, the assessor's, any name the caller keeps
(witnesses) and the learner's "never hide" list are never redacted, nor is any *part*
of them standing alone: if the learner is Sam Patel and a customer is Sam Jones, a
bare "Sam" is ambiguous and stays, while "Sam Jones", "Mr Jones" and "Jones" are
redacted. The customer's full name and title forms always go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.records import Customer

EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers: 0 then 9-10 more digits (01xxx, 02x, 03xx, 07xxx, 08xx), or +44 / 0044 with
# an optional (0); digit groups may be split by spaces, dashes or brackets. A time
# ("09:30"), money ("£120.50") or a date ("12/10/2026") never has 10+ digits in a row.
PHONE = re.compile(
    r"(?<![\w+£$€.:/-])(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(?0)"
    r"(?:[\s-]?\(?\d\)?){8,9}[\s-]?\d(?![\w:/.]\d|\d|-\d)"
)
# A number written after "part", "ref", "serial"… is a part or reference number, not a phone.
NOT_A_PHONE = re.compile(
    r"(?:\bpart|\bp/n|\bpn|\bref|\breference|\bserial|\bs/n|\bsku|\bcode|\bbarcode|\bcat(?:alogue)?|"
    r"\bitem|\bmodel|\bvin|\bbatch|\blot|\bstock|\binvoice|\border)(?:\s*(?:no\.?|number|#|num\.?))?"
    r"[\s:.#-]*$",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


POSTCODE_AREAS = _words(
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN "
    "LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP "
    "SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|([A-Z]{1,2})\d[A-Z\d]? {0,2}\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
# DVLA formats. Current (2001 on): a memory tag (no I, Q, U or Z first; no I, Q or Z
# second), an age identifier (02-29 for March, 51-79 for September registrations) and
# three random letters (no I or Q); typed in upper or lower case but not mixed, so
# "XC60 was" is a car and a verb. Prefix (A123 BCD) and suffix (ABC 123D) plates only
# in capitals, with the age letter DVLA used (no I, O, Q, U or Z).
VEHICLE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<current>[A-HJ-PR-TV-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d) ?[A-HJ-PR-Z]{3})"
    r"|(?-i:(?P<prefix>[A-HJ-NPR-TV-Y][1-9]\d{0,2} ?[A-HJ-PR-Y]{3}))"
    r"|(?-i:(?P<suffix>[A-HJ-PR-Y]{3} ?[1-9]\d{0,2}[A-HJ-NPR-TV-Y]))"
    r")(?![\w-])",
    re.IGNORECASE,
)
PLATE_CONTEXT = re.compile(
    r"\b(?:reg|registration|plate|number plate|vrm)\b[\s.:#-]*(?:no\.?|number)?[\s.:#-]*$", re.IGNORECASE
)
# Trim and engine badges that look like the letters of an old plate ("A4 TDI", "C3 HDI").
TRIM_WORDS = _words(
    "TDI TSI GTI GTD GTE CDI HDI DCI SRI AMG SUV MPV VTI VTE CVT DSG GSI XLE LTD RSI TDS CRD DOT "
    "ABS ESP LED BHP MPG RPM"
)
MODEL_CODES = frozenset(
    [f"A{n}" for n in range(1, 9)] + [f"Q{n}" for n in range(2, 9)] + [f"S{n}" for n in range(1, 9)]
    + [f"X{n}" for n in range(1, 8)] + [f"M{n}" for n in range(1, 9)] + [f"C{n}" for n in range(1, 6)]
    + [f"Z{n}" for n in range(1, 9)] + [f"E{n}" for n in range(1, 9)] + ["V8", "V6", "B3", "T5", "T6", "K9"]
)
CAR_MAKES = _words(
    "audi bmw citroen citroën mercedes merc vw volkswagen volvo mazda kia hyundai peugeot renault nissan "
    "toyota honda ford vauxhall opel skoda škoda seat cupra mini fiat tesla lexus jaguar porsche ds mg alfa "
    "romeo jeep rover subaru suzuki mitsubishi dacia polestar byd genesis smart saab chevrolet dodge"
)
# National Insurance numbers: HMRC never issues D, F, I, Q, U or V as either letter, nor O
# second, nor the prefixes BG, GB, KN, NK, NT, TN or ZZ; the suffix is A, B, C or D.
NI_NUMBER = re.compile(
    r"\b(?!(?:BG|GB|KN|NK|NT|TN|ZZ))[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
    re.IGNORECASE,
)
# Payment cards: 13-19 digits starting 2-6 (Visa, Mastercard, Amex, Maestro…), in groups;
# kept only if the Luhn check digit is right.
CARD = re.compile(r"(?<![\w£$€.,/:-])[2-6](?:[ -]?\d){12,18}(?![\w]|[.,/:-]\d)")
MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[\s./-]+(?:\d{1,2}|" + MONTHS + r")[\s./,-]+\d{2,4}"
    r"|" + MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
# A date is a date of birth only next to words that say so.
DAY_MONTH = r"\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + MONTHS + r"(?![\w])(?!\s+\d)"
DOB = re.compile(
    r"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bborn(?:\s+on)?\b|\bbirth\s*date\b|\bbirthday\b)"
    r"(?:\s*\([^()]{0,30}\))?(?:\s*(?:is|was|of|on|:|-|–|,|\())*\s*(?:the\s+)?(" + DATE + r")(?!\d)"
    # a birthday without the year still says when it is: "her birthday is 3rd May"
    r"|\bbirthday\s+(?:is\s+|was\s+|on\s+)*(?:the\s+)?(" + DAY_MONTH + r")",
    re.IGNORECASE,
)
STREET_TYPES = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|"
    r"Terrace|Gardens|Gdns|Grove|Square|Sq|Mews|Row|Walk|Rise|Parade|View|Hill|Green|Park|Vale|"
    r"Gate|Boulevard|Wharf|Yard|Croft|Meadow|Meadows|Fold|Chase|Glade|Wynd|Brow|Mount|Bank|"
    r"Approach|Heights|Villas|Cottages|Embankment|Circus|Grange|Mead|Nook|Garth|Lea|Quay)"
)
NOT_STREET_WORDS = (r"minutes?|mins?|hours?|hrs?|miles?|yards?|metres?|meters?|seconds?|secs?|days?|weeks?|"
                    r"months?|years?|doors?|cars?|vans?|people|times?|more|of|the|a|an|and|or|to|in|on|at|"
                    r"up|down|along|across|round|around|from|by|way|one|way|lanes?|tyres?|wheels?")
# House number (or Flat 3, 14 …), one to three capitalised words, then a street type.
ADDRESS = re.compile(
    r"(?<![\w£$€.,/:-])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){1,3}" + STREET_TYPES + r"\b\.?"
    r"|(?<![\w-])(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?\b"
    # all in lower case, as typed on a phone: "14 wellington road" (not "5 minutes drive")
    r"|(?<![\w£$€.,/:-])\d{1,4}[a-z]?,?\s+(?!(?:" + NOT_STREET_WORDS + r")\b)[a-z][\w'’-]+"
    r"(?:\s+(?!(?:" + NOT_STREET_WORDS + r")\b)[a-z][\w'’-]+)?"
    r"\s+(?:road|street|avenue|lane|close|drive|crescent|terrace|gardens|grove|way)\b"
)
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)

# (kind, regex, replacement); all need a digit, except e-mail which needs an "@".
PATTERNS = (("email", EMAIL, "[email]"), ("phone", PHONE, "[phone]"),
            ("postcode", POSTCODE, "[postcode]"), ("vehicle", VEHICLE, "[vehicle reg]"),
            ("ni-number", NI_NUMBER, "[NI number]"), ("card", CARD, "[card number]"),
            ("address", ADDRESS, "[address]"))

# Special categories of personal data (UK GDPR art. 9): health, disability, religion,
# ethnicity, sexuality, pregnancy, trade union membership. Reported in the preview so
# the learner decides; not redacted (a reflection about helping a wheelchair user is
# often the point of the entry).
SPECIAL_WORDS = (
    "hard of hearing", "deaf", "blind", "partially sighted", "visually impaired", "sight loss",
    "hearing aid", "hearing aids", "wheelchair", "wheelchairs", "wheelchair user", "mobility scooter",
    "walking stick", "crutches", "disabled", "disability", "disabilities", "blue badge",
    "autism", "autistic", "asperger's", "adhd", "dyslexia", "dyslexic", "learning disability",
    "learning difficulties", "pregnant", "pregnancy", "maternity", "miscarriage", "expecting a baby",
    "diabetic", "diabetes", "epilepsy", "epileptic", "asthma", "asthmatic", "cancer", "chemo",
    "chemotherapy", "dementia", "alzheimer's", "parkinson's", "depression", "depressed", "anxiety",
    "panic attack", "panic attacks", "mental health", "bipolar", "schizophrenia", "hiv", "stroke",
    "heart attack", "heart condition", "surgery", "hospital", "hospitalised", "medication",
    "prosthetic", "stammer", "stutter", "terminally ill", "illness", "sick note",
    "muslim", "islam", "islamic", "christian", "catholic", "jewish", "jew", "hindu", "sikh",
    "buddhist", "atheist", "mosque", "church", "synagogue", "temple", "gurdwara", "ramadan", "eid",
    "diwali", "halal", "kosher", "hijab", "turban", "religion", "religious",
    "gay", "lesbian", "bisexual", "transgender", "trans", "non-binary", "lgbt", "lgbtq",
    "ethnicity", "ethnic", "race", "racial", "traveller", "gypsy", "roma", "trade union",
    "union rep",
)
TIE_ORDER = {"email": 0, "phone": 0, "postcode": 0, "vehicle": 0, "name": 1, "organisation": 1, "contact": 1}
ADVISORY_KINDS = frozenset({"special-category"})
SPECIAL_REPLACEMENT = "(stays: your choice)"

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"}
TITLE_BEFORE = re.compile(r"(?:^|(?<=\W))(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lady|lord|rev)\.?\s+$",
                          re.IGNORECASE)
COMMON_WORDS = {
    "the", "and", "of", "ltd", "limited", "plc", "llp", "co", "company", "group", "services",
    "service", "uk", "team", "department", "dept", "customer", "motors", "garage", "shop",
    # the words of an internal customer written as a department: "Reception (Amy)"
    "sales", "parts", "reception", "accounts", "workshop", "desk", "office", "manager", "front",
    "finance", "admin", "warehouse", "stores", "counter", "bodyshop", "valeting", "used", "new",
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
    "jan", "rod", "pip", "tim", "ted", "bud", "don", "di", "ed", "al", "flora", "iris",
}
# ... and at the start of a sentence a capital proves nothing: "May I take your name?",
# "Will you call back?", "Mark the job card". There such a name counts only if the next
# word is not one of these.
AFTER_AUXILIARY = {
    "i", "you", "we", "they", "he", "she", "it", "the", "a", "an", "this", "that", "these", "those",
    "your", "my", "our", "their", "his", "her", "its", "be", "have", "not", "to", "by", "up", "down",
    "all", "each", "every", "some", "any", "as", "off", "out", "from", "in", "on", "at", "for",
    "with", "if", "there", "one", "someone", "somebody", "anyone", "anybody", "me", "us", "them",
}
MONTH_NAMES = {"jan", "may", "june", "april", "august"}
MONTH_BEFORE = re.compile(
    r"(?:\d(?:st|nd|rd|th)?|\b(?:in|by|since|until|till|from|of|early|late|mid|next|last|this|every|"
    r"during|before|after|end|start|to))[\s-]*$", re.IGNORECASE)
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“‘(]\s*|-\s+)$")
NEXT_WORD = re.compile(r"\s+([\w']+)")
# Scripts written without spaces between words: a name is found inside a longer run.
NO_SPACE_SCRIPTS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                              r"\uf900-\ufaff\U00020000-\U0002fa1f]")
DIGIT = re.compile(r"\d")
HYPHENATED = re.compile(r"-\w")
HYPHEN_BEFORE = re.compile(r"\w-$")

_SPECIAL_FOLDS = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
                  "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
                  "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ħ": "h", "ŧ": "t"}


class _FoldTable(dict[int, str]):
    """Character by character (so positions stay the same): lower case, accents off,
    one kind of apostrophe and hyphen. Filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            low = ch
        decomposed = unicodedata.normalize("NFD", low)
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            low = decomposed[0]
        out = _SPECIAL_FOLDS.get(low, low)
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """``text`` as the matcher compares it; always the same length as ``text``."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    # email, phone, postcode, vehicle, ni-number, card, dob, address, account, name,
    # organisation, contact; and "special-category" (reported only, never redacted)
    kind: str
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
        """(term, kind): the full name and the other ways it is written, its distinctive
        parts, organisation and contact bits. Titles are handled by the matcher ("Mrs"
        before any part of the name is taken with it)."""
        out: list[tuple[str, str]] = []
        for name in [self.name, *self.extra_terms]:
            name = name.strip()
            if not name or name == self.pseudonym:
                continue
            out += [(variant, "name") for variant in name_variants(name)]
            parts = name_parts(name)
            out += [(part, "name") for part in parts]
            out += [(part.replace("'", "").replace("’", ""), "name") for part in parts
                    if "'" in part or "’" in part]  # "OBrien" typed without the apostrophe
            out += [(part.replace("-", " "), "name") for part in parts if "-" in part]  # "Lloyd Jones"
        if self.organisation.strip():
            out.append((self.organisation.strip(), "organisation"))
        for line in re.split(r"[\n,;]+", self.contact):
            if len(line.strip()) >= 4:
                out.append((line.strip(), "contact"))
        return out

    def title_terms(self) -> list[str]:
        """Halves of a double-barrelled surname, found only after a title: "Mr Jones" is
        Gareth Lloyd-Jones, a bare "Jones" may be anybody."""
        out: list[str] = []
        for name in [self.name, *self.extra_terms]:
            if name.strip() == self.pseudonym:
                continue
            for part in name_parts(name):
                halves = [h for h in re.split(r"[-‐‑]", part) if len(h) >= 2]
                if len(halves) > 1:
                    out += halves
        return out

    def contact_details(self) -> tuple[list[str], list[str]]:
        """(phone numbers, e-mail addresses) written anywhere in the contact field."""
        return ([m.group(0) for m in PHONE.finditer(self.contact)],
                [m.group(0) for m in EMAIL.finditer(self.contact)])


BRACKETED = re.compile(r"\(([^()]*)\)")
TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)


def _tokens(source: str) -> list[str]:
    return [t.strip("'’-") for t in TOKEN.findall(source)]


def _outside_is_a_name(outside: str) -> bool:
    """"Liz (Elizabeth) Carter": "Liz Carter" is a name too; "Used car sales (Priya)" is a
    department: it has words in lower case, or only department words."""
    tokens = [t for t in _tokens(outside) if t]
    if not tokens:
        return False
    if any(t[:1].islower() for t in tokens):
        return False
    return any(t.lower() not in COMMON_WORDS and t.lower() not in TITLES for t in tokens)


def name_variants(name: str) -> list[str]:
    """The whole name and the other ways it is written in full: without what is in
    brackets ("Liz Carter"), each bracketed name ("Li Lei"), without hyphens or
    apostrophes ("Lloyd Jones", "OBrien")."""
    name = " ".join(name.split())
    out = [name]
    bracketed = [b.strip() for b in BRACKETED.findall(name) if b.strip()]
    if bracketed:
        outside = " ".join(BRACKETED.sub(" ", name).split())
        if _outside_is_a_name(outside):
            out.append(outside)
            words = outside.split()
            if len(words) > 1:  # "Elizabeth Carter": the bracketed first name with the surname
                out += [f"{b} {words[-1]}" for b in bracketed if " " not in b]
        out += bracketed
    for variant in list(out):
        words = variant.split()
        while words and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]  # "Anita Patel" for "Mrs Anita Patel"
        if words and words != variant.split():
            out.append(" ".join(words))
        if len(words) >= 3 and not BRACKETED.search(variant):
            out.append(f"{words[0]} {words[-1]}")  # "John Smith" for "John Michael Smith"
    more = []
    for variant in out:
        if "-" in variant:
            more.append(variant.replace("-", " "))
        if "'" in variant or "’" in variant:
            more.append(variant.replace("'", "").replace("’", ""))
    return list(dict.fromkeys(v for v in out + more if len(v) >= 2))


def name_parts(name: str) -> list[str]:
    """The distinctive pieces of a name: no titles, no initials, no tiny words.

    For an internal customer written "Used car sales (Priya Shah)" only the person in
    brackets counts: "car" and "sales" are the department's everyday words, and
    redacting every "car" in the journal would wreck the learner's text. Words written
    in lower case ("van", "de", "car") are never distinctive on their own either. In
    "Liz (Elizabeth) Carter" or "李雷 (Li Lei)" the words outside the brackets are a name
    as well, so all of them count.
    """
    bracketed = BRACKETED.findall(name)
    if any(b.strip() for b in bracketed):
        outside = BRACKETED.sub(" ", name)
        source = " ".join(bracketed) + (" " + outside if _outside_is_a_name(outside) else "")
    else:
        source = name
    tokens = _tokens(source)
    # A name typed all in lower case ("tom hughes") keeps every word.
    capitalised = any(t[:1].isupper() for t in tokens)
    parts = []
    for clean in tokens:
        if len(clean) < 2 and not NO_SPACE_SCRIPTS.search(clean):
            continue
        if clean.lower() in TITLES or clean.lower() in COMMON_WORDS:
            continue
        if capitalised and clean[0].islower():
            continue
        if clean.isdigit() or "@" in clean:
            continue
        if clean not in parts:
            parts.append(clean)
    return parts


def employer_terms(placement: str) -> list[str]:
    """What in the learner's placement text names their own workplace: the whole text,
    each comma-separated piece, and each run of capitalised words ("Halton Motors" in
    "Service desk at Halton Motors, Leeds")."""
    placement = " ".join((placement or "").split())
    if not placement:
        return []
    out = [placement] + [p.strip() for p in re.split(r"[,;(|/]+|\s+-\s+|\bat\b", placement) if p.strip()]
    run: list[str] = []
    for word in [*placement.replace(",", " , ").split(), ","]:
        if word[:1].isupper() or (run and word.lower() in {"&", "and", "of"}):
            run.append(word.strip("()"))
        else:
            if run:
                out.append(" ".join(run))
            run = []
    return list(dict.fromkeys(t.strip(" )") for t in out if len(t.strip()) >= 2))


@lru_cache(maxsize=4096)
def phone_key(number: str) -> str:
    """A phone number in E.164 form (``+447700900123``), read as a UK number when it has
    no country code. ``phonenumbers`` is imported only here, the first time a number has
    to be compared (about 70 ms), so commands that never compare numbers don't pay."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "".join(c for c in number if c.isdigit())
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def email_key(address: str) -> str:
    """``Priya+Shop@X.com`` and ``priya@x.com`` are one mailbox."""
    local, _, domain = address.strip().rpartition("@")
    return local.split("+", 1)[0].lower() + "@" + domain.lower()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class _Term:
    replacement: str
    kind: str
    capital_only: bool = False  # everyday words and two-letter names
    title_only: bool = False  # half of a double-barrelled surname


class Redactor:
    """Finds and replaces personal data. Build once per export/anonymisation run.

    ``patterns=False`` finds only the known people's terms (anonymising one customer
    must not strip a phone number that belongs to somebody else's record).
    ``keep``: names and words never redacted, nor their parts standing alone.
    ``id_patterns``: the learner's regular expressions for account/order numbers.
    """

    def __init__(self, people: Iterable[KnownPerson] = (), keep: Iterable[str] = (), *,
                 patterns: bool = True, id_patterns: Iterable[str] = ()) -> None:
        kept = [k.strip() for k in keep if k and k.strip()]
        keep_terms = {fold(k) for k in kept} | {fold(p) for k in kept for p in name_parts(k)}
        keep_terms |= {fold(v) for k in kept for v in name_variants(k)}
        self.patterns = patterns
        self._terms: dict[str, _Term] = {}
        self._phones: dict[str, str] = {}  # raw number as stored -> pseudonym
        self._emails: dict[str, str] = {}  # normal form -> pseudonym
        self._phone_keys: dict[str, str] | None = None
        for person in people:
            for term, kind in person.terms():
                key = fold(term)
                if key in self._terms or len(key.strip()) < 2:
                    continue
                everyday = kind == "name" and key in EVERYDAY_WORDS and term[:1].isupper()
                short = kind == "name" and len(key) <= 2 and not NO_SPACE_SCRIPTS.search(key)
                replacement = person.pseudonym if kind == "name" else f"[{kind}]"
                self._terms[key] = _Term(replacement, kind, capital_only=everyday or short)
            for half in person.title_terms():
                key = fold(half)
                if key not in self._terms:
                    self._terms[key] = _Term(person.pseudonym, "name", title_only=True)
            phones, emails = person.contact_details()
            for number in phones:
                self._phones.setdefault(number, person.pseudonym)
            for address in emails:
                self._emails.setdefault(email_key(address), person.pseudonym)
        spaced = [k for k in self._terms if not NO_SPACE_SCRIPTS.search(k)]
        unspaced = [k for k in self._terms if NO_SPACE_SCRIPTS.search(k)]
        self._names = _bounded(spaced)
        self._unspaced = re.compile(_trie_pattern(unspaced)) if unspaced else None
        self._keep = _bounded(keep_terms)
        self._unspaced_keep = (
            re.compile(_trie_pattern([k for k in keep_terms if NO_SPACE_SCRIPTS.search(k)]))
            if any(NO_SPACE_SCRIPTS.search(k) for k in keep_terms) else None
        )
        self._ids = [re.compile(p) for p in id_patterns if p]

    @classmethod
    def for_journal(
        cls, journal: Journal, keep: Iterable[str] = (), customers: Iterable[Customer] | None = None
    ) -> Redactor:
        """Every customer of the journal (or those given, already loaded). Never redacted:
        the learner's own name, the assessor's, the learner's workplace (the placement
        text) and the learner's "never hide" list; the learner's account number patterns
        are redacted too."""
        from .privacy_settings import id_patterns, never_hide

        learner = journal.learner()
        everyone = journal.customers.all() if customers is None else customers
        workplace = fold(learner.placement or "")
        people = []
        for customer in everyone:
            person = KnownPerson.from_customer(customer)
            # An internal customer's organisation is usually the learner's own workplace.
            if person.organisation.strip() and workplace and fold(person.organisation.strip()) in workplace:
                person.organisation = ""
            people.append(person)
        kept = [*keep, learner.name, learner.assessor, *never_hide(journal),
                *employer_terms(learner.placement or "")]
        return cls(people, kept, id_patterns=id_patterns(journal))

    # --- finding ---------------------------------------------------------------------
    def find(self, text: str, *, advisory: bool = False) -> list[Finding]:
        """What would be redacted, in order, without overlaps. ``advisory=True`` adds the
        findings that are only reported (special-category words), for previews."""
        if not text:
            return []
        folded = fold(text)
        found: list[Finding] = []
        has_digit = DIGIT.search(text) is not None
        if self.patterns and (has_digit or "@" in text):
            found += self._pattern_findings(text, has_digit)
        elif has_digit or "@" in text:
            found += self._contact_findings(text)
        for kind, pattern in (("account", p) for p in self._ids):
            found += [Finding(m.start(), m.end(), kind, m.group(0), "[account no]")
                      for m in pattern.finditer(text) if m.end() > m.start()]
        found += self._name_findings(text, folded)
        found = _without_overlaps(found)
        keep = self._keep_spans(folded)
        if keep:
            found = [f for f in found if not any(s <= f.start and f.end <= e for s, e in keep)]
        if advisory:
            found = _without_overlaps(found + self._special_findings(text, folded, keep))
        return found

    def _pattern_findings(self, text: str, has_digit: bool) -> list[Finding]:
        found: list[Finding] = []
        if "@" in text:
            found += [Finding(m.start(), m.end(), "email", m.group(0), "[email]")
                      for m in EMAIL.finditer(text)]
        if not has_digit:
            return found
        flats = "Flat" in text or "Apt" in text or "Apartment" in text or "Unit" in text
        for kind, pattern, replacement, pos in _candidates(text, True, flats):
            m = pattern.match(text, pos)
            if m is None:
                continue
            value = m.group(0)
            start = m.start()
            if kind == "postcode":
                if m.group(1) is not None and m.group(1).upper() not in POSTCODE_AREAS:
                    continue
                if not value.isupper() and ORDINAL.search(value):
                    continue  # "room a1 2nd floor" is not a postcode
            elif kind == "vehicle":
                if not _plate_ok(m):
                    continue
            elif kind == "card":
                digits = "".join(c for c in value if c.isdigit())
                if not 13 <= len(digits) <= 19 or not luhn_ok(digits):
                    continue
            elif kind == "phone":
                if NOT_A_PHONE.search(text, max(0, start - 24), start):
                    continue
                if value.startswith("(") and ")" not in value:
                    start += 1  # "(07700 900123)": the brackets are the writer's, not the number's
            found.append(Finding(start, m.end(), kind, text[start : m.end()], replacement))
        lowered = text.lower()
        if "dob" in lowered or "birth" in lowered or "born" in lowered or "d.o.b" in lowered:
            found += self._dob_findings(text)
        return found

    @staticmethod
    def _dob_findings(text: str) -> list[Finding]:
        found: list[Finding] = []
        for m in DOB.finditer(text):
            group = 1 if m.group(1) is not None else 2
            found.append(Finding(m.start(group), m.end(group), "dob", m.group(group), "[date of birth]"))
        return found

    def _phone_owner(self, number: str) -> str | None:
        if number in self._phones:
            return self._phones[number]
        if self._phone_keys is None:
            self._phone_keys = {}
            for stored, pseudonym in self._phones.items():
                self._phone_keys.setdefault(phone_key(stored), pseudonym)
        return self._phone_keys.get(phone_key(number))

    def _contact_findings(self, text: str) -> list[Finding]:
        """Without patterns: only the known customers' phone numbers and e-mail addresses,
        however they are written."""
        found: list[Finding] = []
        if self._emails and "@" in text:
            found += [Finding(m.start(), m.end(), "contact", m.group(0), "[contact]")
                      for m in EMAIL.finditer(text) if email_key(m.group(0)) in self._emails]
        if self._phones:
            phones = (PHONE.match(text, pos) for kind, _p, _r, pos in _candidates(text) if kind == "phone")
            for m in phones:
                if m is None:
                    continue
                start = m.start() + (1 if m.group(0).startswith("(") and ")" not in m.group(0) else 0)
                if self._phone_owner(text[start : m.end()]) is not None:
                    found.append(Finding(start, m.end(), "contact", text[start : m.end()], "[contact]"))
        return found

    def _name_findings(self, text: str, folded: str) -> list[Finding]:
        found: list[Finding] = []
        matches = list(_word_matches(self._names, folded)) if self._names is not None else []
        if self._unspaced is not None:
            matches += self._unspaced.finditer(folded)
        for m in matches:
            key = m.group(0)
            term = self._terms[key]
            start, end = m.start(), m.end()
            original = text[start:end]
            if term.kind == "name":
                title = TITLE_BEFORE.search(text, max(0, start - 7), start)
                if term.title_only and title is None:
                    continue
                if term.capital_only and title is None and not self._capital_counts(text, start, end):
                    continue
                if term.capital_only and (HYPHENATED.match(text, end)
                                          or HYPHEN_BEFORE.search(text, max(0, start - 2), start)):
                    continue  # a short or everyday name inside a compound: "Li-ion", "May-day"
                if title is not None:
                    start = title.start()
            found.append(Finding(start, end, term.kind, text[start:end] if start != m.start() else original,
                                 term.replacement))
        return found

    @staticmethod
    def _capital_counts(text: str, start: int, end: int) -> bool:
        """Is this everyday word ("Will", "May", "Jan") written as a name here?"""
        word = text[start:end]
        if not word[:1].isupper():
            return False
        key = fold(word)
        if key in MONTH_NAMES:
            if MONTH_BEFORE.search(text, max(0, start - 12), start):
                return False  # "on 12 May", "in June", "by Jan"
            if re.match(r"\s*\d", text[end : end + 3]):
                return False  # "May 2026", "Jan 12"
        if SENTENCE_START.search(text, max(0, start - 3), start) or start == 0:
            after = NEXT_WORD.match(text, end)  # "Will, can you…" or "Rose." read as names
            if after is not None and after.group(1).lower() in AFTER_AUXILIARY:
                return False  # "May I help?", "Will you…", "Mark the card"
        return True

    def _keep_spans(self, folded: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in _word_matches(self._keep, folded)] if self._keep is not None else []
        if self._unspaced_keep is not None:
            spans += [m.span() for m in self._unspaced_keep.finditer(folded)]
        return spans

    @staticmethod
    def _special_findings(text: str, folded: str, keep: list[tuple[int, int]]) -> list[Finding]:
        out = []
        for m in SPECIAL.finditer(folded):
            if any(s <= m.start() and m.end() <= e for s, e in keep):
                continue
            out.append(Finding(m.start(), m.end(), "special-category", text[m.start() : m.end()],
                               SPECIAL_REPLACEMENT))
        return out

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


DIGITS = re.compile(r"\d+")
FLAT_BEFORE = re.compile(r"(?:Flat|Apartment|Apt|Unit)\s+$")
PATTERN = {kind: (pattern, replacement) for kind, pattern, replacement in PATTERNS}


def _candidates(text: str, addresses: bool = True, flats: bool = True
                ) -> Iterable[tuple[str, re.Pattern[str], str, int]]:
    """Where each number-shaped pattern could start, from the runs of digits in the text.

    Scanning ten patterns across every character of every text costs about 40 µs a text;
    every pattern except e-mail has digits in it, so each run of digits names the few
    places worth trying (the letters of a plate or postcode just before it, a "+" or "(",
    "Flat "), and each pattern is matched there only.
    """
    for run in DIGITS.finditer(text):
        s = run.start()
        first = text[s]
        before = text[s - 1] if s else ""
        if first == "0" or text.startswith("44", s):
            yield "phone", PHONE, "[phone]", s - 1 if before in ("+", "(") else s
        if first in "23456":
            yield "card", CARD, "[card number]", s
        if addresses or flats:
            yield "address", ADDRESS, "[address]", s
        if flats:
            flat = FLAT_BEFORE.search(text, max(0, s - 12), s)
            if flat is not None:
                yield "address", ADDRESS, "[address]", flat.start()
        direct = 0
        while direct < 4 and s - direct - 1 >= 0 and text[s - direct - 1].isalpha():
            direct += 1
        spaced = 0
        if direct == 0 and before in (" ", "-"):
            while spaced < 4 and s - spaced - 2 >= 0 and text[s - spaced - 2].isalpha():
                spaced += 1
        if direct in (1, 2):
            yield "postcode", POSTCODE, "[postcode]", s - direct
            yield "vehicle", VEHICLE, "[vehicle reg]", s - direct
        if direct == 2:
            yield "ni-number", NI_NUMBER, "[NI number]", s - 2
        elif spaced == 2:
            yield "ni-number", NI_NUMBER, "[NI number]", s - 3
        if direct == 3:
            yield "vehicle", VEHICLE, "[vehicle reg]", s - 3
        elif spaced == 3:
            yield "vehicle", VEHICLE, "[vehicle reg]", s - 4


def _plate_ok(m: re.Match[str]) -> bool:
    current = m.group("current")
    if current is not None:
        letters = current[:2] + current[-3:]
        if letters.isupper() or letters.islower():
            return True
        # "XC60 was" is a car model and a verb; "Reg Km15 Lke" is a plate however it is typed.
        return PLATE_CONTEXT.search(m.string, max(0, m.start() - 24), m.start()) is not None
    value = m.group(0)
    letters = "".join(c for c in value if c.isalpha())
    trailing = value[-3:] if m.group("prefix") else value[:3]
    if trailing in TRIM_WORDS or not letters.isupper():
        return False
    prefix = m.group("prefix")
    if prefix is not None and not prefix[2].isdigit():
        # one digit: "M4 CSL", "C4 VTR" are a model and its trim far more often than a plate
        model = prefix[:2]
        before = m.string[max(0, m.start() - 16) : m.start()].split()
        if model in MODEL_CODES or (before and before[-1].lower().strip("(,") in CAR_MAKES):
            return False
    return True


def _bounded(terms: Iterable[str]) -> re.Pattern[str] | None:
    """The terms as one regex over folded text, each a whole word (not inside a longer word)."""
    terms = [t for t in terms if t and not NO_SPACE_SCRIPTS.search(t)]
    if not terms:
        return None
    # No look-behind in front: a pattern that starts with its first letters is scanned by
    # the regex engine's fast prefix search; the word start is checked in _word_matches.
    return re.compile(r"(?:" + _trie_pattern(terms) + r")(?!\w)", re.UNICODE)


def _word_matches(pattern: re.Pattern[str], folded: str) -> Iterable[re.Match[str]]:
    """Matches of a _bounded pattern that start a word (not "tom" in "atom")."""
    pos = 0
    search = pattern.search
    while True:
        m = search(folded, pos)
        if m is None:
            return
        start = m.start()
        if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            pos = start + 1
            continue
        yield m
        pos = m.end()


SPECIAL = re.compile(r"(?<!\w)(?:" + "|".join(sorted(
    (re.escape(w) for w in SPECIAL_WORDS), key=len, reverse=True)) + r")(?!\w)")


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
    # Longest match wins where two overlap (an e-mail containing a surname, say); for the
    # same text the simple markers come first ("[phone]"), then a known customer's own
    # detail, then the wider patterns ("[contact]", not "[address]").
    found.sort(key=lambda f: (f.start, -(f.end - f.start), TIE_ORDER.get(f.kind, 2)))
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
    Special-category words are listed too (kind "special-category"): they stay in the
    export unless the learner rewrites them, but the learner should decide.
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
            for f in redactor.find(value, advisory=True):
                before = value[max(0, f.start - context) : f.start]
                after = value[f.end : f.end + context]
                out.append(RedactionPreview(
                    where, f.kind, f.text, f.replacement,
                    ("…" if f.start > context else "") + before.replace("\n", " "),
                    after.replace("\n", " ") + ("…" if f.end + context < len(value) else ""),
                ))
    return out
