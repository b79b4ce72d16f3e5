"""The evidence pack as blocks: measures and feedback, plans, testimonies, hours, evidence index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from ...journal.records import INTERACTION_KINDS, Hours, Record
from .blocks import Block, Cell, Chart, Fields, Heading, Metric, Metrics, Paragraph, Section, Series, Table
from .content import codes, nice_date, nice_time, percent, signed, words
from .gather import PackData

WEEK_CHART_KINDS = ("enquiry", "sale", "service", "complaint", "follow-up", "other")


def month_label(month: str) -> str:
    return f"{date.fromisoformat(month + '-01'):%b %Y}"


def measures(data: PackData) -> list[Block]:
    m = data.measures
    blocks: list[Block] = [
        Section("Feedback and measures", "measures",
                "NPS = % promoters (9–10) minus % detractors (0–6). CSAT = % of answers 4 or 5 out of 5. "
                "First-contact resolution = % of enquiries, service requests and complaints resolved "
                "in the first interaction. Promise-kept rate = promises kept on time / promises due."),
        Metrics([
            Metric("NPS", signed(m.nps), f"{m.nps_answers} answers"),
            Metric("CSAT", percent(m.csat), f"{m.csat_answers} answers"),
            Metric("First-contact resolution", percent(m.fcr), f"{m.issues} issues"),
            Metric("Promise-kept rate", percent(m.promise_kept_rate), f"{m.promises_due} due"),
        ]),
    ]
    months = m.months
    if months:
        labels = [month_label(x.month) for x in months]
        blocks.append(Chart(
            "NPS by month", "line", labels, [Series("NPS", [x.nps for x in months])], -100, 100,
            description="NPS each month: " + _describe(labels, [x.nps for x in months]),
        ))
        blocks.append(Chart(
            "CSAT, first-contact resolution and promise-kept rate by month", "line", labels,
            [Series("CSAT", [x.csat for x in months]),
             Series("First-contact resolution", [x.fcr for x in months]),
             Series("Promise-kept rate", [x.promise_kept_rate for x in months])],
            0, 100, "%",
            description="CSAT each month: " + _describe(labels, [x.csat for x in months], "%"),
        ))
        rows = [[
            Cell(month_label(x.month)), Cell(str(x.interactions)), Cell(str(x.complaints)),
            Cell(f"{signed(x.nps)} ({x.nps_answers})"), Cell(f"{percent(x.csat)} ({x.csat_answers})"),
            Cell(f"{percent(x.fcr)} ({x.issues})"),
            Cell(f"{percent(x.promise_kept_rate)} ({x.promises_due})"),
        ] for x in months]
        blocks.append(Table(
            ["Month", "Interactions", "Complaints", "NPS (answers)", "CSAT (answers)",
             "First-contact resolution (issues)", "Promise-kept rate (due)"],
            rows, [13, 13, 13, 14, 14, 17, 16],
            caption="Month by month: before and after comparisons",
        ))
    if m.weeks:
        labels = [nice_date(w.week_start) for w in m.weeks]
        kinds = [k for k in INTERACTION_KINDS if any(w.by_kind.get(k) for w in m.weeks)]
        shown = [k for k in kinds if k in WEEK_CHART_KINDS]
        series = [Series(words(k).capitalize(), [float(w.by_kind.get(k, 0)) for w in m.weeks]) for k in shown]
        others = [k for k in kinds if k not in WEEK_CHART_KINDS]
        if others:
            series.append(Series("Other kinds", [float(sum(w.by_kind.get(k, 0) for k in others))
                                                 for w in m.weeks]))
        top = max(w.total for w in m.weeks)
        blocks.append(Chart(
            "Interactions per week by kind", "stacked-bars", labels, series, 0, float(max(top, 1)),
            description=f"{sum(w.total for w in m.weeks)} interactions over {len(m.weeks)} weeks.",
        ))
    blocks.append(Heading("RATER breakdown", "Feedback grouped by service-quality dimension"))
    blocks.append(Table(
        ["Dimension", "Feedback", "NPS", "CSAT", "With action taken"],
        [[Cell(r.dimension.capitalize()), Cell(str(r.feedback)), Cell(signed(r.nps)), Cell(percent(r.csat)),
          Cell(f"{r.with_action} of {r.feedback}")] for r in m.rater],
    ))
    blocks.append(Heading(
        "Feedback and the action taken on it",
        f"{m.feedback_with_action} of {m.feedback} feedback items have an action recorded",
    ))
    if not data.feedback:
        blocks.append(Paragraph("No feedback in this period.", "empty"))
        return blocks
    rows = []
    for f in data.feedback:
        action = data.text(f.action_taken)
        rows.append([
            Cell(nice_date(f.at)), Cell(_from(data, f.source, f.customer)),
            Cell("" if f.nps is None else str(f.nps)), Cell("" if f.csat is None else str(f.csat)),
            Cell(f.dimension.capitalize() if f.dimension else ""), Cell(data.text(f.comment)),
            Cell(action or "No action recorded", None if action else "none"),
        ])
    blocks.append(Table(["Date", "From", "NPS", "CSAT", "RATER", "Comment", "Action taken"], rows,
                        [10, 17, 7, 7, 13, 23, 23]))
    return blocks


def _from(data: PackData, source: str, customer: str | None) -> str:
    if source == "customer" and customer:
        return data.customer(customer)
    return source.capitalize() + (f"\n{data.customer(customer)}" if customer else "")


def _describe(labels: list[str], values: list[float | None], unit: str = "") -> str:
    pairs = zip(labels, values, strict=True)
    return "; ".join(f"{label} {'no data' if v is None else f'{v:.0f}{unit}'}" for label, v in pairs)


def plans(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Relationship plans and reviews", "plans",
        "SMART objectives for customers and customer groups, each reviewed with a Plan-Do-Check-Act cycle.",
    )]
    if not data.objectives:
        blocks.append(Paragraph("No relationship plans yet.", "empty"))
    text = data.text
    for o in data.objectives:
        who = data.customer(o.customer) if o.customer else (f"{o.segment} customers" if o.segment else "")
        meta = " · ".join(x for x in (who, f"status {o.status}", f"ref {o.id}",
                                      f"criteria {codes(o.criteria)}" if o.criteria else "") if x)
        measurable = o.metric
        if o.baseline is not None or o.target is not None:
            measurable += f": from {_num(o.baseline)} to {_num(o.target)}"
        blocks.append(Heading(text(o.specific) or text(o.metric) or "Objective", meta))
        blocks.append(Fields([
            ("Specific", text(o.specific)), ("Measurable", text(measurable)),
            ("Achievable", text(o.achievable)), ("Relevant", text(o.relevant)),
            ("Time-bound", nice_date(o.due)), ("Review date", nice_date(o.review)),
        ]))
        reviews = data.reviews.get(o.id, [])
        if not reviews:
            blocks.append(Paragraph("No review in this period.", "muted"))
        for r in reviews:
            value = "" if r.metric_value is None else f" — {o.metric or 'measure'} now {_num(r.metric_value)}"
            blocks.append(Fields([
                ("Review", nice_date(r.at) + value), ("Plan", text(r.plan)), ("Do", text(r.do)),
                ("Check", text(r.check)), ("Act", text(r.act)),
            ]))
    return blocks


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


def testimonies(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Witness testimonies", "testimonies",
        "Statements from people who saw the learner's work: supervisors, colleagues, mentors.",
    )]
    items = data.testimonies
    if not items:
        blocks.append(Paragraph("No witness testimonies in this period.", "empty"))
    for e in items:
        w = e.witness
        meta = " · ".join(x for x in (nice_date(e.at), f"ref {e.id}",
                                      f"criteria {codes(e.criteria)}" if e.criteria else "") if x)
        blocks.append(Heading(data.text(e.title) or "Witness testimony", meta))
        blocks.append(Fields([
            ("Witness", w.name if w else ""), ("Role", data.text(w.role) if w else ""),
            ("Date", nice_date(e.at)),
            ("Signed", ("Yes, signed by the witness" if w and w.signed else "Not signed")),
            ("Statement", data.text(w.statement) if w else ""),
            ("Notes", data.text(e.description)),
            ("About interactions", ", ".join(e.interactions)),
        ]))
    return blocks


def hours(data: PackData) -> list[Block]:
    total = sum(h.minutes for h in data.hours) / 60
    off = sum(h.minutes for h in data.hours if h.off_the_job) / 60
    target = data.learner.off_the_job_target_hours
    blocks: list[Block] = [
        Section("Placement hours", "hours", "Hours logged on placement, and off-the-job training hours."),
        Metrics([
            Metric("Total hours", f"{total:.1f}", f"{len({h.date for h in data.hours})} days"),
            Metric("Off-the-job hours", f"{off:.1f}", f"target {target:g}" if target else "no target set"),
            Metric("Of the target", percent(100 * off / target) if target else "—"),
        ]),
    ]
    if not data.hours:
        blocks.append(Paragraph("No hours logged in this period.", "empty"))
        return blocks
    by_month: dict[str, list[Hours]] = defaultdict(list)
    for h in data.hours:
        by_month[h.date[:7]].append(h)
    rows = [[
        Cell(month_label(month)), Cell(str(len({h.date for h in hs}))),
        Cell(f"{sum(h.minutes for h in hs) / 60:.1f}"),
        Cell(f"{sum(h.minutes for h in hs if h.off_the_job) / 60:.1f}"),
    ] for month, hs in sorted(by_month.items())]
    rows.append([Cell("Total"), Cell(str(len({h.date for h in data.hours}))), Cell(f"{total:.1f}"),
                 Cell(f"{off:.1f}")])
    blocks.append(Table(["Month", "Days", "Hours", "Off-the-job hours"], rows))
    return blocks


def evidence_index(data: PackData) -> list[Block]:
    blocks: list[Block] = [
        Section("Evidence index", "index",
                "Every attachment with its SHA-256 fingerprint (to show the file hasn't changed since), "
                "and every entry with when it was written, last edited and how many times it was edited."),
        Heading("Attachments"),
    ]
    files = [(e, e.file) for e in data.evidence if e.file is not None and e.file.name]
    if files:
        blocks.append(Table(["Evidence", "File", "Type", "Date", "SHA-256"], [[
            Cell(f"{data.text(e.title) or words(e.kind)}\n(ref {e.id})"), Cell(data.text(f.name)),
            Cell(f"{words(e.kind)}\n{f.media_type}"), Cell(nice_date(e.at)),
            Cell(_spaced(f.sha256)),
        ] for e, f in files], [22, 18, 17, 11, 32], small=True))
    else:
        blocks.append(Paragraph("No files attached in this period.", "empty"))
    blocks.append(Heading("Entries"))
    rows = []
    groups: list[tuple[str, Sequence[Record]]] = [
        ("Interaction", data.interactions), ("Promise", data.promises), ("Feedback", data.feedback),
        ("Evidence", data.evidence), ("Objective", data.objectives),
        ("Review", [r for rs in data.reviews.values() for r in rs]), ("Hours", data.hours),
    ]
    for label, records in groups:
        for r in records:
            rows.append([Cell(r.id), Cell(label), Cell(nice_date(_when(r))), Cell(nice_time(r.created_at)),
                         Cell(nice_time(r.updated_at) if r.edits else "never"), Cell(str(r.edits))])
    if rows:
        blocks.append(Table(["Ref", "Type", "Date", "Written", "Last edited", "Edits"], rows,
                            [18, 13, 15, 20, 20, 14], small=True))
    else:
        blocks.append(Paragraph("No entries in this period.", "empty"))
    return blocks


def _when(record: Record) -> str:
    for name in ("at", "due", "date"):
        value: str | None = getattr(record, name, None)
        if value:
            return value
    return ""


def _spaced(sha: str) -> str:
    # Groups of eight wrap cleanly in a narrow column and are easier to compare by eye.
    return " ".join(sha[i : i + 8] for i in range(0, len(sha), 8))
