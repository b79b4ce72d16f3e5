"""The rules about day-to-day customer work: promises, interactions, feedback, quiet customers.

Each rule is a function ``(RuleContext) -> list[Reminder]``; it reads only the candidate
rows from ``journal.reminder_queries`` and compares times in UTC, so the GMT/BST change
never shifts a threshold by an hour. Messages name customers by pseudonym (``ctx.person``),
and by real name only when the context is for the learner's own unlocked window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from ...journal import reminder_queries as q
from . import reminder_text as t
from .reminder_model import Reminder, RuleContext, Subject, fingerprint, from_utc_text, parse_time

Rule = Callable[[RuleContext], list[Reminder]]

_WORD = re.compile(r"\w+", re.UNICODE)


class _TextCleaner:
    """Swaps customers' names and contact details out of the learner's own words.

    Compiling the full name matcher for hundreds of customers costs more than all the
    rules together, and most promise texts name nobody. So each known term is reduced to
    its longest word: if none of those words is in the text, no name can match and only
    the cheap patterns (e-mails, phone numbers, postcodes, number plates) run.
    """

    def __init__(self, people: list[tuple[str, str, str, str]], keep: list[str]) -> None:
        from ..privacy.redaction import KnownPerson, Redactor

        self._people = [KnownPerson(p, n, o, c) for p, n, o, c in people]
        self._keep = keep
        self._plain = Redactor([], keep)
        self._full: Redactor | None = None
        self._triggers: set[str] = set()
        self._seen: dict[str, str] = {}  # valid as long as the customers are unchanged
        for person in self._people:
            for term, _kind in person.terms():
                words = _WORD.findall(term.lower())
                if words:
                    self._triggers.add(max(words, key=len))

    def clean(self, text: str) -> str:
        cleaned = self._seen.get(text)
        if cleaned is None:
            cleaned = self._seen[text] = self._clean(text)
        return cleaned

    def _clean(self, text: str) -> str:
        if self._triggers.isdisjoint(_WORD.findall(text.lower())):
            return self._plain.redact(text)
        if self._full is None:
            from ..privacy.redaction import Redactor

            self._full = Redactor(self._people, self._keep)
        return self._full.redact(text)


def _cleaner(ctx: RuleContext) -> _TextCleaner:
    """One cleaner per journal, rebuilt only when a customer is added, edited or removed (or
    the learner's name changes); shared with the reading copies reminders are worked out on."""
    journal = ctx.journal
    learner = journal.learner().name
    stamp = (q.customers_changed_stamp(journal), learner)
    return journal.reuse(
        "reminder-text-cleaner", stamp, lambda: _TextCleaner(q.known_people(journal), [learner])
    )


# --- promises ----------------------------------------------------------------------------
def promise_rules(ctx: RuleContext) -> list[Reminder]:
    """promise-overdue and promise-due-soon, from one indexed read of open promises."""
    settings = ctx.settings
    window = timedelta(hours=settings.due_soon_hours)
    last_day = (ctx.now_utc + window).astimezone(ctx.zone).date()
    out: list[Reminder] = []
    rows = q.open_promises_due_by(ctx.journal, last_day.isoformat())
    if not rows:
        return out
    cleaner = None if ctx.real_names else _cleaner(ctx)
    for row in rows:
        due_day = date.fromisoformat(row.due)
        deadline = ctx.end_of(due_day)
        words = row.text if cleaner is None else cleaner.clean(row.text)
        what = f"{_promise_opening(row.kind, ctx.person(row.customer))} {t.quoted(words)}"
        fp = fingerprint(row.due, row.status, row.kind)
        if ctx.now_utc >= deadline.astimezone(UTC):
            if not settings.enabled("promise-overdue"):
                continue
            late = (ctx.today - due_day).days
            out.append(Reminder(
                rule="promise-overdue", severity="overdue", subject=Subject("promise", row.id),
                message=f"{what} by {t.day(due_day, ctx.today)} — it's {t.days(late)} overdue.",
                action="close-promise", action_label="Say what happened: kept late, broken or renegotiated",
                since=deadline, due=deadline, due_date=due_day, fingerprint=fp,
            ))
        elif deadline.astimezone(UTC) - ctx.now_utc <= window and settings.enabled("promise-due-soon"):
            out.append(Reminder(
                rule="promise-due-soon", severity="due-soon", subject=Subject("promise", row.id),
                message=f"{what}, due by the end of {_day_word(due_day, ctx.today)}.",
                action="close-promise", action_label="Keep it, then mark it kept",
                since=ctx.local(deadline - window), due=deadline, due_date=due_day, fingerprint=fp,
            ))
    return out


def _promise_opening(kind: str, customer: str) -> str:
    template = t.PROMISE_VERBS.get(kind, t.PROMISE_VERBS["promise"])
    fallback = "a colleague" if kind == "internal-action" else "a customer"
    return template.format(who=t.who(customer, fallback))


def _day_word(day: date, today: date) -> str:
    word = t.relative_day(day, today)
    return f"{word} ({t.day(day, today)})" if word in ("today", "tomorrow") else word.removeprefix("on ")


def closed_without_outcome(ctx: RuleContext) -> list[Reminder]:
    out = []
    for row in q.closed_promises_without_outcome(ctx.journal):
        closed = parse_time(row.closed_at)
        status = {"kept": "kept", "late": "kept late", "broken": "broken",
                  "renegotiated": "renegotiated"}[row.status]
        who = f" to {ctx.person(row.customer)}" if row.customer else ""
        out.append(Reminder(
            rule="promise-closed-no-outcome", severity="missing", subject=Subject("promise", row.id),
            message=f"Your promise{who} due {t.day(date.fromisoformat(row.due), ctx.today)} is marked "
                    f"{status}, but you haven't written what happened.",
            action="write-outcome", action_label="Write the outcome",
            since=ctx.local(closed) if closed else None, fingerprint=fingerprint(row.status),
        ))
    return out


# --- interactions ------------------------------------------------------------------------
def _label(ctx: RuleContext, row: q.InteractionRow) -> tuple[str, datetime]:
    """The interaction in words (dated as it was written) and when it happened."""
    when = datetime.fromisoformat(row.at)
    day = date.fromisoformat(row.at[:10])
    return t.interaction_label(row.kind, row.channel, ctx.person(row.customer), day, ctx.today), when


def reflection_missing(ctx: RuleContext) -> list[Reminder]:
    hours = ctx.settings.reflection_after_hours
    out = []
    for row in q.interactions_missing_star(ctx.journal, ctx.hours_ago_utc(hours)):
        label, when = _label(ctx, row)
        missing = "every part" if len(row.missing) == 4 else t.steps(row.missing)
        out.append(Reminder(
            rule="reflection-missing", severity="missing", subject=Subject("interaction", row.id),
            message=f"Your STAR reflection on {label} is missing {missing}.",
            action="write-reflection", action_label="Finish the STAR reflection",
            since=ctx.after_hours(when, hours), fingerprint=fingerprint(*row.missing),
        ))
    return out


def complaint_incomplete(ctx: RuleContext) -> list[Reminder]:
    out = []
    for row in q.complaints_missing_steps(ctx.journal):
        label, when = _label(ctx, row)
        out.append(Reminder(
            rule="complaint-incomplete", severity="missing", subject=Subject("interaction", row.id),
            message=f"{_capital(label)} doesn't show all 4 As yet: {t.steps(row.missing)} "
                    f"{'is' if len(row.missing) == 1 else 'are'} missing.",
            action="complete-complaint", action_label="Fill in the 4 As",
            since=ctx.local(when), fingerprint=fingerprint(*row.missing),
        ))
    return out


def follow_up_missing(ctx: RuleContext) -> list[Reminder]:
    hours = ctx.settings.follow_up_after_hours
    out = []
    for row in q.unresolved_without_follow_up(ctx.journal, ctx.hours_ago_utc(hours)):
        label, when = _label(ctx, row)
        out.append(Reminder(
            rule="follow-up-missing", severity="missing", subject=Subject("interaction", row.id),
            message=f"{_capital(label)} wasn't sorted at first contact, and no follow-up is planned.",
            action="add-follow-up", action_label="Plan a follow-up",
            since=ctx.after_hours(when, hours), fingerprint=fingerprint(row.kind, "unresolved"),
        ))
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- feedback and customers -----------------------------------------------------------------
FEEDBACK_FROM = {
    "colleague": "a colleague", "supervisor": "your supervisor", "survey": "a survey", "self": "yourself",
}


def feedback_no_action(ctx: RuleContext) -> list[Reminder]:
    days = ctx.settings.feedback_action_days
    out = []
    for row in q.feedback_without_action(ctx.journal, ctx.hours_ago_utc(days * 24)):
        when = datetime.fromisoformat(row.at)
        source = FEEDBACK_FROM.get(row.source) or t.who(ctx.person(row.customer))
        scores = [f"NPS {row.nps}" if row.nps is not None else "", f"CSAT {row.csat}" if row.csat else ""]
        shown = ", ".join(s for s in scores if s)
        out.append(Reminder(
            rule="feedback-no-action", severity="missing", subject=Subject("feedback", row.id),
            message=f"Feedback from {source} on {t.day(date.fromisoformat(row.at[:10]), ctx.today)}"
                    f"{f' ({shown})' if shown else ''} has no action written yet. What did you change?",
            action="record-feedback-action", action_label="Write what you did about it",
            since=ctx.after_hours(when, days * 24), fingerprint=fingerprint(row.nps, row.csat),
        ))
    return out


def key_customer_quiet(ctx: RuleContext) -> list[Reminder]:
    cadences = {s: ctx.settings.cadence_days(s) for s in ("key", "growth", "maintain", "occasional")}
    segments = tuple(s for s, days in cadences.items() if days)
    out = []
    for row in q.customer_last_contacts(ctx.journal, segments):
        days = cadences[row.segment] or 0
        last = from_utc_text(row.last_contact_utc) if row.last_contact_utc else parse_time(row.created_at)
        if last is None:
            continue
        last_day = ctx.local(last).date()
        # Quiet from the start of the day after the cadence runs out, so it never pops up mid-shift.
        due_day = last_day + timedelta(days=days)
        if ctx.today <= due_day:
            continue
        gap = (ctx.today - last_day).days
        if row.last_contact_utc:
            lead = f"You haven't been in touch with {ctx.person(row.pseudonym)} for {t.days(gap)}"
        else:
            lead = (f"You haven't logged any contact with {ctx.person(row.pseudonym)} since adding them "
                    f"{t.days(gap)} ago")
        out.append(Reminder(
            rule="key-customer-quiet", severity="overdue", subject=Subject("customer", row.id),
            message=f"{lead}: {row.segment} customers should hear from you every {t.days(days)}.",
            action="contact-customer", action_label="Get in touch, then log it",
            since=ctx.end_of(due_day), due=ctx.end_of(due_day), due_date=due_day,
            fingerprint=fingerprint(row.segment, row.last_contact_utc or row.created_at),
        ))
    return out


# (the rule ids a function yields, the function); promise rules share one read of open promises.
RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("promise-overdue", "promise-due-soon"), promise_rules),
    (("promise-closed-no-outcome",), closed_without_outcome),
    (("reflection-missing",), reflection_missing),
    (("complaint-incomplete",), complaint_incomplete),
    (("follow-up-missing",), follow_up_missing),
    (("feedback-no-action",), feedback_no_action),
    (("key-customer-quiet",), key_customer_quiet),
)
