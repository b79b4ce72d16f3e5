"""The evidence pack as blocks: what the marking points ask for beyond the accounts.

Relationship-plan actions and the service model behind each plan, service levels
(response times against target), rights and law, boundaries and expectations,
improvement records with their before and after, and the loyalty measure — each
with an explicit gap where the learner hasn't recorded it. Free text goes through
``data.text`` (redaction) and customers through ``data.customer``, like the rest.
"""

from __future__ import annotations

from datetime import date

from ...journal.records import (
    CONSUMER_RIGHT_LABELS,
    RIGHTS_KINDS,
    Feedback,
    Improvement,
    Interaction,
    Objective,
    PlanAction,
    Promise,
)
from ..rules.kpi import response_hours, within_target
from .blocks import Block, Cell, Fields, Heading, Metric, Metrics, Paragraph, Section, Table
from .content import nice_date, percent, shorten
from .gather import PackData

RIGHT_NAMES = {key: f"{label} (Consumer Rights Act 2015)" for key, label in CONSUMER_RIGHT_LABELS.items()}
NOT_RECORDED = "Not recorded"
REPEAT_DEFINITION = (
    "Repeat-customer rate = customers with two or more interactions in the period ÷ customers "
    "with at least one interaction in the period (a loyalty / retention measure: a satisfied "
    "customer does not always come back, so it is shown beside NPS and CSAT)."
)
SLA_DEFINITION = (
    "Response time = when a promise or follow-up was closed minus when its interaction happened "
    "(or when the promise was recorded, if it came from no interaction). Within target = "
    "closed promises answered inside their response target ÷ closed promises with a target."
)


def marking(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Plans in action, service levels, rights and improvements", "marking",
        "What the learner planned and did about it, how quickly promises were answered, the law "
        "behind complaints and sales, where expectations were set, the changes made with their "
        "before and after, and whether customers came back.",
    )]
    blocks += plan_actions(data)
    blocks += service_levels(data)
    blocks += rights_and_law(data)
    blocks += boundaries(data)
    blocks += improvements(data)
    blocks += loyalty(data)
    return blocks


# --- relationship-plan actions ------------------------------------------------------------
def plan_actions(data: PackData) -> list[Block]:
    blocks: list[Block] = [Heading(
        "Relationship-plan actions and service-model justification",
        "What, who, by when and with what resources; the RATER/SERVQUAL dimension each plan targets",
    )]
    if not data.objectives:
        blocks.append(Paragraph("No relationship plans yet.", "empty"))
        return blocks
    today = data.generated.date()
    for objective in data.objectives:
        blocks.append(Heading(shorten(data.text(objective.specific)) or "Objective (not described)",
                              _plan_for(data, objective)))
        model = objective.service_model
        blocks.append(Fields([
            ("Service model (RATER)", model.dimension.capitalize() if model and model.dimension
             else NOT_RECORDED),
            ("Why this model", data.text(model.why) if model and model.why.strip() else NOT_RECORDED),
        ]))
        if not objective.actions:
            blocks.append(Paragraph("No actions recorded for this plan.", "empty"))
            continue
        blocks.append(Table(
            ["Action", "Who", "By", "Resources", "Status"],
            [[Cell(data.text(a.what)), Cell(data.text(a.who) or NOT_RECORDED), Cell(nice_date(a.by)),
              Cell(data.text(a.resources) or NOT_RECORDED), _action_status(a, objective, today)]
             for a in objective.actions],
            [30, 14, 12, 24, 20],
        ))
    return blocks


def _plan_for(data: PackData, objective: Objective) -> str:
    if objective.customer:
        return f"For {data.customer(objective.customer)}"
    if objective.segment:
        return f"For {objective.segment} customers"
    return "For no particular customer"


def action_status(action: PlanAction, active: bool, today: date) -> tuple[str, str | None]:
    """("Done", "green"), ("Overdue since 3 Nov 2026", "none"), ("Open", None)…"""
    if action.done:
        return "Done", "green"
    if action.by and active and date.fromisoformat(action.by) < today:
        return f"Overdue since {nice_date(action.by)}", "none"
    if not action.by:
        return "Open, no date set", "some"
    return "Open", None


def _action_status(action: PlanAction, objective: Objective, today: date) -> Cell:
    text, status = action_status(action, objective.status == "active", today)
    return Cell(text, status)


# --- service levels ------------------------------------------------------------------------
def service_levels(data: PackData) -> list[Block]:
    service = data.measures.service
    blocks: list[Block] = [
        Heading("Service levels: response times against target", service.sentence()),
        Paragraph(SLA_DEFINITION, "muted"),
    ]
    started = {i.id: i.at for i in data.interactions}
    targeted = [p for p in data.promises if p.response_target_hours is not None]
    if not targeted:
        blocks.append(Paragraph("No promise or follow-up has a response target recorded.", "empty"))
        return blocks
    rows = []
    for promise in targeted:
        start = started.get(promise.interaction or "")
        rows.append([
            Cell(shorten(data.text(promise.text))), Cell(nice_date(start) or "No interaction"),
            Cell(hours_text(promise.response_target_hours)), Cell(hours_text(response_hours(promise, start))),
            _result(promise, start),
        ])
    blocks.append(Table(["Promise or follow-up", "Interaction", "Target", "Response time", "Result"],
                        rows, [36, 16, 14, 16, 18]))
    return blocks


def hours_text(hours: float | None) -> str:
    """"4 hours", "2 days", "1.5 hours"; "—" when there is nothing to show."""
    if hours is None:
        return "—"
    if hours >= 48:
        days = f"{hours / 24:.1f}".removesuffix(".0")
        return f"{days} days"
    shown = f"{hours:.1f}".removesuffix(".0")
    return f"{shown} hour" if shown == "1" else f"{shown} hours"


def _result(promise: Promise, start: str | None) -> Cell:
    met = within_target(promise, start)
    if met is None:
        return Cell("Cancelled" if promise.status == "cancelled" else "Still open", None)
    return Cell("Within target", "green") if met else Cell("Outside target", "none")


# --- rights and law --------------------------------------------------------------------------
def rights_and_law(data: PackData) -> list[Block]:
    asked = [i for i in data.interactions if i.kind in RIGHTS_KINDS]
    recorded = [i for i in data.interactions if i.rights is not None and not i.rights.empty()]
    blocks: list[Block] = [Heading(
        "Rights and law: consumer rights and data protection",
        f"Recorded on {sum(1 for i in asked if i in recorded)} of {len(asked)} complaints and sales "
        "(Consumer Rights Act 2015; Data Protection Act 2018 / UK GDPR)",
    )]
    if not recorded:
        blocks.append(Paragraph("No consumer right or data-protection handling recorded yet.", "empty"))
        return blocks
    rows = []
    for interaction in recorded:
        rights = interaction.rights
        assert rights is not None
        rows.append([
            Cell(nice_date(interaction.at)), Cell(_who(data, interaction)),
            Cell(RIGHT_NAMES.get(rights.consumer_right or "", NOT_RECORDED)),
            Cell(data.text(rights.consumer_notes)),
            Cell(data.text(rights.personal_data) or NOT_RECORDED),
            Cell(data.text(rights.data_handling) or NOT_RECORDED),
        ])
    blocks.append(Table(
        ["Date", "Interaction", "Consumer right at stake", "What it meant here", "Personal data",
         "How it was handled"], rows, [11, 17, 18, 18, 18, 18],
    ))
    return blocks


def _who(data: PackData, interaction: Interaction) -> str:
    return f"{interaction.kind.capitalize()}\n{data.customer(interaction.customer)}"


# --- boundaries and expectations ------------------------------------------------------------
def boundaries(data: PackData) -> list[Block]:
    recorded = [i for i in data.interactions if i.boundaries is not None and not i.boundaries.empty()]
    blocks: list[Block] = [Heading(
        "Boundaries and expectations", "What was declined or kept out of scope, and why",
    )]
    if not recorded:
        blocks.append(Paragraph("No boundaries or expectations recorded yet.", "empty"))
        return blocks
    rows = []
    for interaction in recorded:
        scope = interaction.boundaries
        assert scope is not None
        rows.append([
            Cell(nice_date(interaction.at)), Cell(_who(data, interaction)),
            Cell(data.text(scope.declined) or NOT_RECORDED), Cell(data.text(scope.why) or NOT_RECORDED),
        ])
    blocks.append(Table(["Date", "Interaction", "Declined or scoped", "Why"], rows, [12, 22, 33, 33]))
    return blocks


# --- improvements -------------------------------------------------------------------------------
def improvements(data: PackData) -> list[Block]:
    items = in_period(data, data.improvements)
    blocks: list[Block] = [Heading(
        "Improvements: changes measured before and after",
        f"{len(items)} improvement{'s' if len(items) != 1 else ''} recorded",
    )]
    if not items:
        blocks.append(Paragraph("No improvements recorded yet.", "empty"))
        return blocks
    feedback = {f.id: f for f in data.feedback}
    objectives = {o.id: o for o in data.objectives}
    rows = []
    for item in items:
        rows.append([
            Cell(data.text(item.change) + (f"\nWhy: {data.text(item.why)}" if item.why.strip() else "")),
            Cell(_prompted_by(data, item, feedback, objectives)),
            Cell(data.text(item.measure) or NOT_RECORDED),
            Cell(_number(item.before)), Cell(_number(item.after)), _difference(item),
            Cell(_dates(item)),
        ])
    blocks.append(Table(
        ["Change", "Prompted by", "Measure", "Before", "After", "Difference", "Dates"], rows,
        [23, 20, 11, 9, 9, 13, 15],
    ))
    return blocks


def in_period(data: PackData, items: list[Improvement]) -> list[Improvement]:
    """Improvements started or measured in the pack's period (undated ones always show)."""
    start = data.start.isoformat() if data.start else "0000"
    end = data.end.isoformat() if data.end else "9999"
    out = []
    for item in items:
        days = [d for d in (item.started, item.measured) if d]
        if not days or any(start <= d <= end for d in days):
            out.append(item)
    return out


def _prompted_by(data: PackData, item: Improvement, feedback: dict[str, Feedback],
                 objectives: dict[str, Objective]) -> str:
    parts = []
    if item.feedback:
        found = feedback.get(item.feedback)
        if found is None:
            parts.append("Feedback outside this pack's period")
        else:
            comment = shorten(data.text(found.comment), 60)
            parts.append(f"Feedback of {nice_date(found.at)}" + (f": “{comment}”" if comment else ""))
    if item.objective:
        objective = objectives.get(item.objective)
        parts.append(f"Objective: {shorten(data.text(objective.specific), 60) or objective.metric}"
                     if objective else "An objective not in this pack")
    return "\n".join(parts) or NOT_RECORDED


def _number(value: float | None) -> str:
    if value is None:
        return NOT_RECORDED
    return f"{value:g}"


def _difference(item: Improvement) -> Cell:
    if item.before is None or item.after is None:
        return Cell("—")
    change = item.after - item.before
    return Cell(f"{change:+g}")


def _dates(item: Improvement) -> str:
    lines = []
    if item.started:
        lines.append(f"Changed {nice_date(item.started)}")
    if item.measured:
        lines.append(f"Measured {nice_date(item.measured)}")
    return "\n".join(lines) or NOT_RECORDED


# --- loyalty / retention ----------------------------------------------------------------------
def loyalty(data: PackData) -> list[Block]:
    m = data.measures
    blocks: list[Block] = [
        Heading("Loyalty: repeat customers over time", "Satisfaction is not loyalty: both are shown"),
        Paragraph(REPEAT_DEFINITION, "muted"),
        Metrics([
            Metric("Repeat-customer rate", percent(m.repeat_rate),
                   f"{m.repeat_customers} of {m.customers_seen} customers"),
            Metric("CSAT", percent(m.csat), f"{m.csat_answers} answers"),
            Metric("Within response target", percent(m.service.rate), m.service.sentence()),
        ]),
    ]
    months = [x for x in m.months if x.customers_seen]
    if months:
        from .content_more import month_label

        blocks.append(Table(
            ["Month", "Customers seen", "Repeat-customer rate", "CSAT (answers)"],
            [[Cell(month_label(x.month)), Cell(str(x.customers_seen)), Cell(percent(x.repeat_rate)),
              Cell(f"{percent(x.csat)} ({x.csat_answers})")] for x in months],
            [25, 25, 25, 25], caption="Month by month (each month counted on its own)",
        ))
    return blocks
