"""Small builders for the reminder tests: London times and records with sensible defaults."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from journal_app.journal.records import Complaint, Customer, Interaction, Promise, Star
from journal_app.services.rules.reminders import compute_reminders

LONDON = ZoneInfo("Europe/London")
FULL_STAR = Star(situation="Car late", task="Calm them", action="Rang the workshop", result="Happy")
FULL_4AS = Complaint(acknowledge="Heard them", apologise="Said sorry", act="Fixed it", assure="Checked back")


def london(*parts: int) -> datetime:
    """A wall-clock time in London (BST or GMT as the date says)."""
    return datetime(*parts, tzinfo=LONDON)


def found(journal, now: datetime, rule: str | None = None, **options):
    reminders = compute_reminders(journal, now, **options)
    return [r for r in reminders if rule is None or r.rule == rule]


def ids(journal, now: datetime, rule: str) -> list[str]:
    return [r.subject.id for r in found(journal, now, rule)]


def customer(journal, name: str = "Mrs A. Patel", segment: str = "occasional", **fields) -> Customer:
    return journal.customers.add(Customer(name=name, segment=segment, **fields))


def interaction(journal, at: str, *, kind: str = "enquiry", star: Star = FULL_STAR, **fields) -> Interaction:
    if kind == "complaint":
        fields.setdefault("complaint", FULL_4AS)
    fields.setdefault("resolved_first_contact", True)
    return journal.interactions.add(Interaction(at=at, kind=kind, star=star, **fields))


def promise(journal, due: str, **fields) -> Promise:
    fields.setdefault("text", "Call back with the delivery date")
    return journal.promises.add(Promise(due=due, **fields))
