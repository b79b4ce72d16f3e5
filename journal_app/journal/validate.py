"""Small checks shared by every record, each raising InvalidRecord with the field's path."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from ..errors import InvalidRecord, quoted

MAX_TEXT = 100_000  # characters in one field; a page of A4 is ~3,000
MAX_SHORT = 500
BIGGEST_WHOLE_NUMBER = 2**63 - 1  # what SQLite stores as an integer
# Dates and times the app can work with: reminders, charts and packs count days and weeks
# around them, which fails next to Python's year 1 and year 9999.
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEARS = f"{FIRST_YEAR} to {LAST_YEAR}"
# The only forms accepted (docs/interchange.md §2): a calendar date, and an RFC 3339 time with
# seconds and a UTC offset. Python reads more (week dates, "20261001T0930Z", no seconds…), but
# the rest of the app, and other readers of an export, can't rely on those.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)


def lone_surrogate(value: str) -> str | None:
    """A UTF-16 surrogate standing alone in ``value`` (JSON can write one as
    ``"\\ud800"``, but it is not text and can't be stored or written out), or None."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return value[error.start]
    return None


def not_text(value: str) -> str | None:
    """Why ``value`` can't be stored as text (a null character, a lone surrogate), or None."""
    if "\x00" in value:
        return "contains a null character"
    surrogate = lone_surrogate(value)
    if surrogate is not None:
        return f"contains a lone surrogate (\\u{ord(surrogate):04x}), which is not valid text"
    return None


def text(value: object, path: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be text")
    if len(value) > limit:
        raise InvalidRecord(path, f"is too long ({len(value):,} characters; the most is {limit:,})")
    problem = not_text(value)
    if problem:
        raise InvalidRecord(path, problem)
    if required and not value.strip():
        raise InvalidRecord(path, "can't be empty")
    return value


def choice(value: object, allowed: tuple[str, ...], path: str, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = ", ".join(allowed)
        raise InvalidRecord(path, f"unknown value {quoted(value)} (expected one of: {shown})")
    return value


def iso_date(value: object, path: str, *, nullable: bool = False) -> str | None:
    if value in (None, "") and nullable:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be a date like 2026-10-01")
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(path, f"{quoted(value, 40)} is not a real date (use YYYY-MM-DD)") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise InvalidRecord(path, f"{quoted(value, 40)} is not in the years {YEARS}")
    return parsed.isoformat()


def timestamp(value: object, path: str, *, nullable: bool = False) -> str | None:
    """RFC 3339 with a UTC offset; returned unchanged so round trips are exact."""
    if value in (None, "") and nullable:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be a time like 2026-10-01T09:30:00+01:00")
    if not _TIMESTAMP.fullmatch(value):
        if _TIMESTAMP.fullmatch(value + "Z"):
            raise InvalidRecord(path, f"{quoted(value, 40)} needs a UTC offset, like +01:00")
        raise InvalidRecord(
            path, f"{quoted(value, 40)} is not a date and time like 2026-10-01T09:30:00+01:00"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(path, f"{quoted(value, 40)} is not a real date and time") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise InvalidRecord(path, f"{quoted(value, 40)} is not in the years {YEARS}")
    return value


def integer(value: object, path: str, lo: int, hi: int, *, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidRecord(path, f"must be a whole number from {lo} to {hi}")
    return value


def number(value: object, path: str, *, nullable: bool = True) -> float | int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRecord(path, "must be a number")
    if isinstance(value, int) and abs(value) > BIGGEST_WHOLE_NUMBER:
        raise InvalidRecord(path, "is too big a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidRecord(path, "must be a number")
    return value


def boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidRecord(path, "must be true or false")
    return value


def text_list(value: object, path: str, *, limit: int = MAX_SHORT) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord(path, "must be a list")
    return [text(v, f"{path}[{i}]", limit=limit) for i, v in enumerate(value)]


def criterion_ref(value: object, path: str) -> str:
    ref = text(value, path, limit=MAX_SHORT, required=True)
    framework, sep, code = ref.partition(":")
    if not sep or not framework or not code:
        raise InvalidRecord(path, f"{quoted(ref)} should look like framework-id:code, e.g. crm-unit:1.1")
    return ref
