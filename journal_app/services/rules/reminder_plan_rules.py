"""The rules about the placement as a whole: objectives, evidence, criteria, hours, days, retention."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from ...journal import reminder_queries as q
from ...journal.records import Learner
from . import reminder_text as t
from .reminder_model import Reminder, RuleContext, Subject, fingerprint, parse_time, utc_text
from .reminder_rules import Rule, _cleaner


def review_due(ctx: RuleContext) -> list[Reminder]:
    today = ctx.today
    out = []
    for row in q.objectives_needing_review(ctx.journal, today.isoformat()):
        about = _objective_label(ctx, row)
        due = date.fromisoformat(row.due) if row.due else None
        review = date.fromisoformat(row.review) if row.review else None
        if due and due < today:
            day, why = due, "ended"
            message = (f"{about} reached its end date on {t.day(due, today)} and is still open. "
                       "Check the numbers and mark it achieved, missed or dropped.")
            action, label = "close-objective", "Mark it achieved, missed or dropped"
        elif review and review < today and not row.last_review:
            day, why = review, "review"
            message = (f"{about} was due a review on {t.day(review, today)}. "
                       "Do a Plan-Do-Check-Act review with your latest feedback and numbers.")
            action, label = "add-review", "Review it"
        else:
            continue
        out.append(Reminder(
            rule="review-due", severity="overdue", subject=Subject("objective", row.id),
            message=message, action=action, action_label=label,
            since=ctx.end_of(day), due=ctx.end_of(day), due_date=day,
            fingerprint=fingerprint(why, row.review, row.due),
        ))
    return out


def plan_action_overdue(ctx: RuleContext) -> list[Reminder]:
    """Relationship-plan actions whose date has passed and that aren't ticked done, one
    reminder per plan (the plan is what the learner opens to tick them off)."""
    by_plan: dict[str, list[q.PlanActionRow]] = {}
    for row in q.plan_actions_due_before(ctx.journal, ctx.today.isoformat()):
        by_plan.setdefault(row.objective, []).append(row)
    out = []
    for objective_id, rows in by_plan.items():
        first = rows[0]
        about = _objective_label(ctx, q.ObjectiveRow(
            first.objective, first.customer, first.segment, first.metric, None, None, None))
        day = min(date.fromisoformat(r.by) for r in rows)
        if len(rows) == 1:
            words = first.what if ctx.real_names else _cleaner(ctx).clean(first.what)
            what = f"the action {t.quoted(words, 50)} was due {t.day(day, ctx.today)}"
        else:
            what = f"{len(rows)} actions are past their date (the first was due {t.day(day, ctx.today)})"
        out.append(Reminder(
            rule="plan-action-overdue", severity="overdue", subject=Subject("objective", objective_id),
            message=f"In {about[0].lower()}{about[1:]}, {what} and isn't marked done. "
                    "Do it, tick it done, or give it a new date.",
            action="open-plan", action_label="Open the plan",
            since=ctx.end_of(day), due=ctx.end_of(day), due_date=day,
            fingerprint=fingerprint(*[(r.position, r.by) for r in rows]),
        ))
    return out


def _objective_label(ctx: RuleContext, row: q.ObjectiveRow) -> str:
    metric = f"{row.metric} " if row.metric.strip() else ""
    if row.customer:
        return f"Your {metric}objective for {ctx.person(row.customer)}"
    if row.segment:
        return f"Your {metric}objective for {row.segment} customers"
    return f"Your {metric}objective".replace("  ", " ")


def evidence_unmapped(ctx: RuleContext) -> list[Reminder]:
    out = []
    for row in q.unmapped_evidence(ctx.journal):
        noun = t.EVIDENCE_NOUNS.get(row.kind, "evidence")
        dated = f" from {t.day(date.fromisoformat(row.at), ctx.today)}" if row.at else ""
        added = parse_time(row.created_at)
        out.append(Reminder(
            rule="evidence-unmapped", severity="missing", subject=Subject("evidence", row.id),
            message=f"Your {noun}{dated} isn't linked to any assessment criterion, "
                    "so your assessor can't count it yet.",
            action="map-evidence", action_label="Link it to a criterion",
            since=ctx.local(added) if added else None, fingerprint=fingerprint(row.kind),
        ))
    return out


def _placement(ctx: RuleContext) -> tuple[Learner, date | None, date | None]:
    learner = ctx.journal.learner()
    start = date.fromisoformat(learner.start) if learner.start else None
    end = date.fromisoformat(learner.end) if learner.end else None
    return learner, start, end


def criterion_no_evidence(ctx: RuleContext) -> list[Reminder]:
    _learner, _start, end = _placement(ctx)
    if end is None:
        return []
    window = ctx.settings.criterion_window_days
    from_day = end - timedelta(days=window)
    if ctx.today < from_day:
        return []
    left = (end - ctx.today).days
    if left > 0:
        when = f"your placement ends in {t.days(left)} ({t.day(end, ctx.today)})"
    elif left == 0:
        when = "your placement ends today"
    else:
        when = f"your placement ended on {t.day(end, ctx.today)}"
    out = []
    for row in q.criteria_without_links(ctx.journal):
        out.append(Reminder(
            rule="criterion-no-evidence", severity="missing", subject=Subject("criterion", row.ref),
            message=f"Nothing is linked to criterion {row.code} {t.quoted(row.text, 50)} yet, and {when}.",
            action="add-evidence", action_label="Add or link evidence for it",
            since=ctx.start_of(from_day), due=ctx.end_of(end), due_date=end,
            fingerprint=fingerprint(end),
        ))
    return out


def hours_behind(ctx: RuleContext) -> list[Reminder]:
    learner, start, end = _placement(ctx)
    target = learner.off_the_job_target_hours
    if start is None or end is None or not target or end < start or ctx.today <= start:
        return []
    total_days = (end - start).days + 1
    # Days fully behind the learner (today isn't over yet), less any slack they allowed.
    elapsed = min((ctx.today - start).days, total_days) - ctx.settings.hours_grace_days
    if elapsed <= 0:
        return []
    expected = math.floor(target * 60 * elapsed / total_days)
    logged = q.off_the_job_minutes(ctx.journal, ctx.today.isoformat())
    if logged >= expected:
        return []
    return [Reminder(
        rule="hours-behind", severity="missing", subject=Subject("placement", "off-the-job-hours"),
        message=f"Your off-the-job hours are behind: {t.hours(logged / 60)} logged, about "
                f"{t.hours(expected / 60)} expected by now ({t.hours(target)} over the whole placement).",
        action="log-hours", action_label="Log your off-the-job hours",
        since=ctx.start_of(ctx.today), due=ctx.end_of(end), due_date=end,
        fingerprint=fingerprint(target, start, end),
    )]


def day_undocumented(ctx: RuleContext) -> list[Reminder]:
    working = set(ctx.settings.working_days)
    if not working:
        return []
    _learner, start, end = _placement(ctx)
    first = ctx.today - timedelta(days=ctx.settings.undocumented_lookback_days)
    if start is not None:
        first = max(first, start)
    last = ctx.today - timedelta(days=1)
    if end is not None:
        last = min(last, end)
    if last < first:
        return []
    day_before = utc_text(ctx.start_of(first - timedelta(days=1)))
    logged = q.documented_days(ctx.journal, first.isoformat(), day_before)
    out = []
    day = first
    while day <= last:
        if day.isoweekday() in working and day.isoformat() not in logged:
            out.append(Reminder(
                rule="day-undocumented", severity="missing", subject=Subject("day", day.isoformat()),
                message=f"Nothing is logged for {t.day(day, ctx.today)}, one of your placement days. "
                        "Add what you did, or log your hours.",
                action="log-day", action_label="Log that day",
                since=ctx.end_of(day), due_date=day, fingerprint=fingerprint("undocumented"),
            ))
        day += timedelta(days=1)
    return out


def retention_due(ctx: RuleContext) -> list[Reminder]:
    """Personal data a retention rule will anonymise or delete soon (from the retention service)."""
    try:
        from ..privacy.retention import due_within
    except ImportError:
        return []
    # What retention will do depends only on the data and the day, and working it out reads
    # every customer, file and comment; so reuse the answer until something is written to the
    # journal (its content stamp moves) or the day changes.
    window = ctx.settings.retention_window_days
    key = (ctx.journal.content_stamp, ctx.today, window)
    items = ctx.journal.reuse(
        "retention-due", key, lambda: due_within(ctx.journal, ctx.now, window)
    )
    merged: dict[tuple[str, str], list[Any]] = {}
    for item in items:
        merged.setdefault((item.subject_type, item.subject_id), []).append(item)
    out = []
    for (subject_type, subject_id), group in merged.items():
        group.sort(key=lambda i: _as_date(i.due))
        first = group[0]
        day = _as_date(first.due)
        verb = "deleted" if first.action == "delete" else "anonymised"
        described = "; ".join(dict.fromkeys(str(i.description) for i in group if i.description))
        what = described or "Some personal data"
        if day >= ctx.today:
            message = (f"{what} will be {verb} {t.relative_day(day, ctx.today)} under your retention rules. "
                       "Export what your assessor needs first, or place a hold.")
        else:
            message = (f"{what} should have been {verb} on {t.day(day, ctx.today)}. "
                       "Run retention now, or place a hold to keep it.")
        out.append(Reminder(
            rule="retention-due", severity="overdue" if day < ctx.today else "due-soon",
            subject=Subject(subject_type, subject_id), message=message,
            action="review-retention", action_label="Check what will be removed",
            since=ctx.start_of(day - timedelta(days=ctx.settings.retention_window_days)),
            due=ctx.start_of(day), due_date=day,
            fingerprint=fingerprint(*[(i.category, i.action, _as_date(i.due)) for i in group]),
        ))
    return out


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("review-due",), review_due),
    (("plan-action-overdue",), plan_action_overdue),
    (("evidence-unmapped",), evidence_unmapped),
    (("criterion-no-evidence",), criterion_no_evidence),
    (("hours-behind",), hours_behind),
    (("day-undocumented",), day_undocumented),
    (("retention-due",), retention_due),
)
