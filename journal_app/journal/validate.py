"""Small checks shared by every record, each raising InvalidRecord with the field's path."""

from __future__ import annotations

import math
from datetime import date, datetime

from ..errors import InvalidRecord

MAX_TEXT = 100_000  # characters in one field; a page of A4 is ~3,000
MAX_SHORT = 500


def text(value: object, path: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be text")
    if len(value) > limit:
        raise InvalidRecord(path, f"is too long ({len(value):,} characters; the most is {limit:,})")
    if "\x00" in value:
        raise InvalidRecord(path, "contains a null character")
    if required and not value.strip():
        raise InvalidRecord(path, "can't be empty")
    return value


def choice(value: object, allowed: tuple[str, ...], path: str, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = ", ".join(allowed)
        raise InvalidRecord(path, f'unknown value "{value}" (expected one of: {shown})')
    return value


def iso_date(value: object, path: str, *, nullable: bool = False) -> str | None:
    if value in (None, "") and nullable:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be a date like 2026-10-01")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(path, f'"{value[:40]}" is not a real date (use YYYY-MM-DD)') from None
    if len(value) != 10:
        raise InvalidRecord(path, f'"{value[:40]}" is not a date like 2026-10-01')
    return parsed.isoformat()


def timestamp(value: object, path: str, *, nullable: bool = False) -> str | None:
    """ISO 8601 with a UTC offset; returned unchanged so round trips are exact."""
    if value in (None, "") and nullable:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be a time like 2026-10-01T09:30:00+01:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(path, f'"{value[:40]}" is not a real date and time') from None
    if parsed.tzinfo is None:
        raise InvalidRecord(path, f'"{value[:40]}" needs a UTC offset, like +01:00')
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
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
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
        raise InvalidRecord(path, f'"{ref}" should look like framework-id:code, e.g. crm-unit:1.1')
    return ref
