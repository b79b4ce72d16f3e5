"""Benchmark: the evidence pack as PDF for a journal of 1,000 interactions.

Prints the export time (target ≤ 5 s) and the peak memory of the exporting
process (target ≤ 500 MB). Each format runs in a fresh subprocess so peak memory
(resource.getrusage, ru_maxrss) belongs to that export alone.

    .venv/bin/python bench/bench_export.py [--interactions 1000] [--formats pdf,html,docx,csv]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2027, 6, 30, 17, 0, tzinfo=UTC)
SENTENCES = (
    "The customer rang because the car wasn't ready when promised.",
    "I listened without interrupting and repeated the problem back to check I had it right.",
    "I asked open questions about how they use the van so I could suggest the right service.",
    "I checked with the workshop and gave a realistic time rather than guessing.",
    "They were happy with the update and booked the next service before leaving.",
    "Next time I would ring before they need to chase us.",
    "I kept my tone calm and used short sentences because they were in a hurry.",
)


def build(journal, n: int) -> None:  # a Journal
    from journal_app.journal.records import (
        CHANNELS,
        INTERACTION_KINDS,
        RATER,
        Complaint,
        Customer,
        Evidence,
        Feedback,
        Hours,
        Interaction,
        Learner,
        Promise,
        Star,
        Witness,
    )

    rng = random.Random(7)
    journal.set_learner(Learner(name="Sam Learner", programme="Customer Service Practitioner L2",
                                placement="Northside Motors", start="2026-09-01", end="2027-06-30",
                                assessor="Jo Assessor", off_the_job_target_hours=278))
    customers = [journal.customers.add(Customer(name=f"Person {i} Surname{i}", segment="key" if i % 5 == 0
                                                else "maintain", contact=f"p{i}@example.com, 07700 9{i:05d}"))
                 for i in range(120)]
    criteria = [ref for ref, _ in journal.criteria()]
    start = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
    with journal.transaction():
        for i in range(n):
            who = rng.choice(customers)
            kind = rng.choice(INTERACTION_KINDS)

            def text(who=who, i=i) -> str:  # loop values bound as defaults
                return " ".join(rng.sample(SENTENCES, 2)) + f" {who.name} on 07700 900{i % 1000:03d}."

            added = journal.interactions.add(Interaction(
                customer=who.id, at=(start + timedelta(hours=7 * i)).isoformat(),
                channel=rng.choice(CHANNELS),
                kind=kind, summary=text()[:120], star=Star(situation=text(), task=text(), action=text(),
                                                           result=text()),
                reflection=text(), techniques=["active listening", "open questions"], adaptation=text(),
                complaint=Complaint(acknowledge=text(), apologise=text(), act=text(), assure=text())
                if kind == "complaint" else None,
                resolved_first_contact=rng.random() < 0.7, criteria=rng.sample(criteria, 2),
            ))
            if i % 3 == 0:
                journal.promises.add(Promise(customer=who.id, interaction=added.id, text=text()[:200],
                                             due=(start + timedelta(hours=7 * i + 48)).date().isoformat(),
                                             status=rng.choice(("kept", "kept", "late", "broken", "open"))))
            if i % 2 == 0:
                journal.feedback.add(Feedback(customer=who.id, interaction=added.id,
                                              at=(start + timedelta(hours=7 * i + 30)).isoformat(),
                                              nps=rng.randint(0, 10), csat=rng.randint(1, 5),
                                              dimension=rng.choice(RATER), comment=text(),
                                              action_taken=text() if rng.random() < 0.6 else ""))
        for i in range(40):
            witness = Witness(name="Dave Morris", role="Manager", statement=text(), signed=i % 2 == 0)
            journal.evidence.add(Evidence(kind="witness-testimony", title=f"Testimony {i}",
                                          at=(start + timedelta(days=7 * i)).date().isoformat(),
                                          witness=witness, criteria=rng.sample(criteria, 2)))
        for i in range(250):
            journal.hours.add(Hours(date=(start + timedelta(days=i)).date().isoformat(), minutes=420,
                                    activity="Service desk", off_the_job=i % 5 == 0))


def child(fmt: str, n: int, out: Path, real_names: bool) -> None:
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from journal_app.journal.journal import Journal, builtin_framework
    from journal_app.services import redaction
    from journal_app.services.export.pack import export_pack

    journal = Journal.new_database(lambda: NOW)
    journal.add_framework(builtin_framework(), builtin=True)
    build(journal, n)
    # Time spent redacting, reported apart: it belongs to the redaction module, not the renderers.
    redacting = [0.0]
    original = redaction.Redactor.redact

    def timed(self, text: str) -> str:  # a Redactor
        began = time.perf_counter()
        try:
            return original(self, text)
        finally:
            redacting[0] += time.perf_counter() - began

    redaction.Redactor.redact = timed
    started = time.perf_counter()
    export_pack(journal, fmt, out, now=NOW, real_names=real_names)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak_kib / 1024 if sys.platform != "darwin" else peak_kib / 1024 / 1024
    print(json.dumps({"format": fmt, "seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1),
                      "bytes": out.stat().st_size, "redacting": round(redacting[0], 2)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1000)
    parser.add_argument("--formats", default="pdf,html,docx,csv")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--real-names", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.interactions, Path(args.out), args.real_names)
        return
    suffix = {"pdf": ".pdf", "html": ".html", "docx": ".docx", "csv": ".zip"}
    print(f"Evidence pack, {args.interactions} interactions (time is the export only, not building the data)")
    runs = [(fmt, False) for fmt in args.formats.split(",")]
    if "pdf" in args.formats:
        runs.append(("pdf", True))
    with tempfile.TemporaryDirectory() as folder:
        for fmt, real in runs:
            out = Path(folder) / f"pack{suffix[fmt]}"
            result = subprocess.run(
                [sys.executable, __file__, "--child", fmt, "--interactions", str(args.interactions),
                 "--out", str(out), *(["--real-names"] if real else [])],
                capture_output=True, text=True, check=True,
            )
            r = json.loads(result.stdout.strip().splitlines()[-1])
            label = f"{fmt} (real names, nothing to redact)" if real else f"{fmt} (pseudonymised)"
            print(f"  {label:34} {r['seconds']:6.2f} s  (redacting {r['redacting']:5.2f} s)   "
                  f"peak {r['peak_mb']:6.1f} MB   {r['bytes'] / 1e6:5.2f} MB file")


if __name__ == "__main__":
    main()
