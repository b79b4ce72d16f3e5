"""The append-only audit trail: what happened to the data, never whose data it was.

Triggers in the schema refuse any UPDATE or DELETE on the ``audit`` table, and
``record_event`` refuses details that contain a customer's name or contact details,
so the trail can be shown to anyone and survives every erasure (VACUUM keeps rows).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journal import Journal

# The events the app records, in the learner's words.
EVENTS: dict[str, str] = {
    "journal-created": "Journal created",
    "passphrase-changed": "Passphrase changed",
    "passphrase-recovered": "Passphrase reset with the recovery key",
    "recovery-key-changed": "New recovery key made",
    "import": "Data imported",
    "export": "Data exported",
    "subject-access-export": "Everything about one person exported (access request)",
    "anonymised": "Customer anonymised",
    "erased": "Customer erased on request",
    "retention-run": "Retention rules applied",
    "retention-policies-changed": "Retention rules changed",
    "hold-added": "Hold placed",
    "hold-removed": "Hold removed",
    "redaction-settings-changed": "What exports never hide, or account number patterns, changed",
    "backup-restored": "Journal restored from a backup or copy",
    "older-copy-accepted": "An older copy of the journal opened on purpose",
}


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    event: str
    details: dict[str, Any]

    @property
    def title(self) -> str:
        return EVENTS.get(self.event, self.event.replace("-", " ").replace("_", " ").capitalize())

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "event": self.event, "details": self.details}


def record_event(journal: Journal, event: str, details: dict[str, Any] | None = None) -> None:
    """Append an event. Callers pass counts, formats and pseudonyms only, never names.

    Raises ValueError if the details contain a customer's name or contact details: a
    bug in the caller must never write personal data into a trail that is kept forever.
    """
    text = json.dumps(details or {}, sort_keys=True, ensure_ascii=False)
    # Only the values can carry personal data: the keys are the code's own words, and a
    # customer whose organisation is called "Customers" must not make an import fail.
    leaked = _personal_terms_in(journal, "\n".join(_values_in(details or {})))
    if leaked:
        raise ValueError(f"audit details for {event!r} would hold personal data")
    journal.db.execute(
        "INSERT INTO audit (at, event, details) VALUES (?, ?, ?)", (journal.timestamp(), event, text)
    )
    journal.changed("audit", event)


def _values_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _values_in(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _values_in(item)]
    return [value if isinstance(value, str) else json.dumps(value)]


PSEUDONYM = re.compile(r"Customer [A-Z]+\b")


def _personal_terms_in(journal: Journal, text: str) -> bool:
    lowered = PSEUDONYM.sub(" ", text).lower()
    for name, organisation, contact in journal.db.execute(
        "SELECT name, organisation, contact FROM customers WHERE anonymised_at = ''"
    ):
        terms = [name, organisation, *re.split(r"[\n,;]+", contact)]
        for term in terms:
            term = (term or "").strip().lower()
            if len(term) >= 4 and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", lowered):
                return True
    return False


def events(journal: Journal, event: str | None = None) -> list[AuditEvent]:
    """The trail, oldest first (optionally only one kind of event)."""
    sql = "SELECT seq, at, event, details FROM audit"
    params: tuple[str, ...] = ()
    if event:
        sql += " WHERE event = ?"
        params = (event,)
    return [
        AuditEvent(seq, at, name, json.loads(details))
        for seq, at, name, details in journal.db.execute(sql + " ORDER BY seq", params)
    ]


def describe(details: dict[str, Any]) -> str:
    """Details as one readable line: "pseudonym Customer B, records interaction 3, …"."""
    parts = []
    for key, value in sorted(details.items()):
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "none"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)
