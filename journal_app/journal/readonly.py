"""A quick, read-only look inside a journal for one-shot commands (``search``).

Unlocks the file, loads the database and lets go of the key at once, without the
repositories and record classes: a command that only reads the search index starts
in a fraction of the time a full open takes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import DamagedJournal, NewerJournalVersion
from . import schema


def open_database(path: Path, passphrase: str) -> sqlite3.Connection:
    """The journal's database, in memory, for reading. Nothing is ever written back."""
    from ..vault.store import VaultFile

    vault, body = VaultFile.unlock(Path(path), passphrase, lock=False)
    vault.close()
    db = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        db.deserialize(body)
        del body
        db.execute("PRAGMA query_only = ON")
        found = schema.version(db)
    except sqlite3.DatabaseError:
        db.close()
        raise DamagedJournal("The journal opened but its contents are not readable.") from None
    if found > schema.LATEST:
        db.close()
        raise NewerJournalVersion(found)
    return db
