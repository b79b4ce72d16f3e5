"""Plain-words pieces for reminder messages: dates, ages and what a record was.

Written by hand rather than with ``strftime`` so messages read the same on every
computer whatever its locale, and never contain a customer's real name.
"""

from __future__ import annotations

from datetime import date, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CONTACT_NOUNS = {
    "face-to-face": "conversation", "phone": "phone call", "email": "email", "chat": "chat",
    "video": "video call", "letter": "letter", "social": "social media message", "other": "contact",
}
KIND_NOUNS = {
    "complaint": "complaint", "sale": "sale", "enquiry": "enquiry", "service": "service visit",
    "follow-up": "follow-up", "feedback": "feedback chat", "internal": "internal request",
}
PROMISE_VERBS = {
    "promise": "You promised {who}",
    "follow-up": "You planned a follow-up with {who}",
    "internal-action": "You agreed an action for {who}",
}
EVIDENCE_NOUNS = {
    "email": "email", "feedback-form": "feedback form", "meeting-notes": "meeting notes",
    "witness-testimony": "witness testimony", "photo": "photo", "document": "document", "other": "evidence",
}
STEP_NAMES = {
    "situation": "Situation", "task": "Task", "action": "Action", "result": "Result",
    "acknowledge": "Acknowledge", "apologise": "Apologise", "act": "Act", "assure": "Assure",
}


def day(d: date, today: date | None = None) -> str:
    """``Tue 18 Nov``; the year is added when it isn't this year."""
    text = f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
    if today is not None and d.year != today.year:
        text += f" {d.year}"
    return text


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def hours(n: float) -> str:
    whole = round(n, 1)
    shown = f"{whole:g}"
    return "1 hour" if shown == "1" else f"{shown} hours"


def relative_day(d: date, today: date) -> str:
    """``today``, ``tomorrow`` or ``on Tue 18 Nov``."""
    if d == today:
        return "today"
    if d == today + timedelta(days=1):
        return "tomorrow"
    if d == today - timedelta(days=1):
        return "yesterday"
    return f"on {day(d, today)}"


def who(pseudonym: str, fallback: str = "a customer") -> str:
    return pseudonym or fallback


def listing(names: list[str]) -> str:
    """``Task``, ``Task and Result``, ``Situation, Task and Result``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def steps(parts: tuple[str, ...]) -> str:
    return listing([STEP_NAMES.get(p, p) for p in parts])


def interaction_label(kind: str, channel: str, customer: str, when: date, today: date) -> str:
    """``the complaint from Customer A (phone call, Tue 6 Oct)`` without any real name."""
    noun = KIND_NOUNS.get(kind)
    contact = CONTACT_NOUNS.get(channel, "contact")
    on = day(when, today)
    if noun:
        joiner = "from" if kind in ("complaint", "feedback") else "with"
        person = f" {joiner} {customer}" if customer else ""
        return f"the {noun}{person} ({contact}, {on})"
    person = f" with {customer}" if customer else ""
    return f"the {contact}{person} on {on}"


def quoted(text: str, limit: int = 60) -> str:
    """A short quote of the learner's own words, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
        flat = cut.rstrip(",;:.") + "…"
    return f"“{flat}”"
