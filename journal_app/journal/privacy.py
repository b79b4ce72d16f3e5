"""The queries behind data protection: retention policies, holds, and wiping old text.

Retention, anonymisation and erasure live in ``services/``; every SQL statement they
need is here, so the services stay plain rules over what these functions return.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journal import Journal


# --- retention policies ------------------------------------------------------------------
def policy_rows(journal: Journal) -> list[dict[str, Any]]:
    """Stored policies as plain rows (category, days, action, counts_from, extra)."""
    rows = journal.db.execute(
        "SELECT category, days, action, counts_from, extra FROM retention ORDER BY rowid"
    ).fetchall()
    return [
        {"category": c, "days": d, "action": a, "counts_from": f, "extra": json.loads(e or "{}")}
        for c, d, a, f, e in rows
    ]


def replace_policy_rows(journal: Journal, rows: list[dict[str, Any]]) -> None:
    """Replace every stored policy at once (inside the caller's transaction)."""
    with journal.transaction():
        journal.db.execute("DELETE FROM retention")
        journal.db.executemany(
            "INSERT INTO retention (category, days, action, counts_from, extra) VALUES (?, ?, ?, ?, ?)",
            [
                (r["category"], r["days"], r["action"], r["counts_from"], json.dumps(r.get("extra") or {}))
                for r in rows
            ],
        )
    journal.changed("retention", "policies")


# --- holds -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hold:
    """"Keep this until …": pauses retention for a customer or an evidence item."""

    id: str
    record_type: str  # "customer" or "evidence"
    record_id: str
    until: str  # YYYY-MM-DD, kept through the end of that day
    reason: str
    created_at: str

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id, "record_type": self.record_type, "record_id": self.record_id,
            "until": self.until, "reason": self.reason, "created_at": self.created_at,
        }


def holds(journal: Journal) -> list[Hold]:
    rows = journal.db.execute(
        "SELECT id, record_type, record_id, until, reason, created_at FROM holds ORDER BY until, id"
    )
    return [Hold(*row) for row in rows]


def insert_hold(journal: Journal, record_type: str, record_id: str, until: str, reason: str) -> Hold:
    hold = Hold(f"hold-{secrets.token_hex(4)}", record_type, record_id, until, reason, journal.timestamp())
    with journal.transaction():
        journal.db.execute(
            "INSERT INTO holds (id, record_type, record_id, until, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (hold.id, hold.record_type, hold.record_id, hold.until, hold.reason, hold.created_at),
        )
    journal.changed("hold", hold.id)
    return hold


def delete_hold(journal: Journal, hold_id: str) -> bool:
    with journal.transaction():
        cursor = journal.db.execute("DELETE FROM holds WHERE id = ?", (hold_id,))
    journal.changed("hold", hold_id)
    return cursor.rowcount > 0


def delete_holds_for(journal: Journal, record_type: str, record_id: str) -> int:
    cursor = journal.db.execute(
        "DELETE FROM holds WHERE record_type = ? AND record_id = ?", (record_type, record_id)
    )
    return cursor.rowcount


def set_hold_reason(journal: Journal, hold_id: str, reason: str) -> None:
    journal.db.execute("UPDATE holds SET reason = ? WHERE id = ?", (reason, hold_id))


# --- dates retention counts from -------------------------------------------------------------
def last_interaction_by_customer(journal: Journal) -> dict[str, str]:
    """customer id → the ``at`` of their latest interaction (latest by UTC time)."""
    # One index probe per customer (interactions_by_customer_time) rather than grouping
    # every interaction: this runs after each edit, for the reminders' retention-due rule.
    rows = journal.db.execute(
        "SELECT c.id, (SELECT i.at FROM interactions i WHERE i.customer = c.id"
        " ORDER BY i.at_utc DESC LIMIT 1) FROM customers c"
    )
    return {customer: at for customer, at in rows if at is not None}


def feedback_comments(journal: Journal) -> list[tuple[str, str | None, str, str, str, str]]:
    """(id, customer, source, at, created_at, comment) of feedback that has a comment."""
    return journal.db.execute(
        "SELECT id, customer, source, at, created_at, comment FROM feedback WHERE comment != ''"
        " ORDER BY rowid"
    ).fetchall()


def last_interaction_by_evidence(journal: Journal) -> dict[str, str]:
    """evidence id → the ``at`` of the latest interaction it is linked to."""
    rows = journal.db.execute(
        "SELECT ei.evidence, i.at, max(i.at_utc) FROM evidence_interactions ei"
        " JOIN interactions i ON i.id = ei.interaction GROUP BY ei.evidence"
    )
    return {evidence: at for evidence, at, _utc in rows}


def customers_by_evidence(journal: Journal) -> dict[str, set[str]]:
    """evidence id → the customers of the interactions it is linked to."""
    out: dict[str, set[str]] = {}
    for evidence, customer in journal.db.execute(
        "SELECT ei.evidence, i.customer FROM evidence_interactions ei"
        " JOIN interactions i ON i.id = ei.interaction WHERE i.customer IS NOT NULL"
    ):
        out.setdefault(evidence, set()).add(customer)
    return out


# --- what is linked to one customer ---------------------------------------------------------
def linked_ids(journal: Journal, customer_id: str) -> dict[str, list[str]]:
    """Record type → ids of the records that belong to one customer.

    Promises and feedback count when they name the customer or one of their
    interactions; reviews belong to that customer's objectives; evidence is linked
    through the customer's interactions.
    """
    db = journal.db
    interactions = [r[0] for r in db.execute(
        "SELECT id FROM interactions WHERE customer = ? ORDER BY rowid", (customer_id,))]
    marks = ",".join("?" * len(interactions)) or "NULL"
    promises = [r[0] for r in db.execute(
        f"SELECT id FROM promises WHERE customer = ? OR interaction IN ({marks}) ORDER BY rowid",
        (customer_id, *interactions))]
    feedback = [r[0] for r in db.execute(
        f"SELECT id FROM feedback WHERE customer = ? OR interaction IN ({marks}) ORDER BY rowid",
        (customer_id, *interactions))]
    objectives = [r[0] for r in db.execute(
        "SELECT id FROM objectives WHERE customer = ? ORDER BY rowid", (customer_id,))]
    omarks = ",".join("?" * len(objectives)) or "NULL"
    reviews = [r[0] for r in db.execute(
        f"SELECT id FROM reviews WHERE objective IN ({omarks}) ORDER BY rowid", objectives)]
    evidence = [r[0] for r in db.execute(
        f"SELECT DISTINCT evidence FROM evidence_interactions WHERE interaction IN ({marks})"
        " ORDER BY evidence", interactions)]
    return {
        "interaction": interactions, "promise": promises, "feedback": feedback,
        "objective": objectives, "review": reviews, "evidence": evidence,
    }


def evidence_only_linked_to(journal: Journal, interaction_ids: list[str]) -> list[str]:
    """Evidence whose every linked interaction is in ``interaction_ids`` (safe to delete with them)."""
    if not interaction_ids:
        return []
    marks = ",".join("?" * len(interaction_ids))
    rows = journal.db.execute(
        f"SELECT evidence FROM evidence_interactions GROUP BY evidence"
        f" HAVING sum(interaction NOT IN ({marks})) = 0", interaction_ids,
    )
    return [r[0] for r in rows]


def unlink_interactions(journal: Journal, interaction_ids: list[str]) -> None:
    """Drop links from evidence to interactions that are being deleted."""
    if interaction_ids:
        marks = ",".join("?" * len(interaction_ids))
        journal.db.execute(
            f"DELETE FROM evidence_interactions WHERE interaction IN ({marks})", interaction_ids
        )


def clear_references(journal: Journal, table: str, column: str, ids: list[str]) -> None:
    """Set a reference to NULL where it names a deleted record (a promise of a deleted interaction)."""
    if ids and table in ("interactions", "promises", "feedback", "objectives") and column in (
        "customer", "interaction",
    ):
        marks = ",".join("?" * len(ids))
        journal.db.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({marks})", ids)


# --- wiping old text ---------------------------------------------------------------------
def history_rows(journal: Journal, record_type: str, record_id: str) -> list[tuple[int, str]]:
    return journal.db.execute(
        "SELECT edit, data FROM history WHERE record_type = ? AND record_id = ? ORDER BY edit",
        (record_type, record_id),
    ).fetchall()


def all_history(journal: Journal) -> list[tuple[str, str, int, str]]:
    """Every stored earlier version: (record type, record id, edit, data)."""
    return journal.db.execute("SELECT record_type, record_id, edit, data FROM history").fetchall()


def rewrite_history(journal: Journal, record_type: str, record_id: str, edit: int, data: str) -> None:
    journal.db.execute(
        "UPDATE history SET data = ? WHERE record_type = ? AND record_id = ? AND edit = ?",
        (data, record_type, record_id, edit),
    )


def purge_history(journal: Journal, record_type: str, record_id: str) -> int:
    cursor = journal.db.execute(
        "DELETE FROM history WHERE record_type = ? AND record_id = ?", (record_type, record_id)
    )
    return cursor.rowcount


def clear_attachment_field(journal: Journal, evidence_id: str) -> None:
    """Forget an evidence item's file description (the sealed bytes are removed separately)."""
    journal.db.execute("UPDATE evidence SET file = NULL WHERE id = ?", (evidence_id,))


def reminder_reasons(journal: Journal) -> list[tuple[str, str, str, str]]:
    """(rule, subject type, subject id, reason) of hidden reminders that carry a reason."""
    return journal.db.execute(
        "SELECT rule, subject_type, subject_id, reason FROM reminder_state WHERE reason != ''"
    ).fetchall()


def set_reminder_reason(journal: Journal, key: tuple[str, str, str], reason: str) -> None:
    journal.db.execute(
        "UPDATE reminder_state SET reason = ? WHERE rule = ? AND subject_type = ? AND subject_id = ?",
        (reason, *key),
    )


def forget_reminders_for(journal: Journal, subject_type: str, subject_ids: list[str]) -> None:
    for chunk_start in range(0, len(subject_ids), 500):
        chunk = subject_ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        journal.db.execute(
            f"DELETE FROM reminder_state WHERE subject_type = ? AND subject_id IN ({marks})",
            (subject_type, *chunk),
        )


def search_rows_mentioning(journal: Journal, term: str) -> list[tuple[str, str]]:
    """(record type, id) of full-text entries whose stored text contains ``term`` (any case)."""
    return journal.db.execute(
        "SELECT record_type, record_id FROM search_index WHERE instr(lower(title || ' ' || body), ?) > 0",
        (term.lower(),),
    ).fetchall()


def reminder_rows(journal: Journal) -> list[dict[str, Any]]:
    """Every hidden or snoozed reminder: rule, subject, state, until, reason, when."""
    rows = journal.db.execute(
        "SELECT rule, subject_type, subject_id, state, until, reason, at FROM reminder_state"
        " ORDER BY at, rule, subject_id"
    ).fetchall()
    names = ("rule", "subject_type", "subject_id", "state", "until", "reason", "at")
    return [dict(zip(names, row, strict=True)) for row in rows]
