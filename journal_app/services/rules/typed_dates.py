"""Dates and times as a UK learner types them, read without Qt.

``parse_typed_date(text, today)`` accepts (case and extra spaces don't matter):

- day first, the UK way: ``26/11/2026``, ``26/11/26`` (20xx), ``26/11`` (this year);
  ``-`` or ``.`` work as separators too (``26-11-2026``, ``26.11.26``);
- ISO: ``2026-11-26``;
- a month by name, either way round, with an optional year and ordinal:
  ``26 Nov``, ``26th November 2026``, ``Nov 26``, ``26 Nov 26``;
- a weekday in front of a date, as the field shows it back: ``Thu 26 Nov 2026``
  (a weekday that doesn't match the date is refused, so a slip is caught);
- words: ``today``, ``tomorrow``, ``yesterday`` (also ``tmrw``, ``tmr``);
- a weekday alone, full or short (``fri``, ``Friday``, ``tues``, ``thurs``): the next
  such day *on or after* today, so ``fri`` typed on a Friday is today (a learner
  writing up the shift means today, and "due by Friday" on a Friday means today);
  ``next fri`` is strictly after today (a week away on a Friday) and ``last fri`` is
  strictly before today;
- days from today: ``+3``, ``-2``; ``+2w`` for weeks; ``+3 days`` also works.

An empty text means "no date" and gives ``None``. Anything else raises
``UnreadableDate`` (an ``InvalidInput``) whose message is one plain sentence.

``parse_typed_datetime(text, now)`` accepts any of the dates above with an optional
time before or after it (``26/11 14:30``, ``today 9am``, ``9:30am tomorrow``,
``today at 2pm``), or a time alone (``2pm``, ``14:30``: today). Times are 24-hour
``14:30`` / ``9:05`` (with a dot it's a date: ``26.11``), or 12-hour ``2pm`` /
``2:30 pm`` / ``12am``, or ``noon`` / ``midnight``. Without a time the ``default_time``
(else ``now``'s time) is kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from ...errors import InvalidInput, printable

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_EXAMPLES = "26/11/2026, 26 Nov, today, tomorrow, fri or +3"
DATETIME_EXAMPLES = "26/11/2026 14:30, today 9am, 2pm or fri 10:00"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH_WORDS: dict[str, int] = {}
for _n, _name in enumerate(MONTHS, start=1):
    _MONTH_WORDS[_name.lower()] = _n
    _MONTH_WORDS[_name[:3].lower()] = _n
_MONTH_WORDS["sept"] = 9

_WEEKDAY_WORDS: dict[str, int] = {}
for _n, _name in enumerate(WEEKDAYS):
    _WEEKDAY_WORDS[_name.lower()] = _n
    _WEEKDAY_WORDS[_name[:3].lower()] = _n
    _WEEKDAY_WORDS[_name[:2].lower()] = _n
_WEEKDAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_WORDS = {"today": 0, "tod": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}

_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{2}|\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)(?: (\d{2}|\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?")
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})\s*(d|day|days|w|wk|wks|week|weeks)?")
_TIME_24 = re.compile(r"(\d{1,2}):(\d{2})")
_TIME_12 = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m?\.?")


class UnreadableDate(InvalidInput):
    """Text in a date or time field that isn't a date (or time) we can read."""


def format_date(value: date) -> str:
    """``Thu 26 Nov 2026``: the form every date field shows back (and reads again)."""
    return f"{WEEKDAYS[value.weekday()][:3]} {value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def format_datetime(value: datetime) -> str:
    """``Thu 26 Nov 2026 14:30``."""
    return f"{format_date(value.date())} {value.hour:02d}:{value.minute:02d}"


def _normalise(text: str) -> str:
    text = text.strip().lower().replace(",", " ")
    return re.sub(r"\s+", " ", text)


def _shown(text: str) -> str:
    return printable(text.strip(), 40)


def _not_a_date(text: str) -> UnreadableDate:
    return UnreadableDate(f'"{_shown(text)}" is not a date we can read: type it like {DATE_EXAMPLES}.')


def _make(year: int, month: int, day: int, text: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnreadableDate(f'"{_shown(text)}": the year should be between {FIRST_YEAR} and {LAST_YEAR}.')
    if not 1 <= month <= 12:
        raise UnreadableDate(
            f'"{_shown(text)}": there are only 12 months (the day comes first, as in 26/11).')
    try:
        return date(year, month, day)
    except ValueError:
        raise UnreadableDate(f'"{_shown(text)}": there is no {day} {MONTHS[month - 1]} {year}.')


def _year(digits: str | None, today: date) -> int:
    if digits is None:
        return today.year
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _month(word: str) -> int | None:
    return _MONTH_WORDS.get(word)


def _weekday_alone(words: list[str], today: date) -> date | None:
    if len(words) == 2 and words[0] in ("next", "last", "this") and words[1] in _WEEKDAY_WORDS:
        which, day = words[0], _WEEKDAY_WORDS[words[1]]
    elif len(words) == 1 and words[0] in _WEEKDAY_WORDS:
        which, day = "this", _WEEKDAY_WORDS[words[0]]
    else:
        return None
    ahead = (day - today.weekday()) % 7
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if which == "last":
        return today - timedelta(days=(today.weekday() - day) % 7 or 7)
    return today + timedelta(days=ahead)


def _plain_date(text: str, today: date, original: str) -> date | None:
    """A date without a weekday in front; None if the text isn't any date form."""
    if text in _WORDS:
        return today + timedelta(days=_WORDS[text])
    if match := _OFFSET.fullmatch(text):
        sign, count, unit = match.groups()
        days = int(count) * (7 if unit and unit.startswith("w") else 1)
        try:
            return today + timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            raise UnreadableDate(f'"{_shown(original)}" is too far from today.')
    if match := _ISO.fullmatch(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), original)
    if match := _NUMERIC.fullmatch(text):
        return _make(_year(match[4], today), int(match[3]), int(match[1]), original)
    if (match := _DAY_MONTH.fullmatch(text)) and (month := _month(match[2])):
        return _make(_year(match[3], today), month, int(match[1]), original)
    if (match := _MONTH_DAY.fullmatch(text)) and (month := _month(match[1])):
        return _make(_year(match[3], today), month, int(match[2]), original)
    return _weekday_alone(text.split(" "), today)


def parse_typed_date(text: str, today: date) -> date | None:
    """The date ``text`` means, read the UK way relative to ``today``; None when empty."""
    clean = _normalise(text)
    if not clean:
        return None
    found = _plain_date(clean, today, text)
    if found is not None:
        return found
    first, _, rest = clean.partition(" ")
    if first in _WEEKDAY_WORDS and rest:
        found = _plain_date(rest, today, text)
        if found is not None and not rest.startswith(("+", "-")) and rest not in _WORDS:
            named = _WEEKDAY_WORDS[first]
            if found.weekday() != named:
                raise UnreadableDate(
                    f'"{_shown(text)}": {format_date(found)[4:]} is a {WEEKDAYS[found.weekday()]}, '
                    f"not a {WEEKDAYS[named]}."
                )
            return found
    raise _not_a_date(text)


def _time_of(token: str) -> time | None:
    """A time typed on its own (``14:30``, ``9am``, ``noon``); None if it isn't one."""
    if token == "noon" or token == "midday":
        return time(12, 0)
    if token == "midnight":
        return time(0, 0)
    if match := _TIME_24.fullmatch(token):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise UnreadableDate(f'"{token}" is not a time of day: type it like 14:30 or 2:30pm.')
        return time(hour, minute)
    if match := _TIME_12.fullmatch(token):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise UnreadableDate(f'"{token}" is not a time of day: type it like 2pm or 9:30am.')
        hour = hour % 12 + (12 if match[3] == "p" else 0)
        return time(hour, minute)
    return None


def _split_time(clean: str) -> tuple[str, time | None]:
    """(the date part, the time) with the time taken from either end of the text."""
    # "2 pm" and "9 am" are one token; join them before splitting.
    joined = re.sub(r"\b(\d{1,2}(?:[:.]\d{2})?) ([ap]\.?m\.?)(?=\s|$)", r"\1\2", clean)
    words = joined.split(" ")
    for candidates, rest in ((words[-1:], words[:-1]), (words[:1], words[1:])):
        if not candidates:
            continue
        found = _time_of(candidates[0])
        if found is not None:
            if rest and rest[-1] == "at":
                rest = rest[:-1]
            return " ".join(rest), found
    return joined, None


def parse_typed_datetime(text: str, now: datetime, default_time: time | None = None) -> datetime | None:
    """The moment ``text`` means (naive, wall-clock), relative to ``now``; None when empty.

    A date without a time keeps ``default_time`` (else the time of ``now``); a time
    without a date is today."""
    clean = _normalise(text)
    if not clean:
        return None
    if clean == "now":
        return now.replace(second=0, microsecond=0, tzinfo=None)
    try:
        date_part, moment = _split_time(clean)
        day = parse_typed_date(date_part, now.date()) if date_part else now.date()
    except UnreadableDate as error:
        if "is not a date we can read" not in str(error):
            raise
        raise UnreadableDate(f'"{_shown(text)}" is not a date and time we can read: '
                             f"type it like {DATETIME_EXAMPLES}.")
    assert day is not None  # date_part isn't empty here
    if moment is None:
        moment = default_time if default_time is not None else now.time()
    return datetime.combine(day, moment.replace(second=0, microsecond=0))
