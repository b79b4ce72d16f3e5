"""Tables and ordered migrations (``PRAGMA user_version``).

Migration N takes a database at version N-1 to N. Each runs inside the caller's
transaction; a journal is only ever saved after all of them succeed, so a failed
upgrade leaves the file on disk as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

RECORD_COLUMNS: dict[str, str] = {
    # table: extra DDL columns beyond id/created_at/updated_at/edits/extra
    "customers": """name TEXT NOT NULL, kind TEXT NOT NULL, organisation TEXT NOT NULL DEFAULT '',
        segment TEXT NOT NULL, needs TEXT NOT NULL DEFAULT '', communication TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
        pseudonym TEXT NOT NULL, anonymised_at TEXT NOT NULL DEFAULT ''""",
    "interactions": """customer TEXT REFERENCES customers(id), at TEXT NOT NULL, at_utc TEXT NOT NULL,
        channel TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
        star TEXT NOT NULL, reflection TEXT NOT NULL DEFAULT '', techniques TEXT NOT NULL DEFAULT '[]',
        adaptation TEXT NOT NULL DEFAULT '', complaint TEXT, offer TEXT,
        resolved_first_contact INTEGER NOT NULL DEFAULT 0""",
    "promises": """customer TEXT REFERENCES customers(id), interaction TEXT REFERENCES interactions(id),
        kind TEXT NOT NULL, text TEXT NOT NULL, due TEXT NOT NULL, status TEXT NOT NULL,
        closed_at TEXT, outcome TEXT NOT NULL DEFAULT ''""",
    "feedback": """customer TEXT REFERENCES customers(id), interaction TEXT REFERENCES interactions(id),
        at TEXT NOT NULL, at_utc TEXT NOT NULL, source TEXT NOT NULL, nps INTEGER, csat INTEGER,
        comment TEXT NOT NULL DEFAULT '', dimension TEXT, action_taken TEXT NOT NULL DEFAULT ''""",
    "evidence": """kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', at TEXT,
        description TEXT NOT NULL DEFAULT '', witness TEXT, file TEXT""",
    "objectives": """customer TEXT REFERENCES customers(id), segment TEXT, specific TEXT NOT NULL DEFAULT '',
        metric TEXT NOT NULL DEFAULT '', baseline REAL, target REAL, achievable TEXT NOT NULL DEFAULT '',
        relevant TEXT NOT NULL DEFAULT '', due TEXT, review TEXT, status TEXT NOT NULL""",
    "reviews": """objective TEXT NOT NULL REFERENCES objectives(id), at TEXT NOT NULL,
        plan TEXT NOT NULL DEFAULT '', do TEXT NOT NULL DEFAULT '', "check" TEXT NOT NULL DEFAULT '',
        act TEXT NOT NULL DEFAULT '', metric_value REAL""",
    "hours": """date TEXT NOT NULL, minutes INTEGER NOT NULL, activity TEXT NOT NULL DEFAULT '',
        off_the_job INTEGER NOT NULL DEFAULT 0""",
}


def _m1_records(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE learner (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE frameworks (id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " builtin INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "CREATE TABLE criteria (framework TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,"
        " code TEXT NOT NULL, text TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (framework, code))"
    )
    for table, columns in RECORD_COLUMNS.items():
        db.execute(
            f"CREATE TABLE {table} (id TEXT PRIMARY KEY, {columns},"
            " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, edits INTEGER NOT NULL DEFAULT 0,"
            " extra TEXT NOT NULL DEFAULT '{}')"
        )
    db.execute(
        "CREATE TABLE criterion_links (record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
        " criterion TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (record_type, record_id, criterion))"
    )
    db.execute("CREATE INDEX criterion_links_by_criterion ON criterion_links (criterion)")
    db.execute(
        "CREATE TABLE evidence_interactions"
        " (evidence TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,"
        " interaction TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (evidence, interaction))"
    )
    db.execute(
        "CREATE TABLE history (record_type TEXT NOT NULL, record_id TEXT NOT NULL, edit INTEGER NOT NULL,"
        " saved_at TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (record_type, record_id, edit))"
    )
    for table in ("interactions", "promises", "feedback", "objectives"):
        db.execute(f"CREATE INDEX {table}_by_customer ON {table} (customer)")
    db.execute("CREATE INDEX interactions_by_time ON interactions (at_utc)")
    db.execute("CREATE INDEX promises_by_due ON promises (status, due)")
    db.execute("CREATE INDEX reviews_by_objective ON reviews (objective)")
    db.execute("CREATE INDEX hours_by_date ON hours (date)")
    db.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(record_type UNINDEXED, record_id UNINDEXED,"
        " title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


def _m2_privacy(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE retention (category TEXT PRIMARY KEY, days INTEGER NOT NULL,"
        " action TEXT NOT NULL, counts_from TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}')"
    )
    db.execute(
        "CREATE TABLE holds (id TEXT PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
        " until TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
        " event TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}')"
    )
    # Append-only: the trail can't be quietly edited from inside the app.
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


def _m3_reminders(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE reminder_state (rule TEXT NOT NULL, subject_type TEXT NOT NULL,"
        " subject_id TEXT NOT NULL, state TEXT NOT NULL, until TEXT, reason TEXT NOT NULL DEFAULT '',"
        " fingerprint TEXT NOT NULL DEFAULT '', at TEXT NOT NULL,"
        " PRIMARY KEY (rule, subject_type, subject_id))"
    )


def _m4_reminder_indexes(db: sqlite3.Connection) -> None:
    # Reminders are recomputed every minute over tens of thousands of interactions: these
    # (mostly partial) indexes hold only the rows a rule might flag, so no rule scans a table.
    # The WHERE texts must match the queries in reminder_queries.py exactly for SQLite to use them.
    gap = """GLOB '*"[" \\]*'"""  # a JSON value that is empty or starts with a space or escape
    db.execute("CREATE INDEX interactions_by_customer_time ON interactions (customer, at_utc)")
    db.execute(
        "CREATE INDEX interactions_follow_ups ON interactions (customer, at_utc) WHERE kind = 'follow-up'"
    )
    db.execute(f"CREATE INDEX interactions_star_gaps ON interactions (at_utc) WHERE star {gap}")
    db.execute(
        "CREATE INDEX interactions_complaint_gaps ON interactions (at_utc)"
        f" WHERE kind = 'complaint' AND (complaint IS NULL OR complaint {gap})"
    )
    db.execute(
        "CREATE INDEX interactions_unresolved ON interactions (at_utc)"
        " WHERE kind IN ('complaint', 'sale') AND resolved_first_contact = 0"
    )
    db.execute("CREATE INDEX promises_by_interaction ON promises (interaction)")
    db.execute("CREATE INDEX promises_no_outcome ON promises (due) WHERE trim(outcome) = ''")
    db.execute("CREATE INDEX feedback_no_action ON feedback (at_utc) WHERE trim(action_taken) = ''")


def _m5_search_keys(db: sqlite3.Connection) -> None:
    # The full-text table can only find a row fast by its rowid; without this map every
    # edit scanned the whole index to replace a record's entry (quadratic on import).
    db.execute(
        "CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, record_type TEXT NOT NULL,"
        " record_id TEXT NOT NULL, UNIQUE (record_type, record_id))"
    )
    # A record indexed twice by an older version keeps only its newest entry.
    db.execute(
        "DELETE FROM search_index WHERE rowid NOT IN"
        " (SELECT max(rowid) FROM search_index GROUP BY record_type, record_id)"
    )
    db.execute(
        "INSERT INTO search_keys (rowid, record_type, record_id)"
        " SELECT rowid, record_type, record_id FROM search_index"
    )


def _tables(db: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over the caller's connection, for schema changes from version 6 on:
    it writes the DDL (and can ``transform`` a table where SQLite's ALTER can't) inside
    the caller's transaction. Imported here only, so opening a journal never loads it."""
    import sqlite_utils

    return sqlite_utils.Database(db, recursive_triggers=False, execute_plugins=False)


def _m6_drafts(db: sqlite3.Connection) -> None:
    # Unfinished entries get a table of their own (they were a setting): erasure, retention
    # and access requests can find them, and keeping one doesn't announce a settings change.
    tables = _tables(db)
    drafts = tables.create_table(
        "drafts", {"kind": str, "key": str, "data": str, "customer": str, "updated_at": str},
        pk=("kind", "key"), not_null={"kind", "key", "data", "updated_at"},
    )
    drafts.create_index(["customer"], index_name="drafts_by_customer")
    row = db.execute("SELECT value FROM settings WHERE key = 'draft.interaction'").fetchone()
    if row is None:
        return
    try:
        data = json.loads(row[0])
    except ValueError:
        data = None
    if isinstance(data, dict) and data:
        customer = data.get("customer")
        # The setting kept no time; the upgrade is the latest moment it is known to be current.
        now = datetime.now().astimezone().replace(microsecond=0).isoformat()
        db.execute(
            "INSERT INTO drafts (kind, key, data, customer, updated_at)"
            " VALUES ('interaction', 'new', ?, ?, ?)",
            (json.dumps(data, ensure_ascii=False),
             customer if isinstance(customer, str) and customer else None, now),
        )
    db.execute("DELETE FROM settings WHERE key = 'draft.interaction'")


def _m7_marking_points(db: sqlite3.Connection) -> None:
    # Places for what the marking points ask for, all optional: rights and law and boundaries
    # on an interaction, a response target on a promise, actions and a service-model
    # justification on a relationship plan, and improvement records of their own.
    db.execute("ALTER TABLE interactions ADD COLUMN rights TEXT")
    db.execute("ALTER TABLE interactions ADD COLUMN boundaries TEXT")
    db.execute("ALTER TABLE promises ADD COLUMN response_target_hours REAL")
    db.execute("ALTER TABLE objectives ADD COLUMN actions TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE objectives ADD COLUMN service_model TEXT")
    db.execute(
        "CREATE TABLE improvements (id TEXT PRIMARY KEY, change TEXT NOT NULL,"
        " why TEXT NOT NULL DEFAULT '', measure TEXT NOT NULL DEFAULT '', before REAL, after REAL,"
        " started TEXT, measured TEXT, feedback TEXT REFERENCES feedback(id),"
        " objective TEXT REFERENCES objectives(id),"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, edits INTEGER NOT NULL DEFAULT 0,"
        " extra TEXT NOT NULL DEFAULT '{}')"
    )
    db.execute("CREATE INDEX improvements_by_feedback ON improvements (feedback)")
    db.execute("CREATE INDEX improvements_by_objective ON improvements (objective)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m1_records, _m2_privacy, _m3_reminders, _m4_reminder_indexes, _m5_search_keys, _m6_drafts,
    _m7_marking_points,
]
LATEST = len(MIGRATIONS)


def version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, target: int = LATEST) -> int:
    """Bring the database up to ``target``; returns the version it started at."""
    start = version(db)
    if start > LATEST:
        from ..errors import NewerJournalVersion

        raise NewerJournalVersion(start)
    for number in range(start + 1, target + 1):
        MIGRATIONS[number - 1](db)
        db.execute(f"PRAGMA user_version = {number}")
    return start
