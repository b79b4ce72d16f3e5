"""What does a re-key cost (a new passphrase, a recovery, a new recovery key, or the new key
offered after an erasure)? Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_rekey.py                 # 10 MB journal, 50 MB of attachments
    .venv/bin/python bench/bench_rekey.py --journal-mb 10 --files 5 --file-mb 10 --runs 3

Builds a journal of realistic rows (as bench_vault.py does) with the app's real key
settings, attaches ``--files`` files of ``--file-mb`` MB each, then changes the passphrase
``--runs`` times (keeping the recovery key), timing each phase: sealing every attached
file again under the new key, writing the journal under it (the key derivation for the new
passphrase slot included), replacing the backups and removing the old files. Peak memory
is the process's high-water mark over what it held before the first re-key.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_vault import PASSPHRASE, build_image  # noqa: E402

from journal_app.journal import attachments  # noqa: E402
from journal_app.journal.journal import Journal  # noqa: E402
from journal_app.services.actions import journal_file  # noqa: E402
from journal_app.vault import keys  # noqa: E402
from journal_app.vault.store import Rekey, VaultFile  # noqa: E402

MB = 1024 * 1024
OTHER = "a second long benchmark passphrase, violet"


def _rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB


class Phases:
    """Wall-clock time spent inside a few functions during one re-key."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def wrap(self, owner: object, name: str, label: str) -> None:
        real = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.times[label] = self.times.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journal-mb", type=float, default=10)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--file-mb", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.pop("JOURNAL_APP_FAST_KDF", None)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["JOURNAL_APP_HOME"] = str(Path(folder) / "home")
        path = Path(folder) / "bench.pjournal"
        image, interactions = build_image(int(args.journal_mb * MB))
        vault, recovery = VaultFile.create(path, PASSPHRASE, image, lock=False)
        vault.close()
        del image
        journal = Journal.open(path, PASSPHRASE)
        for n in range(args.files):
            attachments.add_evidence_file(journal, f"photo-{n}.jpg", os.urandom(int(args.file_mb * MB)),
                                          "image/jpeg")
        journal.save()
        database = len(journal.db.serialize())
        print(f"journal: {database / MB:.1f} MB database ({interactions} interactions), "
              f"{args.files} attached files of {args.file_mb:g} MB; key settings "
              f"{keys.DEFAULT_KDF.memory_kib // 1024} MiB x {keys.DEFAULT_KDF.iterations}")
        phases = Phases()
        phases.wrap(attachments, "reseal_files", "seal the files again")
        phases.wrap(Rekey, "commit", "write the journal (incl. KDF)")
        phases.wrap(keys, "derive_passphrase_key", "KDF")
        phases.wrap(Journal, "collect_files", "remove the old files")
        phases.wrap(Journal, "replace_backups", "replace backups + remove old files")
        before = _rss_mb()
        totals, cpu = [], []
        passphrases = [OTHER, PASSPHRASE] * args.runs
        for run in range(args.runs):
            phases.times.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            journal_file.change_passphrase(journal, passphrases[run], recovery_key=recovery)
            totals.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            detail = ", ".join(f"{label} {seconds * 1000:.0f} ms" for label, seconds in phases.times.items())
            print(f"re-key {run + 1}: {totals[-1]:.2f} s, CPU {cpu[-1]:.2f} s ({detail})")
        journal.close()
        print(f"median {statistics.median(totals):.2f} s (CPU {statistics.median(cpu):.2f} s) over "
              f"{args.runs} runs; "
              f"peak memory {max(_rss_mb() - before, 0):.0f} MB over the {before:.0f} MB held before")
    return 0


if __name__ == "__main__":
    sys.exit(main())
