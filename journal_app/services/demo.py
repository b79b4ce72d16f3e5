"""The demo journal: a few weeks on the service desk at Northside Motors.

The sample lives in ``resources/demo/demo.json`` (the interchange format). Every date
in it is moved so the last interaction was yesterday, so its reminders (an overdue
promise, one due in a few days, a passed review date) make sense whenever it is tried.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..journal.journal import Journal

DEMO_PASSPHRASE = "northside motors demo"
DEMO_FILE_NAME = "demo-journal.pjournal"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")


def demo_source() -> Path:
    from ..paths import resources_dir

    return resources_dir() / "demo" / "demo.json"


def demo_document(today: date) -> dict[str, Any]:
    """The demo as an interchange document, with its dates moved to end yesterday."""
    document = json.loads(demo_source().read_text("utf-8"))
    last = max(date.fromisoformat(i["at"][:10]) for i in document["interactions"])
    shifted: dict[str, Any] = _shift(document, (today - timedelta(days=1)) - last)
    return shifted


def _shift(value: Any, delta: timedelta) -> Any:
    # Only whole values that are dates or times move; free text is left alone.
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, str):
        if _TIME.fullmatch(value):
            return (datetime.fromisoformat(value) + delta).isoformat()
        if _DATE.fullmatch(value):
            return (date.fromisoformat(value) + delta).isoformat()
    return value


def _written_when_it_happened(document: dict[str, Any]) -> None:
    """Make each entry look written on the day it happened (history shows sensible dates)."""
    records: dict[str, dict[str, Any]] = {}
    for key in ("interactions", "feedback"):
        records[key] = {r["id"]: {"created_at": r["at"], "updated_at": r["at"]} for r in document[key]}
    document["journal"] = {"records": records}


def populate_demo(journal: Journal, today: date) -> None:
    """Fill a (new, empty) journal with the demo placement, dated to end yesterday."""
    from .exchange.interchange import import_document

    document = demo_document(today)
    _written_when_it_happened(document)
    if journal.vault is None:  # no file to keep attachments beside: leave the bytes out
        for item in document["evidence"]:
            item["file"] = None
    import_document(journal, document, base_dir=demo_source().parent)


def create_demo_copy(folder: Path, today: date) -> Path:
    """Write an encrypted demo journal (passphrase DEMO_PASSPHRASE) in ``folder``; returns its path."""
    from ..journal.journal import Journal

    folder = Path(folder)
    path = folder / DEMO_FILE_NAME
    n = 1
    while path.exists():
        n += 1
        path = folder / f"demo-journal-{n}.pjournal"
    journal, _recovery_key = Journal.create(path, DEMO_PASSPHRASE)
    try:
        populate_demo(journal, today)
        journal.save()
    finally:
        journal.close()
    return path
