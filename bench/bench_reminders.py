"""How long working out every reminder takes on a big journal.

Builds an in-memory journal with 50,000 interactions (plus customers, promises, feedback,
evidence, objectives and hours, with a realistic share of gaps), then times
``compute_reminders`` — cold (first call) and warm (repeated, as the GUI does every
minute and after every change). Target: ≤ 100 ms.

    .venv/bin/python bench/bench_reminders.py [--interactions 50000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journal_app.journal.journal import Journal, builtin_framework
from journal_app.journal.records import (
    CHANNELS,
    Complaint,
    Customer,
    Evidence,
    Feedback,
    Hours,
    Interaction,
    Learner,
    Objective,
    Promise,
    Star,
)
from journal_app.services.rules.reminder_settings import save_setting
from journal_app.services.rules.reminders import compute_reminders

BST = timezone(timedelta(hours=1))
NOW = datetime(2027, 5, 20, 17, 0, tzinfo=BST)
START = date(2026, 9, 1)
FIRST = ("Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kai", "Lena",
         "Maya", "Noah", "Olu", "Priya", "Quinn", "Ravi", "Sofia", "Tom")
LAST = ("Patel", "Smith", "Jones", "Khan", "Brown", "Evans", "Okafor", "Taylor", "Wilson", "Nowak",
        "Murphy", "Chen", "Ali", "Walker", "Hughes", "Price", "Lewis", "Green", "Hall", "Wood", "Clarke",
        "Begum", "Singh", "Ward", "Cox")


def build(n_interactions: int, seed: int = 7, gaps: float = 0.02) -> Journal:
    """A journal where about ``gaps`` of entries have something missing (reflections, 4 As, …)."""
    rng = random.Random(seed)
    journal = Journal.new_database(lambda: NOW)
    journal.add_framework(builtin_framework(), builtin=True)
    journal.set_learner(Learner(name="Sam Learner", start=START.isoformat(), end="2027-06-30",
                                off_the_job_target_hours=278))
    segments = ("key", "growth", "maintain", "occasional")
    n_customers = max(10, n_interactions // 100)
    span = (NOW.date() - START).days
    with journal.transaction():
        customers = [
            journal.customers.add(Customer(
                name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}",
                segment=segments[i % 4],
                contact=f"0770090{i:04d}", organisation=f"{LAST[i % len(LAST)]} Motors" if i % 3 else "",
            )).id
            for i in range(n_customers)
        ]
        interactions = []
        for i in range(n_interactions):
            at = datetime.combine(START + timedelta(days=rng.randrange(span)), datetime.min.time(), BST)
            at += timedelta(minutes=rng.randrange(8 * 60, 18 * 60))
            kind = rng.choice(("enquiry", "sale", "service", "complaint", "follow-up", "enquiry"))
            full = rng.random() >= gaps
            star = Star("What happened", "My job", "What I did", "How it went") if full else Star("Only this")
            complaint = None
            if kind == "complaint":
                complaint = Complaint("Listened", "Said sorry", "Fixed it", "Checked back" if full else "")
            record = journal.interactions.add(Interaction(
                customer=rng.choice(customers), at=at.isoformat(), channel=rng.choice(CHANNELS),
                kind=kind, summary=f"Contact number {i}", star=star, complaint=complaint,
                resolved_first_contact=rng.random() < 0.7,
            ))
            interactions.append(record.id)
        for i in range(n_interactions // 5):
            due = START + timedelta(days=rng.randrange(span + 14))
            status = "open" if due >= NOW.date() - timedelta(days=3) or rng.random() < 0.02 else "kept"
            journal.promises.add(Promise(
                customer=rng.choice(customers), interaction=rng.choice(interactions),
                kind=rng.choice(("promise", "follow-up", "internal-action")),
                text=f"Ring back about job {i}", due=due.isoformat(), status=status,
                closed_at=NOW.isoformat() if status != "open" else None,
                outcome="" if rng.random() < gaps else "Done as agreed",
            ))
        for _ in range(n_interactions // 10):
            at = datetime.combine(START + timedelta(days=rng.randrange(span)), datetime.min.time(), BST)
            journal.feedback.add(Feedback(
                customer=rng.choice(customers), at=(at + timedelta(hours=12)).isoformat(),
                nps=rng.randrange(11), action_taken="" if rng.random() < gaps * 3 else "Changed the script",
            ))
        for _ in range(500):
            crit = [] if rng.random() < 0.1 else [f"crm-unit:{rng.choice(('1.1', '2.1', '2.3', '4.1'))}"]
            journal.evidence.add(Evidence(kind="email", at=START.isoformat(), criteria=crit))
        for _ in range(200):
            journal.objectives.add(Objective(
                customer=rng.choice(customers), metric="CSAT", review="2027-03-01", due="2027-07-31",
            ))
        for day in range(0, span, 2):
            journal.hours.add(Hours(date=(START + timedelta(days=day)).isoformat(), minutes=120,
                                    off_the_job=True))
    save_setting(journal, "working_days", ["Mon", "Tue", "Wed", "Thu", "Fri"])
    return journal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--gaps", type=float, default=0.02,
                        help="share of entries with something missing (default 0.02)")
    args = parser.parse_args()

    started = time.perf_counter()
    journal = build(args.interactions, gaps=args.gaps)
    built = time.perf_counter() - started
    counts = {t: journal.repository(t).count() for t in ("customer", "interaction", "promise", "feedback")}
    print(f"built journal in {built:.1f} s: {counts}")

    cold_wall, cold_cpu, reminders = _timed(lambda: compute_reminders(journal, NOW))
    warm = [_timed(lambda: compute_reminders(journal, NOW)) for _ in range(args.repeat)]
    by_rule = Counter(r.rule for r in reminders)
    print(f"reminders found: {len(reminders)} {dict(sorted(by_rule.items()))}")
    print(f"compute_reminders cold (first call): {cold_wall:.1f} ms wall, {cold_cpu:.1f} ms CPU")
    _report("compute_reminders warm (every minute)", warm)
    # The GUI works on a fresh reading copy each refresh; answers are shared by content stamp.
    on_copies = [_timed(lambda: compute_reminders(journal.reading_copy(), NOW)) for _ in range(5)]
    _report("compute_reminders on a fresh reading copy (GUI path, copy included)", on_copies)
    after_edit = []
    for n in range(5):
        promise = journal.promises.all("status = 'open'", order="due")[n]
        promise.outcome = f"Checked {n}"
        journal.promises.update(promise)
        after_edit.append(_timed(lambda: compute_reminders(journal, NOW)))
    _report("compute_reminders right after an edit", after_edit)
    try:
        from journal_app.services.privacy.retention import due_within
    except ImportError:
        pass
    else:
        wall, cpu, _items = _timed(lambda: due_within(journal, NOW, 14))
        print(f"  of which retention.due_within (redone after a write): {wall:.1f} ms wall, {cpu:.1f} ms CPU")
    print("time per rule (warm, one run, wall):")
    for name, ms in per_rule(journal):
        print(f"  {name:34s} {ms:6.1f} ms")


def _timed(work):  # (wall ms, CPU ms, result)
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def _report(label: str, runs: list) -> None:
    walls = [w for w, _c, _r in runs]
    cpus = [c for _w, c, _r in runs]
    verdict = "meets" if statistics.median(walls) <= 100 else "misses"
    print(f"{label}: median {statistics.median(walls):.1f} ms wall (best {min(walls):.1f}, "
          f"worst {max(walls):.1f}), median {statistics.median(cpus):.1f} ms CPU over {len(runs)} runs "
          f"— {verdict} the 100 ms target")


def per_rule(journal: Journal) -> list[tuple[str, float]]:
    from journal_app.services.rules.reminder_model import RuleContext
    from journal_app.services.rules.reminder_settings import load_settings
    from journal_app.services.rules.reminders import _all_rules

    ctx = RuleContext.build(journal, NOW, load_settings(journal))
    out = []
    for rule_ids, rule in _all_rules():
        rule(ctx)
        t0 = time.perf_counter()
        rule(ctx)
        out.append(("/".join(rule_ids), (time.perf_counter() - t0) * 1000))
    return out


if __name__ == "__main__":
    main()
