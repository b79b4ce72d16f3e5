"""The append-only audit trail: what happened to the data, never whose data it was."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journal import Journal


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    event: str
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "event": self.event, "details": self.details}


def record_event(journal: Journal, event: str, details: dict[str, Any] | None = None) -> None:
    """Append an event. Callers pass counts, formats and pseudonyms only, never names."""
    journal.db.execute(
        "INSERT INTO audit (at, event, details) VALUES (?, ?, ?)",
        (journal.timestamp(), event, json.dumps(details or {}, sort_keys=True)),
    )
    journal.changed("audit", event)


def events(journal: Journal) -> list[AuditEvent]:
    return [
        AuditEvent(seq, at, event, json.loads(details))
        for seq, at, event, details in journal.db.execute(
            "SELECT seq, at, event, details FROM audit ORDER BY seq"
        )
    ]
