"""The reminder thresholds the learner can change, declared once with typed defaults.

Each setting is stored in the journal (``journal.setting``) under ``reminders.<name>``,
so the thresholds travel with the journal from the college laptop to the workplace PC.
One declaration (``SETTINGS``) drives the defaults, the checks and the settings page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from ...errors import InvalidInput

if TYPE_CHECKING:
    from ...journal.journal import Journal

KEY_PREFIX = "reminders."
DEFAULT_TIMEZONE = "Europe/London"

RULE_IDS = (
    "promise-overdue", "promise-due-soon", "promise-closed-no-outcome", "reflection-missing",
    "complaint-incomplete", "follow-up-missing", "feedback-no-action", "key-customer-quiet",
    "review-due", "evidence-unmapped", "criterion-no-evidence", "hours-behind", "day-undocumented",
    "retention-due", "plan-action-overdue",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Setting:
    """One threshold: its stored key, what the settings page calls it, and its limits."""

    name: str
    label: str
    kind: type
    default: Any
    lowest: int = 0
    highest: int = 3650
    nullable: bool = False  # None means "never" (e.g. no contact cadence for a segment)

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.name


SETTINGS: tuple[Setting, ...] = (
    Setting("timezone", "Your time zone (for 'today' and due days)", str, DEFAULT_TIMEZONE),
    Setting("due_soon_hours", "Warn about a promise this many hours before it is due", int, 48, 1, 24 * 60),
    Setting("reflection_after_hours", "Ask for a missing reflection after (hours)", int, 48, 0, 24 * 365),
    Setting("follow_up_after_hours", "Ask for a follow-up after a complaint or sale (hours)", int, 24,
            0, 24 * 365),
    Setting("feedback_action_days", "Ask what you did about feedback after (days)", int, 7),
    Setting("cadence_key_days", "Contact key customers at least every (days)", int, 30, 1, nullable=True),
    Setting("cadence_growth_days", "Contact growth customers at least every (days)", int, 60, 1,
            nullable=True),
    Setting("cadence_maintain_days", "Contact maintain customers at least every (days)", int, 90, 1,
            nullable=True),
    Setting("cadence_occasional_days", "Contact occasional customers at least every (days)", int, None, 1,
            nullable=True),
    Setting("criterion_window_days", "Warn about criteria with no evidence this many days before the end",
            int, 60),
    Setting("hours_grace_days", "Days of slack before off-the-job hours count as behind", int, 0),
    Setting("working_days", "Your placement working days (empty: don't check days)", tuple, ()),
    Setting("undocumented_lookback_days", "Check working days this far back (days)", int, 14, 1, 366),
    Setting("retention_window_days", "Warn this many days before personal data is removed", int, 14),
    Setting("disabled_rules", "Reminders you have switched off", tuple, ()),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class ReminderSettings:
    timezone: str = DEFAULT_TIMEZONE
    due_soon_hours: int = 48
    reflection_after_hours: int = 48
    follow_up_after_hours: int = 24
    feedback_action_days: int = 7
    cadence_key_days: int | None = 30
    cadence_growth_days: int | None = 60
    cadence_maintain_days: int | None = 90
    cadence_occasional_days: int | None = None
    criterion_window_days: int = 60
    hours_grace_days: int = 0
    working_days: tuple[int, ...] = ()  # ISO weekdays, Monday = 1
    undocumented_lookback_days: int = 14
    retention_window_days: int = 14
    disabled_rules: tuple[str, ...] = ()

    def cadence_days(self, segment: str) -> int | None:
        """How often a customer in this segment should hear from the learner (None: never)."""
        return getattr(self, f"cadence_{segment}_days", None)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled_rules

    def zone(self) -> tzinfo | None:
        """The learner's time zone, or None when the zone database is missing on this computer."""
        return zone_named(self.timezone)

    def replace(self, **changes: Any) -> ReminderSettings:
        return dataclasses.replace(self, **{k: check(k, v) for k, v in changes.items()})


def zone_named(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def check(name: str, value: Any) -> Any:
    """The value in its stored type; raises InvalidInput (in plain words) when it can't be used."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise InvalidInput(f'"{name}" is not a reminder setting.')
    if value is None and setting.nullable:
        return None
    if setting.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{setting.label}: please give a whole number.")
        if not setting.lowest <= value <= setting.highest:
            raise InvalidInput(f"{setting.label}: use a number from {setting.lowest} to {setting.highest}.")
        return value
    if name == "timezone":
        if not isinstance(value, str) or zone_named(value) is None:
            raise InvalidInput(f'"{value}" is not a time zone this computer knows, e.g. Europe/London.')
        return value
    if name == "working_days":
        return _working_days(value)
    if name == "disabled_rules":
        if not isinstance(value, list | tuple) or any(r not in RULE_IDS for r in value):
            raise InvalidInput(f"Unknown reminder in the list. Known ones: {', '.join(RULE_IDS)}.")
        return tuple(dict.fromkeys(value))
    raise InvalidInput(f'"{name}" can\'t be set to that.')  # pragma: no cover - every kind handled above


def _working_days(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidInput("Working days: give a list of days, e.g. Mon, Tue, Wed.")
    days: list[int] = []
    for item in value:
        if isinstance(item, str) and item[:3].title() in WEEKDAYS:
            days.append(WEEKDAYS.index(item[:3].title()) + 1)
        elif isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 7:
            days.append(item)
        else:
            raise InvalidInput(f'Working days: "{item}" is not a day (use Mon … Sun or 1 … 7).')
    return tuple(sorted(set(days)))


def load_settings(journal: Journal) -> ReminderSettings:
    """The journal's thresholds; a stored value that no longer makes sense falls back to its default."""
    values: dict[str, Any] = {}
    stored = journal.settings()
    for setting in SETTINGS:
        if setting.key not in stored:
            continue
        try:
            values[setting.name] = check(setting.name, stored[setting.key])
        except InvalidInput:
            continue
    return ReminderSettings(**values)


def save_setting(journal: Journal, name: str, value: Any) -> ReminderSettings:
    """Check and store one threshold; a refused value leaves the journal unchanged."""
    clean = check(name, value)
    journal.set_setting(BY_NAME[name].key, list(clean) if isinstance(clean, tuple) else clean)
    return load_settings(journal)


def reset_setting(journal: Journal, name: str) -> ReminderSettings:
    """Back to the default value."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise InvalidInput(f'"{name}" is not a reminder setting.')
    default = setting.default
    journal.set_setting(setting.key, list(default) if isinstance(default, tuple) else default)
    return load_settings(journal)
