"""reminders: what needs doing now, grouped by urgency; snooze, dismiss or restore one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TypeVar

from .common import add_at_option, add_passphrase_options, add_path

if TYPE_CHECKING:
    from datetime import date, datetime

    from ..services.rules.reminder_model import Reminder

_Moment = TypeVar("_Moment", "date", "datetime")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reminders",
        help="show what needs doing: overdue promises, missing reflections, feedback with no action …",
        description="Work out the reminders from the journal at this moment (or --at another). "
        "Read-only unless --snooze, --dismiss or --restore is given.",
    )
    add_path(p)
    add_passphrase_options(p)
    add_at_option(p)
    p.add_argument("--json", action="store_true", help="print the reminders as JSON")
    p.add_argument("--all", action="store_true", help="include snoozed and dismissed reminders")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--snooze", metavar="KEY", help="hide this reminder until --until")
    change.add_argument("--dismiss", metavar="KEY", help="hide this reminder until its subject changes")
    change.add_argument("--restore", metavar="KEY", help="show a snoozed or dismissed reminder again")
    p.add_argument("--until", metavar="DATE", help="with --snooze: a date (2026-11-25) or date and time")
    p.add_argument("--reason", default="", help="with --dismiss: why (kept in the journal only)")
    p.set_defaults(handler=cmd_reminders)


def cmd_reminders(args: argparse.Namespace) -> int:
    from ..errors import InvalidInput
    from .common import open_journal, parse_at

    now = _usable(parse_at(args.at), "--at", args.at)
    changing = args.snooze or args.dismiss or args.restore
    if args.snooze and not args.until:
        raise InvalidInput("Say how long to snooze for with --until, e.g. --until 2026-11-25.")
    if args.until and not args.snooze:
        raise InvalidInput("--until only goes with --snooze.")
    until = _parse_until(args.until) if args.until else None
    journal = open_journal(args, write=bool(changing))
    try:
        if changing:
            return _change(journal, args, now, until)
        from ..services.rules.reminders import compute_reminders

        reminders = compute_reminders(journal, now, include_hidden=args.all)
    finally:
        journal.close()
    if args.json:
        from .common import print_json

        print_json([r.as_dict() for r in reminders])
    else:
        print(as_text(reminders, now))
    return 0


def _parse_until(text: str):  # date or datetime
    from datetime import date, datetime

    from ..errors import InvalidInput

    try:
        until = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f'"{text}" is not a date like 2026-11-25 (or 2026-11-25T09:00).') from None
    return _usable(until, "--until", text)


def _usable(moment: _Moment, option: str, text: str | None) -> _Moment:
    """Refuse a time the reminders can't count days around (next to year 1 or 9999)."""
    from ..errors import InvalidInput, quoted
    from ..journal.validate import FIRST_YEAR, LAST_YEAR, YEARS

    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidInput(f"{option} {quoted(text)} is too far away: give a time in the years {YEARS}.")
    return moment


def _change(journal, args: argparse.Namespace, now: datetime, until) -> int:
    from ..services.actions.reminders import dismiss_reminder, show_reminder_again, snooze_reminder

    if args.snooze:
        moment = snooze_reminder(journal, args.snooze, until, now).value
        message = f"Snoozed until {moment:%Y-%m-%d %H:%M}."
    elif args.dismiss:
        dismiss_reminder(journal, args.dismiss, args.reason, now)
        message = "Dismissed. It comes back if what it is about changes."
    else:
        shown = show_reminder_again(journal, args.restore).value
        message = "Shown again." if shown else "That reminder wasn't hidden."
    journal.save()
    print(message)
    return 0


def as_text(reminders: list[Reminder], now: datetime) -> str:
    """Reminders grouped by urgency, most urgent first, with the key to snooze or dismiss each."""
    from ..services.rules.reminder_model import SEVERITY_TITLES, grouped

    if not reminders:
        return "Nothing needs your attention right now. Nice work."
    lines = [f"{len(reminders)} reminder{'s' if len(reminders) != 1 else ''} at {now:%Y-%m-%d %H:%M}"]
    for severity, items in grouped(reminders):
        lines.append("")
        lines.append(f"{SEVERITY_TITLES[severity]} ({len(items)})")
        for r in items:
            hidden = f" [{r.state}]" if r.state else ""
            lines.append(f"  • {r.message}{hidden}")
            lines.append(f"      → {r.action_label}   (key: {r.key})")
    return "\n".join(lines)
