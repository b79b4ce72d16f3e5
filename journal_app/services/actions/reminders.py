"""Snoozing, dismissing and bringing back a reminder; changing a reminder threshold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ..rules.reminder_model import Reminder
    from ..rules.reminder_settings import ReminderSettings
    from ..rules.reminders import ResolveAction

Key = Any  # a Reminder, its "rule:type:id" key, or the (rule, type, id) tuple


def snooze_reminder(journal: Journal, reminder: Key, until: date | datetime, now: datetime) -> Done[datetime]:
    from ..rules.reminders import snooze

    return act(journal, lambda: snooze(journal, reminder, until, now=now))


def snooze_for_days(journal: Journal, reminder: Key, days: int, now: datetime) -> Done[datetime]:
    """"Remind me tomorrow / next week": from the start of the learner's day."""
    from ..rules.reminder_model import RuleContext
    from ..rules.reminder_settings import load_settings

    today = RuleContext.build(journal, now, load_settings(journal)).today
    return snooze_reminder(journal, reminder, today + timedelta(days=days), now)


def dismiss_reminder(journal: Journal, reminder: Key, reason: str, now: datetime) -> Done[Reminder]:
    from ..rules.reminders import dismiss

    return act(journal, lambda: dismiss(journal, reminder, reason, now=now))


def show_reminder_again(journal: Journal, reminder: Key) -> Done[bool]:
    from ..rules.reminders import restore

    return act(journal, lambda: restore(journal, reminder))


def press_reminder_button(journal: Journal, reminder: Reminder, action: ResolveAction, now: datetime,
                          outcome: str = "") -> Done[Any]:
    """A reminder card's quick action ("Done", "Remind me tomorrow", "Dismiss"…)."""
    if action.kind == "mark-promise":
        from .promises import close_promise

        return close_promise(journal, reminder.subject.id, action.params["status"], now, outcome=outcome)
    if action.kind == "snooze":
        return snooze_for_days(journal, reminder, int(action.params["days"]), now)
    if action.kind == "dismiss":
        return dismiss_reminder(journal, reminder, outcome, now)
    raise ValueError(f"{action.kind!r} is not a journal change")


def change_reminder_setting(journal: Journal, name: str, value: Any) -> Done[ReminderSettings]:
    from ..rules.reminder_settings import save_setting

    return act(journal, lambda: save_setting(journal, name, value))


def reset_reminder_setting(journal: Journal, name: str) -> Done[ReminderSettings]:
    from ..rules.reminder_settings import reset_setting

    return act(journal, lambda: reset_setting(journal, name))
