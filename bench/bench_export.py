"""Benchmark: the evidence pack as PDF for a journal of 1,000 interactions.

Prints the export time (target ≤ 5 s), its CPU time (steadier on a busy machine) and
the peak memory of the exporting process (target ≤ 500 MB). Each format runs in a fresh
subprocess so peak memory (resource.getrusage, ru_maxrss) belongs to that export alone.

``--bundle`` also exports the PDF as an evidence bundle from a journal file with
``--attachments`` files of ``--attachment-mb`` MB each (random bytes, which don't compress),
and prints how much the bundle adds to the pack, in bytes and in peak memory (target: no
more than the attachments' size).

    .venv/bin/python bench/bench_export.py [--interactions 1000] [--formats pdf,html,docx,csv]
    .venv/bin/python bench/bench_export.py --formats pdf --bundle [--attachments 20] [--attachment-mb 2]
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


def child(fmt: str, n: int, out: Path, real_names: bool, attachments: int = 0, size_mb: float = 0.0) -> None:
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from journal_app.journal.journal import Journal, builtin_framework
    from journal_app.services.export.pack import export_pack
    from journal_app.services.privacy import redaction

    bundle = attachments > 0
    if bundle:  # attachments live sealed beside a journal file
        # The quick (test) key settings, so the 96 MiB key derivation doesn't set the peak.
        os.environ.update(JOURNAL_APP_FAST_KDF="1", JOURNAL_APP_TEST_SUITE="1")
        from journal_app.journal.attachments import add_evidence_file

        journal, _key = Journal.create(out.with_suffix(".pjournal"), "bench passphrase 1234 correct",
                                       clock=lambda: NOW)
        build(journal, n)
        for i in range(attachments):
            add_evidence_file(journal, f"evidence-{i}.bin", os.urandom(int(size_mb * 1e6)),
                              "application/octet-stream")
    else:
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
    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    export_pack(journal, fmt, out, now=NOW, real_names=real_names, bundle=bundle)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A long PDF is drawn partly by a helper process: its peak counts too (the largest child's).
    helper_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024
    pack_bytes = out.stat().st_size
    if bundle:
        import zipfile

        with zipfile.ZipFile(out) as archive:
            pack_bytes = next(i.file_size for i in archive.infolist()
                              if i.filename.startswith("evidence-log-"))
    print(json.dumps({"format": fmt, "seconds": round(seconds, 2), "cpu": round(cpu, 2),
                      "peak_mb": round(peak_kib / scale, 1), "before_mb": round(before_kib / scale, 1),
                      "helper_peak_mb": round(helper_kib / scale, 1),
                      "bytes": out.stat().st_size, "pack_bytes": pack_bytes,
                      "redacting": round(redacting[0], 2)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1000)
    parser.add_argument("--formats", default="pdf,html,docx,csv")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--real-names", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--bundle", action="store_true", help="also time a PDF evidence bundle")
    parser.add_argument("--attachments", type=int, default=20)
    parser.add_argument("--attachment-mb", type=float, default=2.0)
    parser.add_argument("--child-attachments", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.interactions, Path(args.out), args.real_names, args.child_attachments,
              args.attachment_mb)
        return
    suffix = {"pdf": ".pdf", "html": ".html", "docx": ".docx", "csv": ".zip"}
    print(f"Evidence pack, {args.interactions} interactions (time is the export only, not building the data)")
    runs = [(fmt, False, 0) for fmt in args.formats.split(",")]
    if "pdf" in args.formats:
        runs.append(("pdf", True, 0))
    if args.bundle:
        runs.append(("pdf", False, args.attachments))
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt, real, attachments in runs:
            out = Path(folder) / (f"bundle{len(results)}.zip" if attachments else f"pack{suffix[fmt]}")
            result = subprocess.run(
                [sys.executable, __file__, "--child", fmt, "--interactions", str(args.interactions),
                 "--out", str(out), *(["--real-names"] if real else []),
                 "--child-attachments", str(attachments), "--attachment-mb", str(args.attachment_mb)],
                capture_output=True, text=True, check=True,
            )
            r = json.loads(result.stdout.strip().splitlines()[-1])
            results[(fmt, real, attachments)] = r
            label = f"{fmt} (real names, nothing to redact)" if real else f"{fmt} (pseudonymised)"
            if attachments:
                label = f"{fmt} bundle, {attachments} × {args.attachment_mb:g} MB"
            print(f"  {label:34} {r['seconds']:6.2f} s  (CPU {r['cpu']:5.2f} s, "
                  f"redacting {r['redacting']:5.2f} s)   peak {r['peak_mb']:6.1f} MB"
                  + (f" + helper {r['helper_peak_mb']:5.1f} MB" if r["helper_peak_mb"] else "")
                  + f"   {r['bytes'] / 1e6:5.2f} MB file")
            if attachments:
                attached = attachments * args.attachment_mb * 1e6
                plain = results.get(("pdf", False, 0))
                more = f"{r['peak_mb'] - plain['peak_mb']:+.1f} MB" if plain else "n/a"
                print(f"  {'':34} the bundle adds {(r['bytes'] - r['pack_bytes']) / 1e6:5.2f} MB to the "
                      f"{r['pack_bytes'] / 1e6:.2f} MB pack for {attached / 1e6:.0f} MB of attachments; "
                      f"peak memory {more} against the plain PDF export")


if __name__ == "__main__":
    main()
