"""Database-level checks behind ``journal-app verify`` (the SQL side of the integrity check)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from . import schema

if TYPE_CHECKING:
    from .journal import Journal


def database_problems(journal: Journal) -> list[str]:
    """SQLite's own page/index check plus the full-text index check, as plain sentences."""
    problems = []
    rows = [row[0] for row in journal.db.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        problems.append(f"database check: {'; '.join(rows[:5])}")
    try:
        journal.db.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    except sqlite3.DatabaseError:
        problems.append("the search index is out of step with the entries")
    return problems


def schema_version(journal: Journal) -> int:
    return schema.version(journal.db)


def database_bytes(journal: Journal) -> int:
    """The size of the database image that is sealed into the file."""
    page_size = journal.db.execute("PRAGMA page_size").fetchone()[0]
    page_count = journal.db.execute("PRAGMA page_count").fetchone()[0]
    return int(page_size) * int(page_count)
