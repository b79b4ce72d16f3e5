"""Retention: how long each kind of personal data is kept, and what is due to go.

Four categories, each with a period in days, the date it counts from and what happens
then. Dates come from the journal (interactions, record creation, the placement end),
never from file times, and ``now`` is always passed in so any date can be tested.
A hold ("keep until my end-point assessment") pauses a customer or an evidence item.

``due_within`` feeds the reminders; ``preview`` says what a retention run would do
(carrying a plan out is ``retention_run.apply``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...errors import InvalidRecord

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.privacy import Hold

CATEGORIES = ("customer-identity", "customer-notes", "attachments", "feedback-comments")
COUNTS_FROM = ("last-interaction", "placement-end", "created")
ACTIONS = ("anonymise", "delete")
ON_UNLOCK_SETTING = "privacy.retention_on_unlock"
ON_UNLOCK_CHOICES = ("ask", "auto")

CATEGORY_WORDS = {
    "customer-identity": "names and contact details",
    "customer-notes": "notes about customers",
    "attachments": "attached files",
    "feedback-comments": "feedback comments",
    "drafts": "unsaved drafts",  # not a policy of its own: drafts follow customer-identity's period
    "holds": "holds",  # not a policy either: a hold whose date has passed goes, with its reason
}
DRAFTS = "drafts"
HOLDS = "holds"


@dataclass(frozen=True)
class RetentionPolicy:
    category: str
    days: int
    action: str = "anonymise"
    counts_from: str = "last-interaction"

    def to_dict(self) -> dict[str, Any]:
        """The interchange ``retention`` entry (``counts_from`` is an added key)."""
        return {"category": self.category, "days": self.days, "action": self.action,
                "counts_from": self.counts_from}

    @classmethod
    def from_dict(cls, data: Any, path: str = "retention[0]") -> RetentionPolicy:
        if isinstance(data, RetentionPolicy):
            data = data.to_dict()
        if not isinstance(data, dict):
            raise InvalidRecord(path, "must be an object")
        category = data.get("category")
        if category not in CATEGORIES:
            raise InvalidRecord(f"{path}.category", f'unknown value "{category}" (expected one of: '
                                f'{", ".join(CATEGORIES)})')
        days = data.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 36500:
            raise InvalidRecord(f"{path}.days", "must be a whole number of days from 0 to 36500")
        action = data.get("action", "anonymise")
        if action not in ACTIONS:
            raise InvalidRecord(f"{path}.action",
                                f'unknown value "{action}" (expected one of: anonymise, delete)')
        counts_from = data.get("counts_from") or DEFAULTS[category].counts_from
        if counts_from not in COUNTS_FROM:
            raise InvalidRecord(f"{path}.counts_from", f'unknown value "{counts_from}" (expected one of: '
                                f'{", ".join(COUNTS_FROM)})')
        return cls(category, days, action, counts_from)


# Why these numbers: docs/privacy.md, "How long things are kept".
DEFAULTS: dict[str, RetentionPolicy] = {
    "customer-identity": RetentionPolicy("customer-identity", 365, "anonymise", "last-interaction"),
    "customer-notes": RetentionPolicy("customer-notes", 180, "anonymise", "last-interaction"),
    "attachments": RetentionPolicy("attachments", 90, "delete", "placement-end"),
    "feedback-comments": RetentionPolicy("feedback-comments", 365, "anonymise", "created"),
}


def get_policies(journal: Journal) -> list[RetentionPolicy]:
    """All four policies: the learner's where set, the defaults otherwise (in category order)."""
    from ...journal.privacy import policy_rows

    stored = {}
    for row in policy_rows(journal):
        try:
            stored[row["category"]] = RetentionPolicy.from_dict(row)
        except InvalidRecord:
            continue  # a category from a newer app: ignored rather than crashing
    return [stored.get(c, DEFAULTS[c]) for c in CATEGORIES]


def set_policies(
    journal: Journal, policies: list[RetentionPolicy] | list[dict[str, Any]]
) -> list[RetentionPolicy]:
    """Store policies (objects or interchange dicts); categories not given keep their current policy.

    Everything is checked first, so a bad entry changes nothing.
    """
    from ...journal.privacy import replace_policy_rows

    checked: dict[str, RetentionPolicy] = {}
    for i, policy in enumerate(policies):
        one = RetentionPolicy.from_dict(policy, f"retention[{i}]")
        if one.category in checked:
            raise InvalidRecord(f"retention[{i}].category", f'"{one.category}" is given twice')
        checked[one.category] = one
    from ...journal.audit import record_event

    before = get_policies(journal)
    merged = [checked.get(p.category, p) for p in before]
    if merged != before or not _stored(journal):
        with journal.transaction():
            replace_policy_rows(journal, [p.to_dict() for p in merged])
            record_event(journal, "retention-policies-changed",
                         {p.category: f"{p.days} days from {p.counts_from}, {p.action}" for p in merged})
    return merged


def audit_imported_rules(journal: Journal, before: list[dict[str, Any]]) -> bool:
    """Record in the audit trail that an import changed the retention rules (the stored
    rows ``before`` it); True if it did."""
    from ...journal.audit import record_event
    from ...journal.privacy import policy_rows

    after = policy_rows(journal)
    if after == before:
        return False
    record_event(journal, "retention-policies-changed", {
        "source": "import",
        **{p.category: f"{p.days} days from {p.counts_from}, {p.action}" for p in get_policies(journal)},
    })
    return True


def _stored(journal: Journal) -> bool:
    from ...journal.privacy import policy_rows

    return bool(policy_rows(journal))


def retention_on_unlock(journal: Journal) -> str:
    """"ask" (the default) or "auto": what the app does about due retention when unlocked."""
    value = journal.setting(ON_UNLOCK_SETTING, "ask")
    return value if value in ON_UNLOCK_CHOICES else "ask"


def set_retention_on_unlock(journal: Journal, value: str) -> None:
    if value not in ON_UNLOCK_CHOICES:
        raise InvalidRecord(ON_UNLOCK_SETTING, 'must be "ask" or "auto"')
    journal.set_setting(ON_UNLOCK_SETTING, value)


# --- holds -------------------------------------------------------------------------------
def add_hold(journal: Journal, record_type: str, record_id: str, until: date | str, reason: str = "") -> Hold:
    """Keep a customer or an evidence item through ``until`` whatever the policies say."""
    from ...journal.privacy import insert_hold

    if record_type not in ("customer", "evidence"):
        raise InvalidRecord("hold.record_type", "a hold is on a customer or an evidence item")
    journal.repository(record_type).get(record_id)  # RecordNotFound names a wrong id
    day = until.isoformat() if isinstance(until, date) else str(until)
    try:
        date.fromisoformat(day)
    except ValueError:
        raise InvalidRecord("hold.until", f'"{day}" is not a date like 2027-03-01') from None
    from ...journal.audit import record_event

    with journal.transaction():
        hold = insert_hold(journal, record_type, record_id, day, reason)
        record_event(journal, "hold-added", {"on": record_type, "until": day})
    return hold


def remove_hold(journal: Journal, hold_id: str) -> bool:
    from ...journal.audit import record_event
    from ...journal.privacy import delete_hold, holds

    hold = next((h for h in holds(journal) if h.id == hold_id), None)
    with journal.transaction():
        removed = delete_hold(journal, hold_id)
        if removed and hold is not None:
            record_event(journal, "hold-removed", hold_details(journal, hold))
    return removed


def hold_details(journal: Journal, hold: Hold) -> dict[str, str]:
    """Which hold, for the audit trail: its id, what it was on (a pseudonym or an evidence
    id, never a name) and its date; never its reason, which may name someone."""
    details = {"hold": hold.id, "on": hold.record_type, "until": hold.until}
    if hold.record_type == "customer":
        customer = journal.customers.find(hold.record_id)
        details["pseudonym"] = customer.pseudonym if customer else ""
    else:
        details["evidence"] = hold.record_id
    return details


def list_holds(journal: Journal) -> list[Hold]:
    from ...journal.privacy import holds

    return holds(journal)


# --- what is due -------------------------------------------------------------------------
@dataclass(frozen=True)
class RetentionItem:
    """One thing a policy will change, described without real names."""

    subject_type: str  # customer, evidence or feedback
    subject_id: str
    category: str
    action: str
    due: date
    description: str
    counts_from: str = ""
    starts: date | None = None  # the date the period counts from
    days: int = 0
    held_until: date | None = None
    pseudonym: str = ""  # of the customer it concerns, if any

    @property
    def why(self) -> str:
        if self.category == HOLDS and self.starts is not None:
            return f"the hold ended on {self.starts.isoformat()}; its reason goes with it"
        held = f", held until {self.held_until.isoformat()}" if self.held_until else ""
        start = self.starts.isoformat() if self.starts else "?"
        return (f"{CATEGORY_WORDS[self.category]} are kept {self.days} days from "
                f"{self.counts_from.replace('-', ' ')} ({start}){held}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject_type": self.subject_type, "subject_id": self.subject_id, "category": self.category,
            "action": self.action, "due": self.due.isoformat(), "description": self.description,
            "why": self.why, "held_until": self.held_until.isoformat() if self.held_until else None,
        }


@dataclass
class RetentionPlan:
    """What a retention run at ``at`` would change (``items``) and what a hold keeps back."""

    at: datetime
    items: list[RetentionItem] = field(default_factory=list)
    held: list[RetentionItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items

    def __iter__(self) -> Iterator[RetentionItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "items": [i.as_dict() for i in self.items],
                "held": [i.as_dict() for i in self.held]}


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


class _Dates:
    """The dates the policies count from, read once per run."""

    def __init__(self, journal: Journal, today: date) -> None:
        from ...journal.privacy import (
            customers_by_evidence,
            holds,
            last_interaction_by_customer,
            last_interaction_by_evidence,
        )

        self.placement_end = _day(journal.learner().end)
        self.by_customer = {k: _day(v) for k, v in last_interaction_by_customer(journal).items()}
        self.by_evidence = {k: _day(v) for k, v in last_interaction_by_evidence(journal).items()}
        self.evidence_customers = customers_by_evidence(journal)
        self.holds: dict[tuple[str, str], date] = {}
        for hold in holds(journal):
            until = _day(hold.until)
            key = (hold.record_type, hold.record_id)
            if until is not None and until >= today and until > self.holds.get(key, date.min):
                self.holds[key] = until

    def start(self, policy: RetentionPolicy, created: str, last: date | None) -> date | None:
        if policy.counts_from == "placement-end":
            return self.placement_end
        if policy.counts_from == "created":
            return _day(created)
        return last or _day(created)

    def hold(self, *keys: tuple[str, str]) -> date | None:
        found = [self.holds[k] for k in keys if k in self.holds]
        return max(found) if found else None


def _item(policy: RetentionPolicy, subject: tuple[str, str], start: date | None, hold: date | None,
          description: str, pseudonym: str = "") -> RetentionItem | None:
    if start is None:
        return None  # counts from a date the journal doesn't have (no placement end yet)
    due = start + timedelta(days=policy.days)
    held = hold if hold is not None and hold >= due else None
    if held is not None:
        due = held + timedelta(days=1)  # a hold keeps the data through its last day
    return RetentionItem(subject[0], subject[1], policy.category, policy.action, due, description,
                         policy.counts_from, start, policy.days, held, pseudonym)


def candidates(journal: Journal, today: date) -> list[RetentionItem]:
    """Everything a policy still has work to do on, with its due date (past or future)."""
    from ...journal.privacy import feedback_comments
    from .redaction import Redactor

    policies = {p.category: p for p in get_policies(journal)}
    dates = _Dates(journal, today)
    customers = {c.id: c for c in journal.customers.all()}
    redactor = Redactor.for_journal(journal, customers=customers.values())
    out: list[RetentionItem | None] = []
    for c in customers.values():
        last = dates.by_customer.get(c.id)
        hold = dates.hold(("customer", c.id))
        if not c.anonymised_at:
            policy = policies["customer-identity"]
            out.append(_item(policy, ("customer", c.id), dates.start(policy, c.created_at, last), hold,
                             f"{c.pseudonym}: name and contact details", c.pseudonym))
        policy = policies["customer-notes"]
        # Notes identify a person without naming them ("hard of hearing, lives near the
        # park"), so the rule fires on age whatever they say, and clears them either way.
        if customer_notes(c):
            out.append(_item(policy, ("customer", c.id), dates.start(policy, c.created_at, last), hold,
                             f"{c.pseudonym}: notes about them", c.pseudonym))
    policy = policies["attachments"]
    for e in journal.evidence.all():
        if e.file is None:
            continue
        keys = [("evidence", e.id)] + [("customer", c) for c in dates.evidence_customers.get(e.id, ())]
        last = dates.by_evidence.get(e.id) or _day(e.at)
        title = redactor.redact(e.title).strip() or f"evidence from {e.at or e.created_at[:10]}"
        out.append(_item(policy, ("evidence", e.id), dates.start(policy, e.created_at, last),
                         dates.hold(*keys), f"the file attached to “{title}”"))
    policy = policies["feedback-comments"]
    for feedback_id, customer_id, source, at, created_at, comment in feedback_comments(journal):
        if not _has_work(policy.action, [comment], redactor):
            continue
        customer = customers.get(customer_id or "")
        last = dates.by_customer.get(customer.id) if customer else None
        who = customer.pseudonym if customer else f"a {source}"
        # Counted from when it was given (its date), not from when it was typed in or imported.
        start = dates.start(policy, at or created_at, last or _day(at))
        shown = RetentionPolicy(policy.category, policy.days, policy.action, "date-given") \
            if policy.counts_from == "created" and at else policy
        out.append(_item(shown, ("feedback", feedback_id), start,
                         dates.hold(("customer", customer.id)) if customer else None,
                         f"comment in feedback from {who} on {at[:10]}",
                         customer.pseudonym if customer else ""))
    out += _draft_items(journal, policies["customer-identity"], dates, customers)
    return sorted((i for i in out if i is not None), key=lambda i: (i.due, i.subject_type, i.subject_id))


def _draft_items(journal: Journal, identity: RetentionPolicy, dates: _Dates,
                 customers: dict[str, Any]) -> list[RetentionItem | None]:
    """Unsaved drafts are deleted once as old as the period names in entries are kept for,
    counted from their last change (docs/privacy.md); a hold on their customer holds them."""
    from ...journal.drafts import list_drafts

    policy = RetentionPolicy(DRAFTS, identity.days, "delete", "last-change")
    out: list[RetentionItem | None] = []
    for draft in list_drafts(journal):
        customer = customers.get(draft.customer or "")
        hold = dates.hold(("customer", customer.id)) if customer else None
        subject = ("draft", draft_subject(draft.kind, draft.key))
        out.append(_item(policy, subject, _day(draft.updated_at), hold,
                         f"an unsaved {draft.kind} draft last changed on {draft.updated_at[:10]}",
                         customer.pseudonym if customer else ""))
    return out


def draft_subject(kind: str, key: str) -> str:
    """The subject id a retention item or reminder uses for a draft: "interaction:new"."""
    return f"{kind}:{key}"


def customer_notes(customer: Any) -> list[str]:
    """What the ``customer-notes`` rule covers on a record: needs, communication style,
    notes, and every text in keys an import kept."""
    from .free_text import extra_texts

    texts = [customer.needs, customer.communication, customer.notes]
    texts += [t for _path, t in extra_texts(customer.extra)]
    return [t for t in texts if t and t.strip()]


def _has_work(action: str, texts: list[str], redactor: Any) -> bool:
    if action == "delete":
        return any(t.strip() for t in texts)
    return any(redactor.find(t) for t in texts if t)


def due_within(journal: Journal, now: datetime, days: int) -> list[RetentionItem]:
    """Items due on or before ``days`` days from today (overdue ones included), soonest first."""
    horizon = now.date() + timedelta(days=max(0, days))
    return [i for i in candidates(journal, now.date()) if i.due <= horizon]


def preview(journal: Journal, now: datetime) -> RetentionPlan:
    """Exactly what a retention run now would change, and what a hold is keeping back."""
    today = now.date()
    plan = RetentionPlan(now)
    for item in candidates(journal, today):
        if item.due <= today:
            plan.items.append(item)
        elif (item.held_until is not None and item.starts is not None
              and item.starts + timedelta(days=item.days) <= today):
            plan.held.append(item)
    plan.items += expired_holds(journal, today)
    return plan


def expired_holds(journal: Journal, today: date) -> list[RetentionItem]:
    """Holds whose last day has passed: they protect nothing, and their reasons (which can
    name a person) are kept no longer than they are."""
    from ...journal.privacy import holds

    out = []
    for hold in holds(journal):
        until = _day(hold.until)
        if until is None or until >= today:
            continue
        pseudonym = ""
        if hold.record_type == "customer":
            customer = journal.customers.find(hold.record_id)
            pseudonym = customer.pseudonym if customer else ""
            on = pseudonym or "a customer"
        else:
            on = "an evidence item"
        out.append(RetentionItem("hold", hold.id, HOLDS, "delete", until + timedelta(days=1),
                                 f"the hold on {on} kept until {hold.until}", "hold-end", until, 0,
                                 None, pseudonym))
    return out
