"""Small read-only queries behind the daily screens: Today, the interaction list, pickers.

They return light tuples, not whole records, so the screens stay quick with a
journal of many thousands of interactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from .records import Promise

if TYPE_CHECKING:
    from .journal import Journal


@dataclass(frozen=True)
class InteractionRow:
    id: str
    at: str
    kind: str
    channel: str
    customer: str  # the name to show (the pseudonym once anonymised), or ""
    summary: str
    reflected: bool  # the STAR result or "what I'd do differently" is filled in


@dataclass(frozen=True)
class CustomerChoice:
    id: str
    label: str
    kind: str
    organisation: str


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def interaction_rows(journal: Journal, kind: str | None = None, words: str = "") -> list[InteractionRow]:
    """Every interaction, newest first, optionally of one kind and containing some words."""
    sql = (
        "SELECT i.id, i.at, i.kind, i.channel,"
        " CASE WHEN c.id IS NULL THEN '' WHEN c.anonymised_at != '' OR c.name = '' THEN c.pseudonym"
        " ELSE c.name END, i.summary,"
        " (json_extract(i.star, '$.result') != '' OR i.reflection != '')"
        " FROM interactions i LEFT JOIN customers c ON c.id = i.customer"
    )
    conditions, params = [], []
    if kind:
        conditions.append("i.kind = ?")
        params.append(kind)
    if words.strip():
        like = f"%{words.strip()}%"
        conditions.append("(i.summary LIKE ? OR c.name LIKE ? OR c.pseudonym LIKE ?)")
        params += [like, like, like]
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += " ORDER BY i.at_utc DESC, i.rowid DESC"
    return [
        InteractionRow(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", bool(r[6]))
        for r in journal.db.execute(sql, params)
    ]


def interaction_counts(journal: Journal, start: datetime, end: datetime) -> dict[str, int]:
    """Interactions per kind between two moments (start inclusive, end exclusive)."""
    rows = journal.db.execute(
        "SELECT kind, count(*) FROM interactions WHERE at_utc >= ? AND at_utc < ? GROUP BY kind",
        (_utc(start), _utc(end)),
    )
    return {kind: n for kind, n in rows}


def open_promises_due(journal: Journal, first: date, last: date) -> list[Promise]:
    """Open promises due between two dates inclusive, soonest first."""
    return journal.promises.all(
        "status = 'open' AND due >= ? AND due <= ?", (first.isoformat(), last.isoformat()), "due, rowid"
    )


def promises_from(journal: Journal, interaction_id: str) -> list[Promise]:
    return journal.promises.all("interaction = ?", (interaction_id,), "due, rowid")


def closed_promises_between(journal: Journal, start: datetime, end: datetime) -> dict[str, int]:
    """Promises closed in a period, per status (kept, late, …)."""
    out: dict[str, int] = {}
    # closed_at carries an offset, so compare as moments rather than strings
    for status, closed_at in journal.db.execute(
        "SELECT status, closed_at FROM promises WHERE closed_at IS NOT NULL AND closed_at != ''"
    ):
        moment = datetime.fromisoformat(closed_at)
        if start <= moment < end:
            out[status] = out.get(status, 0) + 1
    return out


def customer_choices(journal: Journal) -> list[CustomerChoice]:
    """Customers for a picker, alphabetical by the name shown."""
    rows = journal.db.execute(
        "SELECT id, CASE WHEN anonymised_at != '' OR name = '' THEN pseudonym ELSE name END AS label,"
        " kind, organisation FROM customers ORDER BY label COLLATE NOCASE"
    )
    return [CustomerChoice(*row) for row in rows]
