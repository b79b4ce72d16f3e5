"""Drafts: unfinished entries kept inside the encrypted journal while the learner types.

A draft is a JSON object an editor produces (the interaction form's fields), stored
under a ``kind`` ("interaction") and a ``key`` ("new", or the id of the record being
edited), with the id of the customer it is about when that is known. Drafts live in
their own table so erasure, retention and access requests can find them; they are
never put in the search index.

Keeping a draft marks the journal as needing a save but tells no change listener:
a draft is written every second while someone types, and no page shows drafts, so
announcing each one would only make every page refresh for nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journal import Journal

MAX_NAME = 200  # kind and key are short names chosen by the app, not text typed by a person


@dataclass(frozen=True)
class Draft:
    """One stored draft. ``data`` is a fresh copy: changing it changes nothing stored."""

    kind: str
    key: str
    data: dict[str, Any]
    customer: str | None
    updated_at: str


def _check_name(what: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
        raise ValueError(f"a draft's {what} must be a short, non-empty text")
    return value


def _encoded(data: object) -> str:
    if not isinstance(data, dict):
        raise TypeError("a draft must be a dict of plain JSON values")
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def save_draft(journal: Journal, kind: str, key: str, data: dict[str, Any], customer: str | None) -> None:
    """Keep (or replace) the draft ``kind``/``key``; the journal is marked dirty, no listener is told."""
    restore_draft(journal, Draft(kind, key, data, customer or None, journal.timestamp()))


def restore_draft(journal: Journal, draft: Draft) -> None:
    """Store a draft exactly as given, keeping its ``updated_at`` (import uses this)."""
    kind, key = _check_name("kind", draft.kind), _check_name("key", draft.key)
    text = _encoded(draft.data)
    with journal.transaction():  # takes the journal's lock and marks it dirty; no ``changed``
        journal.db.execute(
            "INSERT OR REPLACE INTO drafts (kind, key, data, customer, updated_at) VALUES (?, ?, ?, ?, ?)",
            (kind, key, text, draft.customer or None, draft.updated_at),
        )


def load_draft(journal: Journal, kind: str, key: str) -> dict[str, Any] | None:
    """The draft's data, or None if there is none (or what is stored is not an object)."""
    row = journal.db.execute("SELECT data FROM drafts WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    if row is None:
        return None
    return _decoded(row[0])


def discard_draft(journal: Journal, kind: str, key: str) -> bool:
    """Forget a draft; True if there was one. Like saving, this tells no listener."""
    with journal.transaction():
        cursor = journal.db.execute("DELETE FROM drafts WHERE kind = ? AND key = ?", (kind, key))
    return cursor.rowcount > 0


def list_drafts(journal: Journal) -> list[Draft]:
    """Every stored draft, oldest change first."""
    rows = journal.db.execute(
        "SELECT kind, key, data, customer, updated_at FROM drafts ORDER BY updated_at, kind, key"
    ).fetchall()
    out: list[Draft] = []
    for kind, key, text, customer, updated_at in rows:
        data = _decoded(text)
        out.append(Draft(kind, key, data if data is not None else {}, customer, updated_at))
    return out


def delete_drafts(journal: Journal, keys: Iterable[tuple[str, str]]) -> int:
    """Remove several drafts by (kind, key) in the caller's transaction; how many went."""
    removed = 0
    with journal.transaction():
        for kind, key in keys:
            cursor = journal.db.execute("DELETE FROM drafts WHERE kind = ? AND key = ?", (kind, key))
            removed += cursor.rowcount
    return removed


def _decoded(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
