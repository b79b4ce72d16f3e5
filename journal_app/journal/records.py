"""The learner's records as typed dataclasses, in the shape of the interchange format.

Each field carries its own check (``metadata["check"]``), so one generic
``from_dict`` validates an import, a GUI form and a CLI call the same way, and
every refusal names the field's JSON path (``interactions[3].kind``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import InvalidRecord
from . import validate as v
from .record_base import Block as Block  # Block, Check and Record are part of this module's API
from .record_base import (
    Check,
    _block,
    _choice,
    _criteria,
    _f,
    _id,
    _opt_ref,
    _ref,
    _refs,
    _short,
    _text,
)
from .record_base import Record as Record

CUSTOMER_KINDS = ("external", "internal")
SEGMENTS = ("key", "growth", "maintain", "occasional")
CHANNELS = ("face-to-face", "phone", "email", "chat", "video", "letter", "social", "other")
INTERACTION_KINDS = (
    "enquiry", "sale", "service", "complaint", "follow-up", "feedback", "internal", "other",
)
PROMISE_KINDS = ("promise", "follow-up", "internal-action")
PROMISE_STATUSES = ("open", "kept", "late", "broken", "renegotiated", "cancelled")
CLOSED_STATUSES = ("kept", "late", "broken", "renegotiated")
FEEDBACK_SOURCES = ("customer", "colleague", "supervisor", "survey", "self")
RATER = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")
EVIDENCE_KINDS = (
    "email", "feedback-form", "meeting-notes", "witness-testimony", "photo", "document", "other",
)
OBJECTIVE_STATUSES = ("active", "achieved", "missed", "dropped")
RETENTION_ACTIONS = ("anonymise", "delete")
TECHNIQUES = (
    "active listening", "open questions", "closed questions", "summarising",
    "paraphrasing", "empathy", "positive language", "verbal cues", "non-verbal cues",
    "rapport building", "managing expectations",
)
# Consumer Rights Act 2015: goods of satisfactory quality, fit for purpose, as described;
# services performed with reasonable care and skill.
CONSUMER_RIGHTS = ("satisfactory-quality", "fit-for-purpose", "as-described", "reasonable-care-and-skill")
# Consumer Rights Act 2015, in the learner's words (the editor's prompt and the pack)
CONSUMER_RIGHT_LABELS = {
    "satisfactory-quality": "Goods of satisfactory quality",
    "fit-for-purpose": "Goods fit for purpose",
    "as-described": "Goods as described",
    "reasonable-care-and-skill": "Service with reasonable care and skill",
}
RIGHTS_KINDS = ("complaint", "sale")  # the interactions a consumer right is asked about
MAX_TARGET_HOURS = 24 * 366  # a response target longer than a year is a typing slip

# --- nested blocks --------------------------------------------------------------
@dataclass
class Star(Block):
    situation: str = _f(_text)
    task: str = _f(_text)
    action: str = _f(_text)
    result: str = _f(_text)

    def missing(self) -> list[str]:
        return [name for name in ("situation", "task", "action", "result") if not getattr(self, name).strip()]


@dataclass
class Complaint(Block):
    acknowledge: str = _f(_text)
    apologise: str = _f(_text)
    act: str = _f(_text)
    assure: str = _f(_text)

    def missing(self) -> list[str]:
        return [n for n in ("acknowledge", "apologise", "act", "assure") if not getattr(self, n).strip()]


@dataclass
class Offer(Block):
    what: str = _f(_text)
    need: str = _f(_text)
    benefit: str = _f(_text)
    accepted: bool = _f(v.boolean, False)


@dataclass
class Rights(Block):
    """Rights and law on an interaction: the consumer right at stake, and how personal data
    was handled (DPA 2018 / UK GDPR)."""

    consumer_right: str | None = _f(_choice(CONSUMER_RIGHTS, nullable=True), None)
    consumer_notes: str = _f(_text)
    personal_data: str = _f(_text)
    data_handling: str = _f(_text)

    def empty(self) -> bool:
        return self.consumer_right is None and not any(
            getattr(self, n).strip() for n in ("consumer_notes", "personal_data", "data_handling"))


@dataclass
class Boundaries(Block):
    """What the learner declined or kept out of scope, and why (managing expectations)."""

    declined: str = _f(_text)
    why: str = _f(_text)

    def empty(self) -> bool:
        return not self.declined.strip() and not self.why.strip()


@dataclass
class PlanAction(Block):
    """One action in a relationship plan: what, who, by when, with what resources."""

    what: str = _f(lambda x, p: v.text(x, p, required=True))
    who: str = _f(_short)
    by: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    resources: str = _f(_text)
    done: bool = _f(v.boolean, False)


@dataclass
class ServiceModel(Block):
    """Why the plan is built the way it is: the RATER/SERVQUAL dimension it targets, and why."""

    dimension: str | None = _f(_choice(RATER, nullable=True), None)
    why: str = _f(_text)

    def empty(self) -> bool:
        return self.dimension is None and not self.why.strip()


def _block_list(cls: type[Block]) -> Check:
    def check(value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise InvalidRecord(path, "must be a list")
        return [cls.from_dict(x.to_dict() if isinstance(x, cls) else x, f"{path}[{i}]")
                for i, x in enumerate(value)]

    return check


def _target_hours(value: Any, path: str) -> float | None:
    hours = v.number(value, path)
    if hours is not None and not 0 < hours <= MAX_TARGET_HOURS:
        raise InvalidRecord(path, f"must be more than 0 and at most {MAX_TARGET_HOURS:,} hours")
    return hours


@dataclass
class Witness(Block):
    name: str = _f(_short)
    role: str = _f(_short)
    statement: str = _f(_text)
    signed: bool = _f(v.boolean, False)
    relationship: str = _f(_short)  # to the learner: "my line manager", "mentor"
    signed_on: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)


def _sha(value: Any, path: str) -> str:
    text = v.text(value, path, limit=64)
    if text and (len(text) != 64 or any(c not in "0123456789abcdef" for c in text.lower())):
        raise InvalidRecord(path, "must be a SHA-256 in hex (64 characters)")
    return text.lower()


@dataclass
class EvidenceFile(Block):
    """An attachment's description. Bytes live sealed beside the journal (``blob``)."""

    name: str = _f(_short)
    media_type: str = _f(_short, "application/octet-stream")
    sha256: str = _f(_sha)
    size: int = field(default=0)
    blob: str = field(default="")


def _uln(value: Any, path: str) -> str:
    text = "".join(v.text(value, path, limit=40).split())
    if text and (len(text) != 10 or not text.isascii() or not text.isdigit()):
        raise InvalidRecord(path, "must be a Unique Learner Number: ten digits, like 1234567890")
    return text


# --- records ----------------------------------------------------------------------
@dataclass
class Learner(Block):
    name: str = _f(_short)
    programme: str = _f(_short)
    placement: str = _f(_short)
    start: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    end: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    assessor: str = _f(_short)
    off_the_job_target_hours: float | None = _f(v.number, None)
    uln: str = _f(_uln)  # Unique Learner Number: ten digits
    programme_code: str = _f(lambda x, p: v.text(x, p, limit=40))  # e.g. "ST0072"
    employer: str = _f(_short)
    iqa: str = _f(_short)  # the internal quality assurer who samples the assessor's decisions
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Criterion(Block):
    code: str = _f(lambda x, p: v.text(x, p, limit=40, required=True))
    text: str = _f(lambda x, p: v.text(x, p, limit=2000, required=True))


def _criteria_list(value: Any, path: str) -> list[Criterion]:
    if not isinstance(value, list):
        raise InvalidRecord(path, "must be a list")
    criteria = [Criterion.from_dict(c, f"{path}[{i}]") for i, c in enumerate(value)]
    seen: set[str] = set()
    for i, criterion in enumerate(criteria):
        if criterion.code in seen:
            raise InvalidRecord(f"{path}[{i}].code", f'"{criterion.code}" is listed twice')
        seen.add(criterion.code)
    return criteria


@dataclass
class Framework(Block):
    id: str = _f(_ref)
    title: str = _f(lambda x, p: v.text(x, p, limit=v.MAX_SHORT, required=True))
    criteria: list[Criterion] = _f(_criteria_list, [])

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "criteria": [c.to_dict() for c in self.criteria]}


@dataclass
class Customer(Record):
    TYPE: ClassVar[str] = "customer"
    TABLE: ClassVar[str] = "customers"
    ID_PREFIX: ClassVar[str] = "c"

    id: str = _f(_id, "")
    name: str = _f(lambda x, p: v.text(x, p, limit=v.MAX_SHORT, required=True))
    kind: str = _f(_choice(CUSTOMER_KINDS), "external")
    organisation: str = _f(_short)
    segment: str = _f(_choice(SEGMENTS), "occasional")
    needs: str = _f(_text)
    communication: str = _f(_text)
    contact: str = _f(_text)
    notes: str = _f(_text)
    pseudonym: str = field(default="")
    anonymised_at: str = field(default="")

    def label(self, real_names: bool = True) -> str:
        return self.name if real_names and not self.anonymised_at else self.pseudonym


@dataclass
class Interaction(Record):
    TYPE: ClassVar[str] = "interaction"
    TABLE: ClassVar[str] = "interactions"
    ID_PREFIX: ClassVar[str] = "i"
    LINKS: ClassVar[tuple[str, ...]] = ("criteria",)

    id: str = _f(_id, "")
    customer: str | None = _f(_opt_ref, None, ref="customer")
    at: str = _f(lambda x, p: v.timestamp(x, p), "")
    channel: str = _f(_choice(CHANNELS), "face-to-face")
    kind: str = _f(_choice(INTERACTION_KINDS), "enquiry")
    summary: str = _f(_text)
    star: Star = _f(_block(Star, nullable=False), None)
    reflection: str = _f(_text)
    techniques: list[str] = _f(lambda x, p: v.text_list(x, p), [])
    adaptation: str = _f(_text)
    complaint: Complaint | None = _f(_block(Complaint, nullable=True), None)
    offer: Offer | None = _f(_block(Offer, nullable=True), None)
    resolved_first_contact: bool = _f(v.boolean, False)
    criteria: list[str] = _f(_criteria, [])
    rights: Rights | None = _f(_block(Rights, nullable=True), None, optional=True)
    boundaries: Boundaries | None = _f(_block(Boundaries, nullable=True), None, optional=True)

    def __post_init__(self) -> None:
        if self.star is None:
            self.star = Star()


@dataclass
class Promise(Record):
    TYPE: ClassVar[str] = "promise"
    TABLE: ClassVar[str] = "promises"
    ID_PREFIX: ClassVar[str] = "p"

    id: str = _f(_id, "")
    customer: str | None = _f(_opt_ref, None, ref="customer")
    interaction: str | None = _f(_opt_ref, None, ref="interaction")
    kind: str = _f(_choice(PROMISE_KINDS), "promise")
    text: str = _f(lambda x, p: v.text(x, p, required=True))
    due: str = _f(lambda x, p: v.iso_date(x, p), "")
    status: str = _f(_choice(PROMISE_STATUSES), "open")
    closed_at: str | None = _f(lambda x, p: v.timestamp(x, p, nullable=True), None)
    outcome: str = _f(_text)
    response_target_hours: float | None = _f(_target_hours, None, optional=True)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass
class Feedback(Record):
    TYPE: ClassVar[str] = "feedback"
    TABLE: ClassVar[str] = "feedback"
    ID_PREFIX: ClassVar[str] = "f"

    id: str = _f(_id, "")
    customer: str | None = _f(_opt_ref, None, ref="customer")
    interaction: str | None = _f(_opt_ref, None, ref="interaction")
    at: str = _f(lambda x, p: v.timestamp(x, p), "")
    source: str = _f(_choice(FEEDBACK_SOURCES), "customer")
    nps: int | None = _f(lambda x, p: v.integer(x, p, 0, 10, nullable=True), None)
    csat: int | None = _f(lambda x, p: v.integer(x, p, 1, 5, nullable=True), None)
    comment: str = _f(_text)
    dimension: str | None = _f(_choice(RATER, nullable=True), None)
    action_taken: str = _f(_text)


@dataclass
class Evidence(Record):
    TYPE: ClassVar[str] = "evidence"
    TABLE: ClassVar[str] = "evidence"
    ID_PREFIX: ClassVar[str] = "e"
    LINKS: ClassVar[tuple[str, ...]] = ("interactions", "criteria")

    id: str = _f(_id, "")
    kind: str = _f(_choice(EVIDENCE_KINDS), "other")
    title: str = _f(_short)
    at: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    description: str = _f(_text)
    witness: Witness | None = _f(_block(Witness, nullable=True), None)
    file: EvidenceFile | None = field(default=None)  # set through attachments, not forms
    interactions: list[str] = _f(_refs, [], ref="interaction")
    criteria: list[str] = _f(_criteria, [])


@dataclass
class Objective(Record):
    TYPE: ClassVar[str] = "objective"
    TABLE: ClassVar[str] = "objectives"
    ID_PREFIX: ClassVar[str] = "o"
    LINKS: ClassVar[tuple[str, ...]] = ("criteria",)

    id: str = _f(_id, "")
    customer: str | None = _f(_opt_ref, None, ref="customer")
    segment: str | None = _f(_choice(SEGMENTS, nullable=True), None)
    specific: str = _f(_text)
    metric: str = _f(_short)
    baseline: float | None = _f(v.number, None)
    target: float | None = _f(v.number, None)
    achievable: str = _f(_text)
    relevant: str = _f(_text)
    due: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    review: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    status: str = _f(_choice(OBJECTIVE_STATUSES), "active")
    criteria: list[str] = _f(_criteria, [])
    actions: list[PlanAction] = _f(_block_list(PlanAction), [], optional=True)
    service_model: ServiceModel | None = _f(_block(ServiceModel, nullable=True), None, optional=True)

    # Every free text of the plan's actions as one list (free_text.py walks it to redact,
    # anonymise and erase); setting it writes the texts back in the same order.
    @property
    def action_texts(self) -> list[str]:
        return [t for a in self.actions for t in (a.what, a.who, a.resources)]

    @action_texts.setter
    def action_texts(self, values: list[str]) -> None:
        for n, action in enumerate(self.actions):
            action.what, action.who, action.resources = values[3 * n: 3 * n + 3]


@dataclass
class Review(Record):
    TYPE: ClassVar[str] = "review"
    TABLE: ClassVar[str] = "reviews"
    ID_PREFIX: ClassVar[str] = "r"

    id: str = _f(_id, "")
    objective: str = _f(_ref, "", ref="objective")
    at: str = _f(lambda x, p: v.iso_date(x, p), "")
    plan: str = _f(_text)
    do: str = _f(_text)
    check: str = _f(_text)
    act: str = _f(_text)
    metric_value: float | None = _f(v.number, None)


@dataclass
class Hours(Record):
    TYPE: ClassVar[str] = "hours"
    TABLE: ClassVar[str] = "hours"
    ID_PREFIX: ClassVar[str] = "h"
    LINKS: ClassVar[tuple[str, ...]] = ("criteria",)

    id: str = _f(_id, "")
    date: str = _f(lambda x, p: v.iso_date(x, p), "")
    minutes: int = _f(lambda x, p: v.integer(x, p, 1, 24 * 60), 60)
    activity: str = _f(_text)
    off_the_job: bool = _f(v.boolean, False)
    criteria: list[str] = _f(_criteria, [])


@dataclass
class Improvement(Record):
    """A change the learner made to how they work, measured before and after, linked to the
    feedback or objective that prompted it."""

    TYPE: ClassVar[str] = "improvement"
    TABLE: ClassVar[str] = "improvements"
    ID_PREFIX: ClassVar[str] = "m"

    id: str = _f(_id, "")
    change: str = _f(lambda x, p: v.text(x, p, required=True))
    why: str = _f(_text)
    measure: str = _f(_short)
    before: float | None = _f(v.number, None)
    after: float | None = _f(v.number, None)
    started: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    measured: str | None = _f(lambda x, p: v.iso_date(x, p, nullable=True), None)
    feedback: str | None = _f(_opt_ref, None, ref="feedback")
    objective: str | None = _f(_opt_ref, None, ref="objective")


@dataclass
class RetentionRule(Block):
    category: str = _f(_short)
    days: int = _f(lambda x, p: v.integer(x, p, 0, 36500), 365)
    action: str = _f(_choice(RETENTION_ACTIONS), "anonymise")
    extra: dict[str, Any] = field(default_factory=dict)


RECORD_TYPES: dict[str, type[Record]] = {
    cls.TYPE: cls
    for cls in (Customer, Interaction, Promise, Feedback, Evidence, Objective, Review, Hours, Improvement)
}

# The interchange document's list key for each record type, in dependency order.
COLLECTIONS: dict[str, type[Record]] = {
    "customers": Customer,
    "interactions": Interaction,
    "promises": Promise,
    "feedback": Feedback,
    "evidence": Evidence,
    "objectives": Objective,
    "reviews": Review,
    "hours": Hours,
    "improvements": Improvement,
}

# Nested blocks per record type (their unknown keys can't be kept, so an import warns).
BLOCK_FIELDS: dict[str, dict[str, type[Block]]] = {
    "interaction": {"star": Star, "complaint": Complaint, "offer": Offer, "rights": Rights,
                    "boundaries": Boundaries},
    "evidence": {"witness": Witness},
    "objective": {"service_model": ServiceModel},
}
# Lists of nested blocks per record type (their unknown keys can't be kept either).
BLOCK_LIST_FIELDS: dict[str, dict[str, type[Block]]] = {
    "objective": {"actions": PlanAction},
}


def references(cls: type[Record]) -> list[tuple[str, str, bool]]:
    """(field, referenced type, is_list) for every field that names another record."""
    out = []
    for f in dataclasses.fields(cls):
        target = f.metadata.get("ref")
        if target:
            out.append((f.name, target, f.name in cls.LINKS))
    return out
