"""The evidence pack as blocks: measures and feedback, plans, testimonies, hours, evidence index."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ...journal.records import INTERACTION_KINDS, Hours, Record, Review
from .blocks import Block, Cell, Chart, Fields, Heading, Metric, Metrics, Paragraph, Section, Series, Table
from .content import codes, gap, nice_date, nice_time, percent, signed, source_line, words
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
            Cell(nice_date(f.at)),
            Cell(_from(data, f.source, f.customer) + "\nAbout: " + source_line(data, f.interaction)),
            Cell("" if f.nps is None else str(f.nps)), Cell("" if f.csat is None else str(f.csat)),
            Cell(f.dimension.capitalize() if f.dimension else ""), Cell(data.text(f.comment)),
            Cell(action or "No action recorded", None if action else "none"),
        ])
    blocks.append(Table(["Date", "From (and the interaction)", "NPS", "CSAT", "RATER", "Comment",
                         "Action taken"], rows, [10, 19, 6, 6, 16, 21, 22]))
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
        overdue = _review_overdue(data, o.review, o.status, reviews)
        if overdue:
            blocks.append(Paragraph(overdue, "note"))
        if not reviews:
            blocks.append(Paragraph("No review in this period.", "muted"))
        for r in reviews:
            value = "" if r.metric_value is None else f" — {o.metric or 'measure'} now {_num(r.metric_value)}"
            blocks.append(Fields([
                ("Review", nice_date(r.at) + value), ("Plan", text(r.plan)), ("Do", text(r.do)),
                ("Check", text(r.check)), ("Act", text(r.act)),
            ]))
    return blocks


def _review_overdue(data: PackData, review: str | None, status: str, reviews: list[Review]) -> str:
    """"Review overdue since 15 Nov 2026" when the review date passed with no review on or after it."""
    if not review or status != "active" or review >= data.generated.date().isoformat():
        return ""
    if any(r.at >= review for r in reviews):
        return ""
    return f"Review overdue since {nice_date(review)}"


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


def testimonies(data: PackData) -> list[Block]:
    from .content_provenance import provenance_rows

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
            ("Witness", gap(w.name if w else "")), ("Role", gap(data.text(w.role) if w else "")),
            ("Relationship to the learner", gap(data.text(w.relationship) if w else "")),
            ("Date", nice_date(e.at)),
            ("Signed", ("Yes, signed by the witness" if w and w.signed else "Not signed")),
            ("Date signed", nice_date(w.signed_on) if w and w.signed_on
             else ("Not recorded" if w and w.signed else "")),
            ("Statement", gap(data.text(w.statement) if w else "", "No statement written")),
            ("Notes", data.text(e.description)),
            ("About interactions", "; ".join(source_line(data, i) for i in e.interactions)),
        ] + provenance_rows(data, "evidence", e)))
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
    blocks.append(Table(["Month", "Days", "Hours", "Off-the-job hours"], rows, caption="Month by month"))
    log = [[
        Cell(nice_date(h.date)), Cell(f"{h.minutes / 60:.2f}".rstrip("0").rstrip(".")),
        Cell(gap(data.text(h.activity), "Activity not recorded"), None if h.activity.strip() else "none"),
        Cell("Yes" if h.off_the_job else "No"), Cell(codes(h.criteria)), Cell(h.id),
    ] for h in sorted(data.hours, key=lambda h: (h.date, h.created_at, h.id))]
    blocks.append(Table(["Date", "Hours", "Activity", "Off the job", "Criteria", "Ref"], log,
                        [14, 9, 41, 10, 12, 14], caption="Every entry (the itemised log)", small=True))
    return blocks


def evidence_index(data: PackData) -> list[Block]:
    blocks: list[Block] = [
        Section("Evidence index", "index",
                "Every attachment with its SHA-256 fingerprint (to show the file hasn't changed since), "
                "and every entry with when it was written (or imported from another journal), last "
                "edited, and which fields each edit changed."),
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
    from .content_provenance import TYPE_LABELS, edits_line, original_date_known, pack_records

    for record_type, records in pack_records(data):
        label = TYPE_LABELS[record_type]
        for r in records:
            written = nice_time(r.created_at)
            imported = data.imported_at(record_type, r.id)
            if imported:
                known = original_date_known(data, record_type, r)
                written = (f"{written if known else 'not known'}\n(imported from another journal "
                           f"{nice_date(imported)})")
            rows.append([Cell(r.id), Cell(label), Cell(nice_date(_when(r))), Cell(written),
                         Cell(nice_time(r.updated_at) if r.edits else "never"),
                         Cell(edits_line(data, record_type, r))])
    if rows:
        blocks.append(Table(["Ref", "Type", "Date", "Written", "Last edited", "Edits (what changed)"], rows,
                            [14, 11, 12, 22, 15, 26], small=True))
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


BODY_KINDS = {"email": "E-mail", "meeting-notes": "Meeting notes", "feedback-form": "Feedback form or survey"}


def evidence_items(data: PackData) -> list[Block]:
    """The evidence itself: the text of e-mails, meeting notes, forms and other items, redacted."""
    from .content_provenance import provenance_rows

    blocks: list[Block] = [Section(
        "Evidence: e-mails, notes and forms", "evidence",
        "Each evidence item other than witness testimonies, with its text as the learner recorded it "
        "(redacted like the rest of the pack), the file attached to it and the interactions it is about.",
    )]
    testimonies = {e.id for e in data.testimonies}
    items = [e for e in data.evidence if e.id not in testimonies]
    surveys = [f for f in data.feedback if f.source == "survey"]
    if not items and not surveys:
        blocks.append(Paragraph("No e-mails, notes, forms or other evidence items in this period.", "empty"))
    for e in items:
        kind = BODY_KINDS.get(e.kind, words(e.kind).capitalize())
        meta = " · ".join(x for x in (kind, nice_date(e.at) or "undated", f"ref {e.id}",
                                      f"criteria {codes(e.criteria)}" if e.criteria else "") if x)
        body = data.text(e.description)
        file = e.file
        blocks.append(Heading(data.text(e.title) or kind, meta))
        blocks.append(Fields([
            ("Content", gap(body, "No text recorded" + (": see the attached file" if file else ""))),
            ("Attached file", f"{data.text(file.name)} (SHA-256 {file.sha256[:16]}…)" if file and file.name
             else ""),
            ("About interactions", "; ".join(source_line(data, i) for i in e.interactions)),
        ] + provenance_rows(data, "evidence", e)))
    if surveys:
        blocks.append(Heading("Survey responses", f"{len(surveys)} in this period"))
        blocks.append(Table(["Date", "NPS", "CSAT", "Response", "About"], [[
            Cell(nice_date(f.at)), Cell("" if f.nps is None else str(f.nps)),
            Cell("" if f.csat is None else str(f.csat)), Cell(gap(data.text(f.comment), "No comment")),
            Cell(source_line(data, f.interaction)),
        ] for f in surveys], [12, 7, 7, 50, 24]))
    return blocks
