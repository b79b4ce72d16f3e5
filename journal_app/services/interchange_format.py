"""The interchange format's fixed names, and reading a JSON file safely.

See docs/interchange.md: ``format`` and ``version`` identify the file; everything the
spec does not name that this app still wants to keep goes under one ``journal`` key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ImportRefused

FORMAT = "placement-journal"
VERSION = 1
EXTRA_KEY = "journal"  # this app's own additions: pseudonyms, edit times, history, settings
MAX_JSON_BYTES = 200 * 1024 * 1024
SPEC_TOP_KEYS = (
    "format", "version", "exported_at", "learner", "frameworks", "customers", "interactions",
    "promises", "feedback", "evidence", "objectives", "reviews", "hours", "retention",
)


def _no_constants(name: str) -> Any:
    raise ImportRefused("", f"the file contains {name}, which is not allowed in JSON")


def load_json_file(path: Path, *, max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """The one JSON object in ``path``, or ImportRefused saying plainly what is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportRefused("", f"{path} is a folder, not a JSON file")
        if size > max_bytes:
            raise ImportRefused(
                "", f"the file is {size / 1024 / 1024:,.0f} MB; the most this app imports is "
                f"{max_bytes // 1024 // 1024:,} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused("", f"there is no file at {path}") from None
    except OSError as error:
        raise ImportRefused("", f"can't read {path} ({error.strerror})") from None
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
        document = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            "", f"the file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise ImportRefused("", "the file is nested too deeply to be a journal") from None
    if not isinstance(document, dict):
        raise ImportRefused("", "the file must hold one JSON object (starting with '{')")
    return document


def check_header(document: dict[str, Any]) -> None:
    """Refuse anything that is not a version this app knows, before looking further."""
    fmt = document.get("format")
    if fmt != FORMAT:
        shown = "missing" if fmt is None else f'"{str(fmt)[:60]}" is not a format this app reads'
        raise ImportRefused("format", f'{shown} (expected "{FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or version != VERSION:
        shown = "missing" if version is None else f"{str(version)[:20]} is not a version this app reads"
        raise ImportRefused("version", f"{shown} (this app reads version {VERSION}; a newer app may read it)")
