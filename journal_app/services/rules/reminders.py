"""Reminders for undocumented and overdue actions, computed from the journal itself.

There is no server and no stored queue: every reminder is worked out from the journal
at a given moment (``now`` comes in as an argument), so one can never be silently
dropped, and the same journal gives the same reminders at the same moment in the
GUI, the CLI (``--at``) and the tests. Snoozes and dismissals are the only state, kept
in the journal's ``reminder_state`` table. A dismissal remembers a fingerprint of the
fields that matter to its rule and lapses when they change.

The public API other parts call:

- ``compute_reminders(journal, now, settings=None, include_hidden=False, real_names=False)``
- ``grouped(reminders)`` / ``SEVERITIES`` / ``SEVERITY_TITLES`` for "grouped by urgency"
- ``snooze(journal, reminder_or_key, until)``, ``dismiss(...)``, ``restore(...)``
- ``resolve_actions(reminder)`` and ``apply_action(...)`` for one-click buttons
- ``mark_promise(journal, promise_id, status, outcome, now)``
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ...errors import InvalidInput
from ...journal import reminder_state as store
from .reminder_model import (
    SEVERITIES,
    SEVERITY_ORDER,
    SEVERITY_TITLES,
    Reminder,
    RuleContext,
    Subject,
    grouped,
    parse_time,
    sort_key,
)
from .reminder_settings import RULE_IDS, ReminderSettings, load_settings

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.records import Promise
    from .reminder_rules import Rule

__all__ = [
    "SEVERITIES", "SEVERITY_ORDER", "SEVERITY_TITLES", "PROMISE_CLOSING_STATUSES", "Reminder",
    "ReminderSettings", "ResolveAction", "Subject", "apply_action", "compute_reminders", "dismiss",
    "grouped", "mark_promise", "resolve_actions", "restore", "snooze",
]

PROMISE_CLOSING_STATUSES = ("kept", "late", "broken", "renegotiated", "cancelled")
MAX_REASON = 500


def _all_rules() -> tuple[tuple[tuple[str, ...], Rule], ...]:
    from .reminder_plan_rules import RULES as PLAN_RULES
    from .reminder_rules import RULES as DAILY_RULES

    return DAILY_RULES + PLAN_RULES


def compute_reminders(
    journal: Journal, now: datetime, settings: ReminderSettings | None = None, include_hidden: bool = False,
    *, real_names: bool = False,
) -> list[Reminder]:
    """Every reminder that applies at ``now`` (an aware datetime), most urgent first.

    Snoozed and dismissed reminders are left out unless ``include_hidden``; then they
    come back with ``state`` set to "snoozed" or "dismissed". Messages name customers by
    pseudonym unless ``real_names`` (only for the learner's own unlocked window, never for
    a notice, the CLI or anything a locked screen shows).
    """
    settings = settings or load_settings(journal)
    ctx = RuleContext.build(journal, now, settings, real_names=real_names)
    found: list[Reminder] = []
    for rule_ids, rule in _all_rules():
        if any(settings.enabled(r) for r in rule_ids):
            found.extend(r for r in rule(ctx) if settings.enabled(r.rule))
    states = store.load_states(journal)
    out = []
    for reminder in found:
        state = states.get((reminder.rule, reminder.subject.type, reminder.subject.id))
        if state is not None:
            reminder = _with_state(reminder, state, ctx)
        if include_hidden or not reminder.hidden:
            out.append(reminder)
    out.sort(key=sort_key)
    return out


def _with_state(reminder: Reminder, state: store.ReminderState, ctx: RuleContext) -> Reminder:
    if state.state == store.SNOOZED:
        until = parse_time(state.until)
        if until is not None and ctx.now_utc < until:
            return dataclasses.replace(reminder, state=store.SNOOZED, hidden_until=ctx.local(until))
    elif state.state == store.DISMISSED and state.fingerprint == reminder.fingerprint:
        return dataclasses.replace(reminder, state=store.DISMISSED)
    return reminder


# --- snooze, dismiss, restore -------------------------------------------------------------
def _key_of(reminder_or_key: Reminder | str | tuple[str, str, str]) -> store.StateKey:
    if isinstance(reminder_or_key, Reminder):
        return (reminder_or_key.rule, reminder_or_key.subject.type, reminder_or_key.subject.id)
    if isinstance(reminder_or_key, tuple) and len(reminder_or_key) == 3:
        key = tuple(str(p) for p in reminder_or_key)
    else:
        parts = str(reminder_or_key).split(":", 2)
        if len(parts) != 3 or not all(parts):
            raise InvalidInput(
                f'"{reminder_or_key}" is not a reminder key. Keys look like promise-overdue:promise:p1.'
            )
        key = tuple(parts)
    if key[0] not in RULE_IDS:
        raise InvalidInput(f'"{key[0]}" is not a kind of reminder. Known ones: {", ".join(RULE_IDS)}.')
    return key  # type: ignore[return-value]


def snooze(
    journal: Journal, reminder_or_key: Reminder | str | tuple[str, str, str], until: date | datetime,
    *, now: datetime | None = None,
) -> datetime:
    """Hide a reminder until ``until`` (a date means the start of that day); returns that moment."""
    key = _key_of(reminder_or_key)
    settings = load_settings(journal)
    ctx = RuleContext.build(journal, now or journal.now(), settings)
    if isinstance(until, datetime):
        moment = until if until.tzinfo else until.replace(tzinfo=ctx.zone)
    elif isinstance(until, date):
        moment = ctx.start_of(until)
    else:
        raise InvalidInput("Snooze needs a date or a date and time.")
    if moment.astimezone(UTC) <= ctx.now_utc:
        raise InvalidInput("Pick a time later than now to snooze until.")
    previous = store.find_state(journal, key)
    store.save_state(journal, store.ReminderState(
        *key, state=store.SNOOZED, until=moment.isoformat(timespec="seconds"),
        reason=previous.reason if previous else "", fingerprint=previous.fingerprint if previous else "",
        at=ctx.now.isoformat(timespec="seconds"),
    ))
    return ctx.local(moment)


def dismiss(
    journal: Journal, reminder_or_key: Reminder | str | tuple[str, str, str], reason: str = "",
    *, now: datetime | None = None,
) -> Reminder:
    """Hide a reminder until its subject changes in a way that matters to its rule."""
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        raise InvalidInput(f"Keep the reason under {MAX_REASON} characters.")
    key = _key_of(reminder_or_key)
    moment = now or journal.now()
    reminder = reminder_or_key if isinstance(reminder_or_key, Reminder) else _current(journal, key, moment)
    store.save_state(journal, store.ReminderState(
        *key, state=store.DISMISSED, until=None, reason=reason.strip(), fingerprint=reminder.fingerprint,
        at=moment.isoformat(timespec="seconds"),
    ))
    return dataclasses.replace(reminder, state=store.DISMISSED)


def restore(journal: Journal, reminder_or_key: Reminder | str | tuple[str, str, str]) -> bool:
    """Show a snoozed or dismissed reminder again; False when it wasn't hidden."""
    return store.clear_state(journal, _key_of(reminder_or_key))


def _current(journal: Journal, key: store.StateKey, now: datetime) -> Reminder:
    for reminder in compute_reminders(journal, now, include_hidden=True):
        if (reminder.rule, reminder.subject.type, reminder.subject.id) == key:
            return reminder
    raise InvalidInput(f'There is no reminder "{":".join(key)}" right now, so there is nothing to dismiss.')


# --- one-click actions --------------------------------------------------------------------
@dataclass(frozen=True)
class ResolveAction:
    """A button for a reminder: ``kind`` is what happens when it is pressed.

    kinds: "mark-promise" (params: status), "snooze" (params: days), "dismiss", and
    "open" (the GUI opens the subject's editor; params: type, id, focus).
    """

    kind: str
    label: str
    params: dict[str, Any] = field(default_factory=dict)


_PROMISE_BUTTONS = {
    "promise-overdue": (("late", "Done, but late"), ("broken", "Couldn't keep it"),
                        ("renegotiated", "Agreed a new date")),
    "promise-due-soon": (("kept", "Done"), ("renegotiated", "Agreed a new date"),
                         ("cancelled", "No longer needed")),
}


def resolve_actions(reminder: Reminder) -> list[ResolveAction]:
    """The quick actions a reminder card offers, the one that resolves it first."""
    actions: list[ResolveAction] = []
    for status, label in _PROMISE_BUTTONS.get(reminder.rule, ()):
        actions.append(ResolveAction("mark-promise", label, {"status": status, "id": reminder.subject.id}))
    actions.append(ResolveAction("open", reminder.action_label, {
        "type": reminder.subject.type, "id": reminder.subject.id, "focus": reminder.action,
    }))
    actions.append(ResolveAction("snooze", "Remind me tomorrow", {"days": 1}))
    actions.append(ResolveAction("snooze", "Remind me next week", {"days": 7}))
    actions.append(ResolveAction("dismiss", "Dismiss"))
    return actions


def apply_action(
    journal: Journal, reminder: Reminder, action: ResolveAction, now: datetime, outcome: str = ""
) -> Any:
    """Do what a quick action says; "open" is left to the GUI and returns None."""
    if action.kind == "mark-promise":
        return mark_promise(journal, reminder.subject.id, action.params["status"], outcome, now)
    if action.kind == "snooze":
        ctx = RuleContext.build(journal, now, load_settings(journal))
        return snooze(journal, reminder, ctx.today + timedelta(days=int(action.params["days"])), now=now)
    if action.kind == "dismiss":
        return dismiss(journal, reminder, outcome, now=now)
    return None


def mark_promise(journal: Journal, promise_id: str, status: str, outcome: str, now: datetime) -> Promise:
    """Close a promise (kept, late, broken, renegotiated or cancelled) with what happened.

    Goes through the promise repository, so the edit is kept in the promise's history.
    """
    if status not in PROMISE_CLOSING_STATUSES:
        raise InvalidInput(
            f'"{status}" isn\'t a way to close a promise. Use one of: {", ".join(PROMISE_CLOSING_STATUSES)}.'
        )
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("mark_promise needs an aware 'now' (with a UTC offset)")
    promise = journal.promises.get(promise_id)
    promise.status = status
    promise.closed_at = now.replace(microsecond=0).isoformat()
    promise.outcome = outcome if isinstance(outcome, str) else ""
    return journal.promises.update(promise)
