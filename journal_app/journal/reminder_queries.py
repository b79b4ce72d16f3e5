"""The targeted reads behind reminders: small tuples, only the rows that might need attention.

Reminders are recomputed on every change and every minute, on journals with tens of
thousands of interactions, so nothing here builds record objects: each query asks
SQLite for exactly the candidates of one rule and the few columns its message needs.
Times compare as the sortable UTC text in ``at_utc``; dates as ``YYYY-MM-DD`` text.
The rule queries never read customer names: messages use the customer's pseudonym. Only
``real_names_by_pseudonym`` (for the learner's own unlocked window) and ``known_people``
(to clean names out of free text) read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .journal import Journal

STAR_PARTS = ("situation", "task", "action", "result")
COMPLAINT_STEPS = ("acknowledge", "apologise", "act", "assure")


class PromiseRow(NamedTuple):
    id: str
    kind: str
    text: str
    due: str
    status: str
    closed_at: str | None
    customer: str  # pseudonym, or "" when the promise names no customer


class InteractionRow(NamedTuple):
    id: str
    at: str
    channel: str
    kind: str
    customer: str  # pseudonym or ""
    missing: tuple[str, ...]  # the empty STAR parts or 4 As steps, depending on the query


class FeedbackRow(NamedTuple):
    id: str
    at: str
    source: str
    nps: int | None
    csat: int | None
    customer: str


class CustomerContact(NamedTuple):
    id: str
    pseudonym: str
    segment: str
    created_at: str
    last_contact_utc: str | None  # sortable UTC text of the latest interaction


class ObjectiveRow(NamedTuple):
    id: str
    customer: str
    segment: str | None
    metric: str
    due: str | None
    review: str | None
    last_review: str | None  # the latest review date on or after ``review``


class EvidenceRow(NamedTuple):
    id: str
    kind: str
    at: str | None
    created_at: str


class CriterionRow(NamedTuple):
    ref: str  # framework:code
    code: str
    text: str


# Must read exactly as in the partial indexes of schema migration 4, or SQLite won't use them.
# In JSON text two quotes side by side only happen for an empty string, and a quote followed
# by a space or a backslash only where a value starts with whitespace or an escape (\\n, \\u00a0):
# a cheap superset of "some part is blank", which Python then checks exactly.
MAY_BE_BLANK = """GLOB '*"[" \\]*'"""


def _customer_join(alias: str) -> str:
    return f"LEFT JOIN customers c ON c.id = {alias}.customer"


def open_promises_due_by(journal: Journal, last_day: str) -> list[PromiseRow]:
    """Open promises due on or before ``last_day`` (uses the (status, due) index)."""
    rows = journal.db.execute(
        "SELECT p.id, p.kind, p.text, p.due, p.status, p.closed_at, coalesce(c.pseudonym, '')"
        f" FROM promises p {_customer_join('p')} WHERE p.status = 'open' AND p.due <= ?"
        " ORDER BY p.due, p.rowid",
        (last_day,),
    )
    return [PromiseRow(*r) for r in rows]


def closed_promises_without_outcome(journal: Journal) -> list[PromiseRow]:
    rows = journal.db.execute(
        "SELECT p.id, p.kind, p.text, p.due, p.status, p.closed_at, coalesce(c.pseudonym, '')"
        f" FROM promises p {_customer_join('p')}"
        # "+status": match through the no-outcome index rather than the (status, due) one.
        " WHERE trim(p.outcome) = '' AND +p.status IN ('kept', 'late', 'broken', 'renegotiated')"
        " ORDER BY p.due"
    )
    return [PromiseRow(*r) for r in rows]


def interactions_missing_star(journal: Journal, before_utc: str) -> list[InteractionRow]:
    """Interactions at or before ``before_utc`` with at least one empty STAR part."""
    rows = journal.db.execute(
        "SELECT i.id, i.at, i.channel, i.kind, coalesce(c.pseudonym, ''),"
        f" {_blank_mask('i.star', STAR_PARTS)}"
        f" FROM interactions i {_customer_join('i')}"
        f" WHERE i.star {MAY_BE_BLANK} AND i.at_utc <= ? ORDER BY i.at_utc",
        (before_utc,),
    )
    return [InteractionRow._make((*r[:5], _MISSING_STAR[r[5]])) for r in rows if r[5]]


def complaints_missing_steps(journal: Journal) -> list[InteractionRow]:
    """Complaint interactions where any of the 4 As is blank (or the block was never filled)."""
    rows = journal.db.execute(
        "SELECT i.id, i.at, i.channel, i.kind, coalesce(c.pseudonym, ''),"
        f" {_blank_mask('i.complaint', COMPLAINT_STEPS)}"
        f" FROM interactions i {_customer_join('i')}"
        f" WHERE i.kind = 'complaint' AND (i.complaint IS NULL OR i.complaint {MAY_BE_BLANK})"
        " ORDER BY i.at_utc"
    )
    return [InteractionRow._make((*r[:5], _MISSING_STEPS[r[5]])) for r in rows if r[5]]


def unresolved_without_follow_up(journal: Journal, before_utc: str) -> list[InteractionRow]:
    """Complaints and sales at or before ``before_utc``, not resolved at first contact, with no
    promise or follow-up linked to them and no later follow-up contact with the same customer."""
    rows = journal.db.execute(
        "SELECT i.id, i.at, i.channel, i.kind, coalesce(c.pseudonym, '')"
        f" FROM interactions i {_customer_join('i')}"
        " WHERE i.kind IN ('complaint', 'sale') AND i.resolved_first_contact = 0 AND i.at_utc <= ?"
        " AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.interaction = i.id)"
        " AND NOT EXISTS (SELECT 1 FROM interactions f WHERE f.kind = 'follow-up'"
        "   AND f.customer = i.customer AND f.at_utc > i.at_utc)"
        " ORDER BY i.at_utc",
        (before_utc,),
    )
    return [InteractionRow._make((*r, ())) for r in rows]


def feedback_without_action(journal: Journal, before_utc: str) -> list[FeedbackRow]:
    rows = journal.db.execute(
        "SELECT f.id, f.at, f.source, f.nps, f.csat, coalesce(c.pseudonym, '')"
        f" FROM feedback f {_customer_join('f')}"
        " WHERE trim(f.action_taken) = '' AND f.at_utc <= ? ORDER BY f.at_utc",
        (before_utc,),
    )
    return [FeedbackRow(*r) for r in rows]


def customer_last_contacts(journal: Journal, segments: tuple[str, ...]) -> list[CustomerContact]:
    """Customers in these segments (not anonymised) with the time of their latest interaction."""
    if not segments:
        return []
    marks = ",".join("?" * len(segments))
    rows = journal.db.execute(
        "SELECT c.id, c.pseudonym, c.segment, c.created_at,"
        " (SELECT max(i.at_utc) FROM interactions i WHERE i.customer = c.id)"
        f" FROM customers c WHERE c.segment IN ({marks}) AND c.anonymised_at = '' ORDER BY c.rowid",
        segments,
    )
    return [CustomerContact(*r) for r in rows]


def objectives_needing_review(journal: Journal, today: str) -> list[ObjectiveRow]:
    """Active objectives whose review date or due date is before ``today``."""
    rows = journal.db.execute(
        "SELECT o.id, coalesce(c.pseudonym, ''), o.segment, o.metric, o.due, o.review,"
        " (SELECT max(r.at) FROM reviews r WHERE r.objective = o.id AND r.at >= o.review)"
        f" FROM objectives o {_customer_join('o')}"
        " WHERE o.status = 'active' AND (o.review < ? OR o.due < ?) ORDER BY o.rowid",
        (today, today),
    )
    return [ObjectiveRow(*r) for r in rows]


def unmapped_evidence(journal: Journal) -> list[EvidenceRow]:
    rows = journal.db.execute(
        "SELECT e.id, e.kind, e.at, e.created_at FROM evidence e WHERE NOT EXISTS"
        " (SELECT 1 FROM criterion_links l WHERE l.record_type = 'evidence' AND l.record_id = e.id)"
        " ORDER BY e.rowid"
    )
    return [EvidenceRow(*r) for r in rows]


def criteria_without_links(journal: Journal) -> list[CriterionRow]:
    """Criteria that no record of any kind is mapped to, in framework order."""
    rows = journal.db.execute(
        "SELECT k.framework || ':' || k.code, k.code, k.text FROM criteria k"
        " JOIN frameworks f ON f.id = k.framework"
        " WHERE NOT EXISTS (SELECT 1 FROM criterion_links l WHERE l.criterion = k.framework || ':' || k.code)"
        " ORDER BY f.rowid, k.position"
    )
    return [CriterionRow(*r) for r in rows]


def off_the_job_minutes(journal: Journal, last_day: str, first_day: str = "0000-01-01") -> int:
    row = journal.db.execute(
        "SELECT coalesce(sum(minutes), 0) FROM hours WHERE off_the_job = 1 AND date >= ? AND date <= ?",
        (first_day, last_day),
    ).fetchone()
    return int(row[0])


def documented_days(journal: Journal, first_day: str, from_utc: str) -> set[str]:
    """Days (as written, in each entry's own time zone) with an interaction or hours logged.

    ``from_utc`` should be a day before ``first_day`` so entries written in another offset
    still fall inside the index range.
    """
    days = {
        r[0] for r in journal.db.execute(
            "SELECT DISTINCT substr(at, 1, 10) FROM interactions WHERE at_utc >= ?", (from_utc,)
        )
    }
    days.update(r[0] for r in journal.db.execute("SELECT DISTINCT date FROM hours WHERE date >= ?",
                                                  (first_day,)))
    return {d for d in days if d >= first_day}


def customers_changed_stamp(journal: Journal) -> tuple[int, str]:
    """Changes whenever a customer is added, edited or removed (to reuse a name redactor)."""
    row = journal.db.execute("SELECT count(*), coalesce(max(updated_at), '') FROM customers").fetchone()
    return int(row[0]), str(row[1])


def real_names_by_pseudonym(journal: Journal) -> dict[str, str]:
    """pseudonym → name of every customer not anonymised, for the learner's own unlocked window
    only (the Today page); tray notices and the CLI keep pseudonyms."""
    return {
        str(pseudonym): str(name)
        for pseudonym, name in journal.db.execute(
            "SELECT pseudonym, name FROM customers WHERE coalesce(anonymised_at, '') = '' AND name != ''"
        )
    }


def known_people(journal: Journal) -> list[tuple[str, str, str, str]]:
    """(pseudonym, name, organisation, contact) of every customer, for redacting free text."""
    return [tuple(r) for r in journal.db.execute(
        "SELECT pseudonym, name, organisation, contact FROM customers ORDER BY rowid"
    )]


# Python's whitespace (str.isspace), so "blank" means the same here as in a form's check.
_SPACE = "char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197," \
    " 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)"


def _blank_mask(column: str, parts: tuple[str, ...]) -> str:
    """SQL giving a bit per blank part (1 = first part), computed in SQLite without parsing in Python."""
    return " + ".join(
        f"(trim(coalesce(json_extract({column}, '$.{part}'), ''), {_SPACE}) = '') * {1 << bit}"
        for bit, part in enumerate(parts)
    )


def _by_mask(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(p for bit, p in enumerate(parts) if mask >> bit & 1) for mask in range(1 << len(parts))]


_MISSING_STAR = _by_mask(STAR_PARTS)
_MISSING_STEPS = _by_mask(COMPLAINT_STEPS)


class PlanActionRow(NamedTuple):
    objective: str
    customer: str  # the customer's pseudonym, or ""
    segment: str | None
    metric: str
    what: str
    by: str
    position: int  # the action's place in its plan, from 0


def plan_actions_due_before(journal: Journal, today: str) -> list[PlanActionRow]:
    """Actions not done, in active plans, whose date is before ``today``."""
    rows = journal.db.execute(
        "SELECT o.id, coalesce(c.pseudonym, ''), o.segment, o.metric,"
        " json_extract(a.value, '$.what'), json_extract(a.value, '$.by'), a.key"
        f" FROM objectives o {_customer_join('o')}, json_each(o.actions) a"
        " WHERE o.status = 'active' AND o.actions != '[]'"
        " AND coalesce(json_extract(a.value, '$.done'), 0) = 0"
        " AND json_extract(a.value, '$.by') < ? ORDER BY o.rowid, a.key",
        (today,),
    )
    return [PlanActionRow(*r) for r in rows]
