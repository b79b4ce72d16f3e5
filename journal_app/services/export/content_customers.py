"""The customer register and each customer's journey, pseudonymised like the rest of the pack.

The register shows how the learner segmented customers (value and need) and why; each
journey lists, in date order, every interaction, promise, feedback, plan and review about
that customer in the pack, each with its date and reference.
"""

from __future__ import annotations

from collections import defaultdict

from ...journal.records import SEGMENTS, Customer
from .blocks import Block, Cell, Fields, Heading, Paragraph, Section, Table
from .content import PROMISE_STATUS, gap, nice_date, shorten, words
from .gather import PackData

JOURNEY_TEXT = 45  # characters of each entry's words: the full text is in its own section
SEGMENT_ORDER = {s: n for n, s in enumerate(SEGMENTS)}
SEGMENT_MEANING = {
    "key": "key: high value, a priority",
    "growth": "growth: could become more valuable",
    "maintain": "maintain: steady, keep them happy",
    "occasional": "occasional: now and then",
}


def _in_pack(data: PackData) -> dict[str, list[tuple[str, str, str, str]]]:
    """customer id → [(date, what, ref, sort key)] for everything about them in the pack."""
    text = data.text
    events: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for i in data.interactions:
        if i.customer:
            what = f"{words(i.kind).capitalize()} ({words(i.channel)})"
            summary = shorten(text(i.summary or i.star.situation), JOURNEY_TEXT)
            events[i.customer].append((i.at, f"{what}: {summary}" if summary else what, i.id, i.at))
    for p in data.promises:
        if p.customer:
            label = PROMISE_STATUS.get(p.status, (p.status, None))[0]
            closed = f" on {nice_date(p.closed_at)}" if p.closed_at else ""
            what = f"Promise due: {shorten(text(p.text), JOURNEY_TEXT)} — {label}{closed}"
            events[p.customer].append((p.due, what, p.id, p.due))
    for f in data.feedback:
        if f.customer:
            scores = ", ".join(x for x in (f"NPS {f.nps}" if f.nps is not None else "",
                                           f"CSAT {f.csat}" if f.csat is not None else "") if x)
            comment = shorten(text(f.comment), JOURNEY_TEXT)
            what = "Feedback" + (f" ({scores})" if scores else "") + (f": {comment}" if comment else "")
            events[f.customer].append((f.at, what, f.id, f.at))
    for o in data.objectives:
        if o.customer:
            when = o.review or o.due or ""
            events[o.customer].append((when, f"Plan: {shorten(text(o.specific or o.metric), JOURNEY_TEXT)}"
                                       + (f" (review {nice_date(o.review)})" if o.review else ""), o.id,
                                       when or "9999"))
            for r in data.reviews.get(o.id, []):
                what = f"Review of the plan: {shorten(text(r.check or r.act), JOURNEY_TEXT)}"
                events[o.customer].append((r.at, what, r.id, r.at))
    return events


def _value(data: PackData, customer: Customer, events: list[tuple[str, str, str, str]]) -> str:
    interactions = [i for i in data.interactions if i.customer == customer.id]
    offers = sum(1 for i in interactions if i.offer is not None and i.offer.accepted)
    feedback = sum(1 for f in data.feedback if f.customer == customer.id)
    parts = [f"{len(interactions)} interaction{'s' if len(interactions) != 1 else ''}"]
    if offers:
        parts.append(f"{offers} offer{'s' if offers != 1 else ''} accepted")
    parts.append(f"{feedback} feedback")
    return f"{SEGMENT_MEANING.get(customer.segment, customer.segment)}; in this pack: {', '.join(parts)}"


def customer_register(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Customer register and journeys", "customers",
        "Each customer in this pack: how the learner segmented them by value and need, and why; what "
        "they need and how they like to be contacted (the register); then each customer's journey, "
        "every entry about them in date order with its reference.",
    )]
    events = _in_pack(data)
    customers = [c for c in data.customers.values() if c.id in events]
    customers.sort(key=lambda c: (SEGMENT_ORDER.get(c.segment, 9), c.kind, c.label(data.real_names)))
    if not customers:
        blocks.append(Paragraph("No customers in this period.", "empty"))
        return blocks
    text = data.text
    blocks.append(Table(
        ["Customer", "Segment", "Why this segment", "Needs", "Communication preference"],
        [[Cell(data.customer(c.id)), Cell(words(c.segment)),
          Cell(gap(text(_reason(c))), None if _reason(c) else "none"),
          Cell(gap(text(c.needs))), Cell(gap(text(c.communication)))] for c in customers],
        [22, 11, 25, 22, 20], caption="Customer register",
    ))
    for c in customers:
        timeline = sorted(events[c.id], key=lambda e: (e[3][:10] or "9999", e[3], e[2]))
        blocks.append(Heading(data.customer(c.id), f"Journey: {len(timeline)} entries in this pack"))
        blocks.append(Fields([("Value", _value(data, c, timeline))]))
        # One line an entry (not a table): a timeline reads top to bottom, and thousands of
        # table cells would cost the PDF far more memory than the same words as lines.
        blocks.append(Paragraph("\n".join(f"{nice_date(when) or 'No date'} · {ref} · {what}"
                                          for when, what, ref, _key in timeline)))
    return blocks


def _reason(customer: Customer) -> str:
    """The learner's reason for the segment: a customer's ``segment_reason`` (an optional key
    of the interchange format, kept with the record)."""
    value = customer.extra.get("segment_reason")
    return value if isinstance(value, str) else ""
