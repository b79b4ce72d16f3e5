"""The queries behind import and export: history rows, pseudonym counters, plain copies.

``services/exchange/interchange.py`` decides what goes into a document; everything it needs
from the database beyond the repositories is here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SaveFailed
from ..vault.durable import explain, fsync_dir, replace_with_retry, temp_name
from .records import COLLECTIONS

if TYPE_CHECKING:
    from .journal import Journal

_PSEUDONYM = re.compile(r"Customer ([A-Z]+)")


def history_rows(
    journal: Journal, record_type: str, ids: set[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Earlier versions per record id (oldest first), optionally only for some ids."""
    out: dict[str, list[dict[str, Any]]] = {}
    rows = journal.db.execute(
        "SELECT record_id, edit, saved_at, data FROM history WHERE record_type = ? ORDER BY record_id, edit",
        (record_type,),
    )
    for record_id, edit, saved_at, data in rows:
        if ids is None or record_id in ids:
            out.setdefault(record_id, []).append(
                {"edit": edit, "saved_at": saved_at, "data": json.loads(data)}
            )
    return out


def restore_history(
    journal: Journal, record_type: str, record_id: str, versions: list[dict[str, Any]]
) -> int:
    """Put back earlier versions a previous export carried; existing ones are kept as they are."""
    added = 0
    for version in versions:
        cursor = journal.db.execute(
            "INSERT OR IGNORE INTO history (record_type, record_id, edit, saved_at, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (record_type, record_id, int(version["edit"]), str(version["saved_at"]),
             json.dumps(version["data"])),
        )
        added += cursor.rowcount
    return added


def pseudonym_number(pseudonym: str) -> int | None:
    """"Customer A" → 0, "Customer AA" → 26; None for anything else."""
    match = _PSEUDONYM.fullmatch(pseudonym or "")
    if not match:
        return None
    n = 0
    for letter in match.group(1):
        n = n * 26 + (ord(letter) - 64)
    return n - 1


def pseudonym_owner(journal: Journal, pseudonym: str) -> str | None:
    row = journal.db.execute("SELECT id FROM customers WHERE pseudonym = ?", (pseudonym,)).fetchone()
    return row[0] if row else None


def reserve_pseudonym(journal: Journal, pseudonym: str) -> None:
    """Make sure new customers never get a pseudonym an imported one already has."""
    n = pseudonym_number(pseudonym)
    if n is None:
        return
    assigned = int(journal.meta("pseudonyms_assigned", "0") or 0)
    if n + 1 > assigned:
        journal.set_meta("pseudonyms_assigned", str(n + 1))


def record_counts(journal: Journal) -> dict[str, int]:
    return {key: journal.repository(cls.TYPE).count() for key, cls in COLLECTIONS.items()}


def write_plain_copy(journal: Journal, out: Path) -> Path:
    """An unencrypted SQLite file of the whole journal, with no free pages holding old text.

    ``VACUUM INTO`` writes only live pages, so nothing deleted earlier can be read back
    from the copy. It goes to a temp name in the same folder first, then is renamed.
    """
    out = Path(out)
    tmp = temp_name(out)
    try:
        # VACUUM INTO accepts an empty file; making it first keeps the copy user-only (0600)
        # like every other export, whatever the umask.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        journal.db.execute("VACUUM INTO ?", (str(tmp),))
        replace_with_retry(tmp, out)
        fsync_dir(out.parent)
    except sqlite3.OperationalError as error:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise SaveFailed(f"the copy could not be written ({error})") from None
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise SaveFailed(explain(error)) from error
    return out


def free_pages(path: Path) -> int:
    """How many free pages a plain SQLite file holds (0 after a clean copy)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(db.execute("PRAGMA freelist_count").fetchone()[0])
    finally:
        db.close()


def builtin_framework_ids(journal: Journal) -> list[str]:
    return [r[0] for r in journal.db.execute("SELECT id FROM frameworks WHERE builtin = 1 ORDER BY rowid")]
