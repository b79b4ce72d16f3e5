"""What a reminder is, how urgent each kind is, and the clock the rules read time from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from .reminder_settings import ReminderSettings

# Most urgent first; "grouped by urgency" lists the groups in this order.
SEVERITIES = ("overdue", "due-soon", "missing", "info")
SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}
SEVERITY_TITLES = {
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "missing": "Missing from your journal",
    "info": "For your information",
}


@dataclass(frozen=True, slots=True)
class Subject:
    """The record a reminder is about, named by its interchange id (never by a person's name)."""

    type: str  # customer, interaction, promise, feedback, evidence, objective, criterion, placement, day, …
    id: str

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id}


@dataclass(frozen=True, slots=True)
class Reminder:
    """Something missing or late in the journal, in plain words, with what would resolve it.

    ``since`` is when the reminder started to apply; ``due`` is the deadline it is about
    (for a date, the end of that day in the learner's time zone), or None.
    """

    rule: str
    severity: str
    subject: Subject
    message: str
    action: str  # machine-friendly id of what resolves it, e.g. "close-promise"
    action_label: str  # the same as a short verb phrase for a button
    since: datetime | None = None
    due: datetime | None = None
    due_date: date | None = None  # the learner's own date, when the deadline is a day
    fingerprint: str = field(default="", compare=False)
    state: str = ""  # "", "snoozed" or "dismissed" (only seen with include_hidden)
    hidden_until: datetime | None = None

    @property
    def key(self) -> str:
        """Stable name for snooze and dismiss: ``rule:subject-type:subject-id``."""
        return f"{self.rule}:{self.subject.type}:{self.subject.id}"

    @property
    def urgency(self) -> int:
        return SEVERITY_ORDER[self.severity]

    @property
    def hidden(self) -> bool:
        return bool(self.state)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "subject": self.subject.as_dict(),
            "message": self.message,
            "since": _iso(self.since),
            "due": _iso(self.due),
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "action": self.action,
            "action_label": self.action_label,
            "key": self.key,
            "state": self.state or None,
            "hidden_until": _iso(self.hidden_until),
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def sort_key(reminder: Reminder) -> tuple[Any, ...]:
    """Most urgent first, then the oldest deadline, so the first line is what to do next."""
    when = reminder.due or reminder.since
    # Reminders without a time go last in their group; times are only compared with times.
    subject = reminder.subject
    return (reminder.urgency, when is None, when or 0, reminder.rule, subject.type, subject.id)


def grouped(reminders: list[Reminder]) -> list[tuple[str, list[Reminder]]]:
    """``[(severity, reminders)]`` in urgency order, leaving out empty groups."""
    groups: dict[str, list[Reminder]] = {s: [] for s in SEVERITIES}
    for reminder in reminders:
        groups[reminder.severity].append(reminder)
    return [(s, sorted(items, key=sort_key)) for s, items in groups.items() if items]


def fingerprint(*parts: Any) -> str:
    """The fields that matter to a rule, as one string; a change to them brings a dismissal back.

    Rules pass only dates, statuses, counts and field names, never free text or names,
    so the stored fingerprint holds no personal data.
    """
    return "|".join("" if p is None else str(p) for p in parts)


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule needs to know about "now", in the learner's own time zone."""

    journal: Journal
    now: datetime  # aware, in the learner's zone
    zone: tzinfo
    settings: ReminderSettings
    now_utc: datetime  # the same moment in UTC: all threshold arithmetic happens here
    today: date  # the learner's date
    # Only for the learner's own unlocked window (the Today page): customers by their real
    # names and the learner's own words as typed. Tray notices, the CLI and anything seen
    # on a locked or shared screen keep the default: pseudonyms and cleaned words.
    real_names: bool = False
    names: dict[str, str] = field(default_factory=dict)  # pseudonym → real name, with real_names

    @classmethod
    def build(cls, journal: Journal, now: datetime, settings: ReminderSettings,
              real_names: bool = False) -> RuleContext:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("reminders need an aware 'now' (with a UTC offset)")
        zone = settings.zone() or now.tzinfo
        local = now.astimezone(zone)
        names: dict[str, str] = {}
        if real_names:
            from ...journal.reminder_queries import real_names_by_pseudonym

            names = real_names_by_pseudonym(journal)
        return cls(journal, local, zone, settings, now.astimezone(UTC), local.date(), real_names, names)

    def person(self, pseudonym: str) -> str:
        """How a message names a customer: by pseudonym, or by name in the learner's own window."""
        return self.names.get(pseudonym, pseudonym) if pseudonym else pseudonym

    def start_of(self, day: date) -> datetime:
        """Midnight at the start of a local day (the zone knows whether it is GMT or BST)."""
        return datetime.combine(day, time(0), tzinfo=self.zone)

    def end_of(self, day: date) -> datetime:
        """The moment a day is over: midnight starting the next local day."""
        return self.start_of(day + timedelta(days=1))

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def hours_ago_utc(self, hours: float) -> str:
        """Sortable UTC text of the moment ``hours`` real hours ago (DST-proof: counted in UTC)."""
        return utc_text(self.now_utc - timedelta(hours=hours))

    def after_hours(self, moment: datetime, hours: float) -> datetime:
        """``hours`` real hours after ``moment``, shown in the learner's zone."""
        return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(self.zone)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
