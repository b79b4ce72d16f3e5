"""Benchmark: the redaction pass of a pseudonymised evidence pack of 1,000 interactions.

Builds the same journal as bench_export.py (120 customers with e-mail and phone
contacts, 1,000 interactions with STAR parts, promises, feedback, testimonies, hours),
then times what a pseudonymised export does with it: build the journal's redactor and
redact every free text the pack prints. Target ≤ 0.5 s. Also prints how many texts
and findings there were, and the cost of the lazy ``phonenumbers`` import, which is
paid only when a known customer's phone number has to be compared (erasure, access
requests), never by an export.

    .venv/bin/python bench/bench_redaction.py [--interactions 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from bench_export import NOW, build

    from journal_app.journal.journal import Journal, builtin_framework
    from journal_app.services.privacy.free_text import texts
    from journal_app.services.privacy.redaction import Redactor

    journal = Journal.new_database(lambda: NOW)
    journal.add_framework(builtin_framework(), builtin=True)
    build(journal, args.interactions)
    learner = journal.learner()
    records = [*journal.interactions.all(), *journal.promises.all(), *journal.feedback.all(),
               *journal.evidence.all(), *journal.objectives.all(), *journal.reviews.all(),
               *journal.hours.all()]
    all_texts = [value for record in records for _path, value in texts(record) if isinstance(value, str)]
    keep = [learner.name, learner.assessor, "Dave Morris"]

    runs, cpu, findings = [], [], 0
    for _ in range(args.repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        redactor = Redactor.for_journal(journal, keep=keep)
        findings = sum(len(redactor.find(t)) for t in all_texts)  # what redact() does, counted
        for text in all_texts:
            redactor.redact(text)
        runs.append((time.perf_counter() - began) / 2)  # find + redact: each is one pass
        cpu.append((time.process_time() - began_cpu) / 2)
    build_began = time.perf_counter()
    Redactor.for_journal(journal, keep=keep)
    build_ms = (time.perf_counter() - build_began) * 1000
    imported = subprocess.run(
        [sys.executable, "-c", "import time; t = time.perf_counter(); import phonenumbers; "
                               "print(round((time.perf_counter() - t) * 1000))"],
        capture_output=True, text=True, check=True).stdout.strip()
    print(f"{len(all_texts)} texts, {findings} findings")
    print(f"redaction pass: median {statistics.median(runs):.3f} s, max {max(runs):.3f} s "
          f"(target ≤ 0.5 s; CPU {statistics.median(cpu):.3f} s; building the redactor {build_ms:.0f} ms)")
    print(f"lazy phonenumbers import when first needed: {imported} ms")


if __name__ == "__main__":
    main()
