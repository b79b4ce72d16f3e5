"""Is an objective SMART? One check per letter, each with advice in plain words.

Pure: the Plans page shows a tick or a cross per letter, and the reminders or an
export can ask the same question without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...journal.records import Objective

MIN_SPECIFIC_WORDS = 4


@dataclass(frozen=True)
class LetterCheck:
    letter: str  # S, M, A, R, T
    name: str  # Specific, Measurable, …
    ok: bool
    advice: str  # what is missing, or what makes it good


def check_objective(objective: Objective) -> list[LetterCheck]:
    o = objective
    words = len(o.specific.split())
    specific = words >= MIN_SPECIFIC_WORDS
    missing = [n for n, v in (("a metric", o.metric.strip()), ("a baseline", o.baseline),
                              ("a target", o.target)) if v in (None, "")]
    measurable = not missing and o.baseline != o.target
    if missing:
        measure_advice = "Add " + _and(missing) + "."
    elif o.baseline == o.target:
        measure_advice = "The target is the same as the baseline: what change do you want?"
    else:
        measure_advice = f"{o.metric}: from {o.baseline:g} to {o.target:g}."
    time_bound = bool(o.due) and (not o.review or o.review <= (o.due or ""))
    if not o.due:
        time_advice = "Add the date it should be done by."
    elif o.review and o.review > o.due:
        time_advice = "The review date is after the due date: review before it's due."
    elif not o.review:
        time_advice = f"Due {o.due}. Add a review date to check progress on the way."
    else:
        time_advice = f"Due {o.due}, reviewed {o.review}."
    return [
        LetterCheck("S", "Specific", specific,
                    "Clear about what will change and for whom." if specific
                    else "Say exactly what will change and for whom (a full sentence)."),
        LetterCheck("M", "Measurable", measurable, measure_advice),
        LetterCheck("A", "Achievable", bool(o.achievable.strip()),
                    "You've said why it's realistic." if o.achievable.strip()
                    else "Say why you can achieve it (time, help, skills)."),
        LetterCheck("R", "Relevant", bool(o.relevant.strip()),
                    "You've said why it matters." if o.relevant.strip()
                    else "Say why it matters to the customer, the business or your unit."),
        LetterCheck("T", "Time-bound", time_bound, time_advice),
    ]


def is_smart(objective: Objective) -> bool:
    return all(check.ok for check in check_objective(objective))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
