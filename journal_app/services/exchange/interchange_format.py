"""The interchange format's fixed names, and reading a JSON file safely.

See docs/interchange.md: ``format`` and ``version`` identify the file; everything the
spec does not name that this app still wants to keep goes under one ``journal`` key.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ...errors import ImportRefused, printable, quoted, quoted_path
from ...journal.validate import BIGGEST_WHOLE_NUMBER, not_text

FORMAT = "placement-journal"
VERSION = 1
EXTRA_KEY = "journal"  # this app's own additions: pseudonyms, edit times, history, settings
MAX_JSON_BYTES = 200 * 1024 * 1024
MAX_DEPTH = 64  # objects and lists inside each other; a journal needs fewer than ten
MAX_INT_DIGITS = 4300  # Python's own limit on reading a whole number from text
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,39}", re.ASCII)
SPEC_TOP_KEYS = (
    "format", "version", "exported_at", "learner", "frameworks", "customers", "interactions",
    "promises", "feedback", "evidence", "objectives", "reviews", "hours", "retention",
    "improvements",
)


def _no_constants(name: str) -> Any:
    raise ImportRefused("", f"the file contains {name}, which is not allowed in JSON")


class TooBigNumber:
    """Stands in for a number in the file too big to hold (more digits than Python reads, or
    beyond a float's range); ``check_values`` refuses it, naming where it is."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def __repr__(self) -> str:
        return "a huge number"


def _whole_number(text: str) -> int | TooBigNumber:
    if len(text) <= MAX_INT_DIGITS:
        return int(text)
    return TooBigNumber(f"is a number with {len(text.lstrip('-')):,} digits, far too big to use")


def _decimal(text: str) -> float | TooBigNumber:
    value = float(text)
    if math.isfinite(value):
        return value
    return TooBigNumber(f"is a number ({printable(text, 40)}) too big to use: beyond a double's range")


def member(path: str, key: object) -> str:
    """The JSON path of ``key`` inside the object at ``path``: ``customers[0].notes``, or
    ``learner["odd key"]`` for a key that isn't a plain name (escaped and cut short)."""
    name = str(key)
    if _PLAIN_KEY.fullmatch(name):
        return f"{path}.{name}" if path else name
    return f"{path}[{quoted(name, 40)}]"


def check_values(document: Any, path: str = "") -> None:
    """Refuse anything JSON can carry that can't be stored or written out again, wherever it is
    (unknown keys too): null characters and lone surrogates in text or in keys, whole numbers
    beyond 64 bits, numbers too big to read, and nesting deeper than ``MAX_DEPTH``."""
    stack: list[tuple[Any, str, int]] = [(document, path, 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            problem = not_text(value)
            if problem:
                raise ImportRefused(where, problem)
        elif isinstance(value, TooBigNumber):
            raise ImportRefused(where, value.problem)
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > BIGGEST_WHOLE_NUMBER:
                raise ImportRefused(where, "is too big a number (the most is 9,223,372,036,854,775,807)")
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise ImportRefused(where, f"is nested too deeply (more than {MAX_DEPTH} levels)")
            if isinstance(value, list):
                indexed = list(enumerate(value))
                stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in reversed(indexed))
                continue
            items = list(value.items())
            for key, _item in items:
                problem = not_text(key)
                if problem:
                    raise ImportRefused(member(where, key), f"this key {problem}")
            stack.extend((item, member(where, key), depth + 1) for key, item in reversed(items))


def load_json_file(path: Path, *, max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """The one JSON object in ``path``, or ImportRefused saying plainly what is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportRefused("", f"{quoted_path(path)} is a folder, not a JSON file")
        if size > max_bytes:
            raise ImportRefused(
                "", f"the file is {size / 1024 / 1024:,.0f} MB; the most this app imports is "
                f"{max_bytes // 1024 // 1024:,} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused("", f"there is no file at {quoted_path(path)}") from None
    except OSError as error:
        raise ImportRefused("", f"can't read {quoted_path(path)} ({error.strerror})") from None
    return parse_json_bytes(raw)


def parse_json_bytes(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            "", f"the file is not UTF-8 text (odd byte at position {error.start}); "
            "save it as UTF-8 and try again"
        ) from None
    try:
        document = json.loads(
            text, parse_constant=_no_constants, parse_int=_whole_number, parse_float=_decimal
        )
    except json.JSONDecodeError as error:
        raise ImportRefused(
            "", f"the file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except ValueError as error:  # e.g. a number Python refuses to read; JSONDecodeError is above
        raise ImportRefused("", f"the file can't be read as JSON ({printable(str(error), 120)})") from None
    except RecursionError:
        raise ImportRefused("", "the file is nested too deeply to be a journal") from None
    if not isinstance(document, dict):
        raise ImportRefused("", "the file must hold one JSON object (starting with '{')")
    return document


def check_header(document: dict[str, Any]) -> None:
    """Refuse anything that is not a version this app knows, before looking further."""
    fmt = document.get("format")
    if not isinstance(fmt, str) or fmt != FORMAT:
        shown = "missing" if fmt is None else f"{quoted(fmt, 60)} is not a format this app reads"
        raise ImportRefused("format", f'{shown} (expected "{FORMAT}")')
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # not true, not 1.0, not "1"
        shown = "missing" if version is None else f"{quoted(version, 20)} is not a version this app reads"
        raise ImportRefused("version", f"{shown} (this app reads version {VERSION}; a newer app may read it)")
