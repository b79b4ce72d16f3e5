"""The evidence pack as blocks: cover, criteria coverage map, reflective accounts, promises.

Every piece of free text passes through ``data.text`` (redaction) before it
becomes a block, and customers appear only through ``data.customer``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ...journal.records import Evidence, Hours, Interaction, Objective
from ..criteria import STATUS_LABELS
from ..kpi import ISSUE_KINDS
from .blocks import Block, Cell, Fields, Heading, Metric, Metrics, Paragraph, Section, Table, Title
from .gather import PackData

MAX_SUPPORT_LINES = 12
TITLE_LENGTH = 90
PROMISE_STATUS = {
    "kept": ("Kept on time", "green"), "late": ("Kept late", "some"), "broken": ("Broken", "none"),
    "renegotiated": ("Renegotiated", "some"), "cancelled": ("Cancelled", None), "open": ("Open", None),
}


def nice_date(value: str | date | None) -> str:
    """"3 Oct 2026" from a date, an ISO date or an ISO timestamp; "" when missing."""
    if not value:
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = date.fromisoformat(text[:10])
        except ValueError:
            return text
    return f"{value.day} {value:%b %Y}"


def nice_time(value: str | None) -> str:
    """"3 Oct 2026, 17:05" from an ISO timestamp, in the time zone it was written in."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{nice_date(moment.date())}, {moment:%H:%M}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"


def words(value: str) -> str:
    """An enumeration value as the learner would say it: "face-to-face" → "face to face"."""
    return value.replace("-", " ") if value != "follow-up" else "follow-up"


def shorten(text: str, limit: int = TITLE_LENGTH) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def codes(refs: list[str]) -> str:
    return ", ".join(refs)


def period_label(data: PackData) -> str:
    start = data.start or (date.fromisoformat(data.learner.start) if data.learner.start else None)
    end = data.end or (date.fromisoformat(data.learner.end) if data.learner.end else None)
    start = start or (date.fromisoformat(data.first_day) if data.first_day else None)
    end = end or (date.fromisoformat(data.last_day) if data.last_day else None)
    if start is None and end is None:
        return "No entries yet"
    if start is None:
        return f"Up to {nice_date(end)}"
    if end is None:
        return f"From {nice_date(start)}"
    return f"{nice_date(start)} to {nice_date(end)}"


SECTIONS = (
    ("coverage", "Criteria coverage map"),
    ("accounts", "Reflective accounts of interactions"),
    ("promises", "Promises ledger"),
    ("measures", "Feedback and measures"),
    ("plans", "Relationship plans and reviews"),
    ("testimonies", "Witness testimonies"),
    ("hours", "Placement hours"),
    ("index", "Evidence index"),
)


def cover(data: PackData) -> list[Block]:
    learner = data.learner
    evidenced = sum(1 for c in data.coverage if c.status == "green")
    minutes = sum(h.minutes for h in data.hours)
    privacy = (
        "Real names are shown, at the learner's request."
        if data.real_names else
        "Customers are shown by pseudonym (Customer A, Customer B …) with their segment and kind. "
        "Names, e-mail addresses, phone numbers, postcodes and number plates are removed from all text."
    )
    blocks: list[Block] = [
        Title("Evidence log", learner.programme or "Work placement"),
        Fields([
            ("Learner", learner.name or "Not set"),
            ("Programme", learner.programme),
            ("Placement", learner.placement),
            ("Period", period_label(data)),
            ("Assessor", learner.assessor),
            ("Generated", nice_time(data.generated.replace(microsecond=0).isoformat())),
        ]),
        Metrics([
            Metric("Interactions", str(len(data.interactions))),
            Metric("Promises", str(len(data.promises))),
            Metric("Feedback", str(len(data.feedback))),
            Metric("Evidence items", str(len(data.evidence))),
            Metric("Criteria evidenced", f"{evidenced} of {len(data.coverage)}"),
            Metric("Hours", f"{minutes / 60:.1f}"),
        ]),
        Paragraph(privacy, "note"),
    ]
    if data.criteria_filter:
        blocks.append(Paragraph(
            "This pack covers the criteria " + codes(data.criteria_filter) + " only. "
            "Feedback, measures and hours cover the whole period.", "note",
        ))
    blocks.append(Fields([(str(n), title) for n, (_, title) in enumerate(SECTIONS, 1)]))
    return blocks


def _support_line(data: PackData, record_type: str, record_id: str, date_: str, kind: str,
                  records: dict[tuple[str, str], object]) -> str:
    record = records.get((record_type, record_id))
    title = ""
    if isinstance(record, Interaction):
        title = record.summary or record.star.situation
    elif isinstance(record, Evidence):
        title = record.title or (record.witness.name if record.witness else "")
    elif isinstance(record, Objective):
        title = record.specific or record.metric
    elif isinstance(record, Hours):
        title = record.activity
    title = shorten(data.text(title), 70)
    head = f"{record_id} · {nice_date(date_) or 'undated'} · {words(kind)}"
    return f"{head} — {title}" if title else head


def coverage_map(data: PackData) -> list[Block]:
    counts = {s: sum(1 for c in data.coverage if c.status == s) for s in STATUS_LABELS}
    records: dict[tuple[str, str], object] = {}
    for kind, items in (("interaction", data.interactions), ("evidence", data.evidence),
                        ("objective", data.objectives), ("hours", data.hours)):
        records.update({(kind, r.id): r for r in items})
    rows = []
    for c in data.coverage:
        lines = [
            _support_line(data, s.record_type, s.record_id, s.date, s.kind, records)
            + (" (signed)" if s.signed_witness else "")
            for s in c.supporting[:MAX_SUPPORT_LINES]
        ]
        if len(c.supporting) > MAX_SUPPORT_LINES:
            lines.append(f"and {len(c.supporting) - MAX_SUPPORT_LINES} more")
        rows.append([
            Cell(f"{c.code} {c.text}"),
            Cell("\n".join(lines) if lines else "Nothing mapped yet"),
            Cell(STATUS_LABELS[c.status], c.status),
        ])
    blocks: list[Block] = [
        Section("Criteria coverage map", "coverage",
                "Each criterion with the entries and evidence that support it. Evidenced (green): "
                "a signed witness testimony or three or more entries. Some evidence (amber): one or two. "
                "No evidence yet (red): nothing mapped."),
        Metrics([
            Metric("Evidenced", str(counts["green"])),
            Metric("Some evidence", str(counts["some"])),
            Metric("No evidence yet", str(counts["none"])),
        ]),
    ]
    if rows:
        blocks.append(Table(["Criterion", "Supported by", "Status"], rows, [34, 48, 18]))
    else:
        blocks.append(Paragraph("No assessment criteria are set up in this journal.", "empty"))
    return blocks


def accounts(data: PackData, tick: Callable[[], None] = lambda: None) -> list[Block]:
    blocks: list[Block] = [Section(
        "Reflective accounts of interactions", "accounts",
        "Each interaction as a STAR account (Situation, Task, Action, Result) with what I would do "
        "differently, the techniques I used and how I adapted my style.",
    )]
    if not data.interactions:
        blocks.append(Paragraph("No interactions in this period.", "empty"))
    text = data.text
    for n, i in enumerate(data.interactions, 1):
        if n % 50 == 0:
            tick()
        meta = f"{data.customer(i.customer)} · ref {i.id}"
        if i.criteria:
            meta += f" · criteria {codes(i.criteria)}"
        blocks.append(Heading(
            f"{nice_time(i.at)} — {words(i.kind).capitalize()}, {words(i.channel)}", meta,
        ))
        rows = [
            ("Summary", text(i.summary)),
            ("Situation", text(i.star.situation)),
            ("Task", text(i.star.task)),
            ("Action", text(i.star.action)),
            ("Result", text(i.star.result)),
            ("What I would do differently", text(i.reflection)),
            ("Techniques used", text(", ".join(i.techniques))),
            ("How I adapted my style", text(i.adaptation)),
        ]
        if i.complaint is not None:
            rows += [
                ("Complaint: acknowledge", text(i.complaint.acknowledge)),
                ("Complaint: apologise", text(i.complaint.apologise)),
                ("Complaint: act", text(i.complaint.act)),
                ("Complaint: assure", text(i.complaint.assure)),
            ]
        if i.offer is not None and (i.offer.what or i.offer.need or i.offer.benefit):
            rows += [
                ("Offer made", text(i.offer.what)),
                ("Customer's need", text(i.offer.need)),
                ("Benefit explained", text(i.offer.benefit)),
                ("Offer accepted", "Yes" if i.offer.accepted else "No"),
            ]
        if i.kind in ISSUE_KINDS:
            rows.append(("Resolved at first contact", "Yes" if i.resolved_first_contact else "No"))
        blocks.append(Fields(rows))
    return blocks


def promises_ledger(data: PackData) -> list[Block]:
    m = data.measures
    c = m.promises
    today = data.generated.date()
    blocks: list[Block] = [
        Section("Promises ledger", "promises",
                "Every promise and agreed action falling due in the period, and what happened to it."),
        Metrics([
            Metric("Made", str(c["made"])),
            Metric("Kept on time", str(c["kept"])),
            Metric("Kept late", str(c["late"])),
            Metric("Broken", str(c["broken"])),
            Metric("Renegotiated", str(c["renegotiated"])),
            Metric("Still open", str(c["open"]), f"{c['overdue']} overdue" if c["overdue"] else ""),
            Metric("Promise-kept rate", percent(m.promise_kept_rate),
                   f"{c['kept']} of {m.promises_due} due" if m.promises_due else "none due yet"),
        ]),
    ]
    if data.criteria_filter:
        blocks.append(Paragraph("The numbers above cover the whole period; the list shows the "
                                "promises from the interactions in this pack.", "muted"))
    if not data.promises:
        blocks.append(Paragraph("No promises fall due in this period.", "empty"))
        return blocks
    rows = []
    for p in data.promises:
        label, status = PROMISE_STATUS.get(p.status, (p.status, None))
        if p.status == "open" and p.due and date.fromisoformat(p.due) < today:
            label, status = "Overdue", "none"
        rows.append([
            Cell(nice_date(p.due)), Cell(data.customer(p.customer)),
            Cell(f"{data.text(p.text)}\n({words(p.kind)}, ref {p.id})"),
            Cell(label, status), Cell(nice_date(p.closed_at)), Cell(data.text(p.outcome)),
        ])
    blocks.append(Table(["Due", "Customer", "Promise", "Status", "Closed", "Outcome"], rows,
                        [11, 17, 30, 12, 11, 19]))
    return blocks

