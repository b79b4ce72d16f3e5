"""The evidence pack as blocks: cover, criteria coverage map, reflective accounts, promises.

Every piece of free text passes through ``data.text`` (redaction) before it
becomes a block, and customers appear only through ``data.customer``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ...journal.records import Evidence, Hours, Interaction, Objective
from ..rules.criteria import STATUS_LABELS
from ..rules.kpi import ISSUE_KINDS
from .blocks import Block, Cell, Fields, Heading, Metric, Metrics, Paragraph, Section, Table, Title
from .gather import PackData

MAX_SUPPORT_LINES = 12
TITLE_LENGTH = 90
PROMISE_STATUS = {
    "kept": ("Kept on time", "green"), "late": ("Kept late", "some"), "broken": ("Broken", "none"),
    "renegotiated": ("Renegotiated", "some"), "cancelled": ("Cancelled", None), "open": ("Open", None),
}


# The pack is in British English whatever the computer's language; naming the months here
# also keeps strftime (which imports a module on every call) out of a loop of 10,000 dates.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def nice_time(value: str | None) -> str:
    """"3 Oct 2026, 17:05" from an ISO timestamp, in the time zone it was written in."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{nice_date(moment.date())}, {moment.hour:02d}:{moment.minute:02d}"


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
    ("open-items", "Open items"),
    ("customers", "Customer register and journeys"),
    ("accounts", "Reflective accounts of interactions"),
    ("promises", "Promises ledger"),
    ("measures", "Feedback and measures"),
    ("plans", "Relationship plans and reviews"),
    ("marking", "Plans in action, service levels, rights and improvements"),
    ("evidence", "Evidence: e-mails, notes and forms"),
    ("testimonies", "Witness testimonies"),
    ("hours", "Placement hours"),
    ("index", "Evidence index"),
    ("changes", "Changed since your last pack"),
    ("sign-off", "Declaration and sign-off"),
)
NOT_RECORDED = "Not recorded"
GAP = "none"  # a gap is shown in the "no evidence" colour where a table can colour it


def gap(value: str, missing: str = NOT_RECORDED) -> str:
    """The value, or a plain statement that it is missing (gaps are shown, never dropped)."""
    return value if value.strip() else missing


def programme_line(data: PackData) -> str:
    learner = data.learner
    if learner.programme and learner.programme_code:
        return f"{learner.programme} ({learner.programme_code})"
    return learner.programme or learner.programme_code


def placement_dates(data: PackData) -> str:
    start, end = data.learner.start, data.learner.end
    if start and end:
        return f"{nice_date(start)} to {nice_date(end)}"
    if start:
        return f"From {nice_date(start)}"
    if end:
        return f"Up to {nice_date(end)}"
    return ""


def framework_counts(data: PackData) -> list[tuple[str, str, int, int]]:
    """(framework id, title, evidenced, criteria) for each framework in the map."""
    out = []
    for fid, title in data.frameworks:
        items = [c for c in data.coverage if c.ref.split(":", 1)[0] == fid]
        if items:
            out.append((fid, title, sum(1 for c in items if c.status == "green"), len(items)))
    return out


def source_line(data: PackData, interaction_id: str | None) -> str:
    """The interaction a promise or feedback came from: "1 Oct 2026, phone complaint (ref i-…)"."""
    if not interaction_id:
        return "No interaction recorded"
    i = data.sources.get(interaction_id)
    if i is None:
        return f"ref {interaction_id}"
    return f"{nice_date(i.at)}, {words(i.channel)} {words(i.kind)} (ref {i.id})"


def cover(data: PackData) -> list[Block]:
    learner = data.learner
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
            ("ULN", gap(learner.uln)),
            ("Programme", gap(programme_line(data))),
            ("Employer", gap(learner.employer)),
            ("Placement", learner.placement),
            ("Placement dates", gap(placement_dates(data))),
            ("Period", period_label(data)),
            ("Assessor", gap(learner.assessor)),
            ("IQA", gap(learner.iqa)),
            ("Pack ID", data.pack_id),
            ("Generated", nice_time(data.generated.replace(microsecond=0).isoformat())),
        ]),
        Metrics([
            Metric("Interactions", str(len(data.interactions))),
            Metric("Promises", str(len(data.promises))),
            Metric("Feedback", str(len(data.feedback))),
            Metric("Evidence items", str(len(data.evidence))),
            Metric("Open items", str(len([r for r in data.reminders if not r.state]))),
            Metric("Hours", f"{minutes / 60:.1f}"),
        ]),
    ]
    counts = framework_counts(data)
    if counts:
        blocks.append(Metrics([
            Metric(f"Criteria evidenced: {title}", f"{done} of {total}", "the learner's claim")
            for _fid, title, done, total in counts
        ]))
    blocks.append(Paragraph(privacy, "note"))
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


RAG_RULE = (
    "The status is the learner's claim, worked out by the app from what they mapped: "
    "Evidenced (green) = a signed witness testimony, or three or more entries and evidence items; "
    "Some evidence (amber) = one or two; No evidence yet (red) = nothing mapped. "
    "The assessor's decision (met / not yet / referred) is left for the assessor to write in."
)


def coverage_map(data: PackData) -> list[Block]:
    records: dict[tuple[str, str], object] = {}
    for kind, found in (("interaction", data.interactions), ("evidence", data.evidence),
                        ("objective", data.objectives), ("hours", data.hours)):
        records.update({(kind, r.id): r for r in found})
    blocks: list[Block] = [Section("Criteria coverage map", "coverage", RAG_RULE)]
    if not data.frameworks_chosen and data.frameworks:
        blocks.append(Paragraph(
            "No framework has been chosen yet (in first run or by importing one), so every "
            "framework the journal holds is shown.", "note"))
    shown = False
    for fid, title in data.frameworks:
        items = [c for c in data.coverage if c.ref.split(":", 1)[0] == fid]
        if not items:
            continue
        shown = True
        done = sum(1 for c in items if c.status == "green")
        blocks.append(Heading(title or fid, f"{done} of {len(items)} criteria evidenced (the learner's claim)"
                              f" · framework {fid}"))
        counts = {s: sum(1 for c in items if c.status == s) for s in STATUS_LABELS}
        blocks.append(Metrics([
            Metric("Evidenced", f"{counts['green']} of {len(items)}"),
            Metric("Some evidence", str(counts["some"])),
            Metric("No evidence yet", str(counts["none"])),
        ]))
        rows = []
        for c in items:
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
                Cell(""),
            ])
        blocks.append(Table(["Criterion", "Supported by", "Learner's claim",
                             "Assessor decision (met / not yet / referred)"], rows, [28, 42, 13, 17]))
    if not shown:
        blocks.append(Paragraph("No assessment criteria are set up in this journal.", "empty"))
    return blocks


def accounts(
    data: PackData, tick: Callable[[], None] = lambda: None,
    provenance: Callable[[Interaction], list[tuple[str, str]]] = lambda i: [],
) -> list[Block]:
    """``provenance(interaction)``: the rows saying when it was written and what edits changed."""
    blocks: list[Block] = [Section(
        "Reflective accounts of interactions", "accounts",
        "Each interaction as a STAR account (Situation, Task, Action, Result) with what I would do "
        "differently, the techniques I used and how I adapted my style. Anything not recorded is "
        "said, not left out; each entry says when it was written and what was changed later.",
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
            ("Situation", gap(text(i.star.situation))),
            ("Task", gap(text(i.star.task))),
            ("Action", gap(text(i.star.action))),
            ("Result", gap(text(i.star.result))),
            ("What I would do differently", gap(text(i.reflection), "Reflection not written")),
            ("Techniques used", gap(text(", ".join(i.techniques)), "None recorded")),
            ("How I adapted my style", gap(text(i.adaptation))),
        ]
        if i.complaint is not None or i.kind == "complaint":
            c = i.complaint
            rows += [
                ("Complaint: acknowledge", gap(text(c.acknowledge) if c else "")),
                ("Complaint: apologise", gap(text(c.apologise) if c else "")),
                ("Complaint: act", gap(text(c.act) if c else "")),
                ("Complaint: assure", gap(text(c.assure) if c else "")),
            ]
        if i.offer is not None and (i.offer.what or i.offer.need or i.offer.benefit):
            rows += [
                ("Offer made", gap(text(i.offer.what))),
                ("Customer's need", gap(text(i.offer.need))),
                ("Benefit explained", gap(text(i.offer.benefit))),
                ("Offer accepted", "Yes" if i.offer.accepted else "No"),
            ]
        if i.kind in ISSUE_KINDS:
            rows.append(("Resolved at first contact", "Yes" if i.resolved_first_contact else "No"))
        rows += provenance(i)
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
        outcome = data.text(p.outcome)
        if not outcome:
            outcome = "Still open" if p.status == "open" else "Outcome not recorded"
        rows.append([
            Cell(nice_date(p.due)), Cell(data.customer(p.customer)),
            Cell(f"{data.text(p.text)}\n({words(p.kind)}, ref {p.id})"),
            Cell(source_line(data, p.interaction)),
            Cell(label, status), Cell(nice_date(p.closed_at)),
            Cell(outcome, None if p.outcome or p.status in ("open", "cancelled") else GAP),
        ])
    blocks.append(Table(["Due", "Customer", "Promise", "Made in", "Status", "Closed", "Outcome"], rows,
                        [10, 15, 24, 16, 11, 10, 14]))
    return blocks

