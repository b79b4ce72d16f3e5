"""Light read-only queries behind the record pages' lists.

These return small tuples rather than whole records, so a list over a journal
with thousands of interactions stays quick to build on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journal import Journal


@dataclass(frozen=True)
class InteractionBrief:
    id: str
    at: str
    kind: str
    customer: str | None
    summary: str


def last_contacts(journal: Journal) -> dict[str, tuple[str, int]]:
    """customer id → (time of the latest interaction, number of interactions)."""
    # SQLite fills the bare column ``at`` from the row holding max(at_utc).
    rows = journal.db.execute(
        "SELECT customer, at, max(at_utc), count(*) FROM interactions"
        " WHERE customer IS NOT NULL GROUP BY customer"
    )
    return {customer: (at, n) for customer, at, _utc, n in rows}


def recent_interactions(journal: Journal, limit: int = 300) -> list[InteractionBrief]:
    """The newest interactions first, for pickers."""
    rows = journal.db.execute(
        "SELECT id, at, kind, customer, summary FROM interactions ORDER BY at_utc DESC LIMIT ?", (limit,)
    )
    return [InteractionBrief(*row) for row in rows]


def interaction_briefs(journal: Journal, ids: list[str]) -> dict[str, InteractionBrief]:
    """The named interactions (missing ids are simply absent)."""
    out: dict[str, InteractionBrief] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in journal.db.execute(
            f"SELECT id, at, kind, customer, summary FROM interactions WHERE id IN ({marks})", chunk
        ):
            out[row[0]] = InteractionBrief(*row)
    return out


def customer_labels(journal: Journal) -> dict[str, str]:
    """customer id → the name to show in the app (the pseudonym once anonymised)."""
    return {
        cid: (pseudonym if anonymised or not name else name)
        for cid, name, pseudonym, anonymised in journal.db.execute(
            "SELECT id, name, pseudonym, anonymised_at FROM customers"
        )
    }


def customer_interactions(journal: Journal, customer_id: str, limit: int = 200) -> list[InteractionBrief]:
    """One customer's interactions, newest first, for linking feedback to one of them."""
    rows = journal.db.execute(
        "SELECT id, at, kind, customer, summary FROM interactions WHERE customer = ?"
        " ORDER BY at_utc DESC LIMIT ?", (customer_id, limit),
    )
    return [InteractionBrief(*row) for row in rows]
