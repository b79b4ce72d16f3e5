"""Tables on the Customers page: the customer list and one customer's journey."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...journal.records import Customer, Feedback, Interaction, Promise
from ..formatting import choice_label, nice_date
from .record_table import Column, RecordTableModel


@dataclass(frozen=True)
class CustomerRow:
    customer: Customer
    last_contact: str  # ISO time of the latest interaction, or ""
    interactions: int

    @property
    def label(self) -> str:
        return self.customer.label()


class CustomerTableModel(RecordTableModel[CustomerRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("name", self.tr("Name"), lambda r: r.label),
            Column("kind", self.tr("Kind"), lambda r: choice_label(r.customer.kind)),
            Column("segment", self.tr("Segment"), lambda r: choice_label(r.customer.segment),
                   sort=lambda r: ("key", "growth", "maintain", "occasional").index(r.customer.segment)),
            Column("organisation", self.tr("Organisation"), lambda r: r.customer.organisation),
            Column("last_contact", self.tr("Last contact"),
                   lambda r: nice_date(r.last_contact) or self.tr("Never"),
                   sort=lambda r: r.last_contact),
            Column("interactions", self.tr("Interactions"), lambda r: str(r.interactions),
                   sort=lambda r: r.interactions, align_right=True),
        ]


@dataclass(frozen=True)
class TimelineEntry:
    """One touchpoint on a customer's journey."""

    record_type: str
    record_id: str
    when: str  # ISO date or time, for sorting
    what: str
    detail: str
    status: str


def journey(interactions: list[Interaction], promises: list[Promise],
            feedback: list[Feedback], tr: Any = str) -> list[TimelineEntry]:
    """Touchpoints, promises and feedback, newest first."""
    out: list[TimelineEntry] = []
    for i in interactions:
        status = tr("Resolved first time") if i.resolved_first_contact else ""
        what = tr("%1 by %2").replace("%1", choice_label(i.kind)).replace("%2", choice_label(i.channel))
        out.append(TimelineEntry("interaction", i.id, i.at, what, i.summary, status))
    for p in promises:
        out.append(TimelineEntry("promise", p.id, p.due, choice_label(p.kind), p.text,
                                 choice_label(p.status)))
    for f in feedback:
        scores = []
        if f.nps is not None:
            scores.append(f"NPS {f.nps}")
        if f.csat is not None:
            scores.append(f"CSAT {f.csat}/5")
        detail = " · ".join([*scores, f.comment] if f.comment else scores)
        status = tr("Action taken") if f.action_taken.strip() else tr("No action recorded yet")
        out.append(TimelineEntry("feedback", f.id, f.at,
                                 tr("Feedback from %1").replace("%1", choice_label(f.source).lower()),
                                 detail, status))
    out.sort(key=lambda e: e.when, reverse=True)
    return out


class TimelineModel(RecordTableModel[TimelineEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("when", self.tr("When"), lambda e: nice_date(e.when), sort=lambda e: e.when),
            Column("what", self.tr("What"), lambda e: e.what),
            Column("detail", self.tr("Details"), lambda e: e.detail.replace("\n", " "),
                   tooltip=lambda e: e.detail),
            Column("status", self.tr("Status"), lambda e: e.status),
        ]
