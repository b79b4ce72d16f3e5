"""How fast and how hungry is the encrypted journal file? Prints numbers; asserts nothing.

    .venv/bin/python bench/bench_vault.py            # 1, 10 and 50 MB journals
    .venv/bin/python bench/bench_vault.py --sizes 1 10 --saves 15

For each size it builds a journal of realistic rows (customers, interactions with STAR
reflections, promises, feedback) until the database image reaches the size, writes it
with the app's real key settings, then measures:

* unlock: the whole ``Journal.open`` (read, key derivation, decrypt, load into SQLite),
  with the key derivation (KDF) timed separately inside it;
* one small edit saved durably (fsync'd file and folder): median and spread of several,
  split into the database snapshot and the seal+write;
* peak memory of opening, editing and saving, in a fresh process, over the process's
  own baseline; the KDF's fixed working memory is reported on its own line;
* whole-process time of a headless command on the 10 MB journal.

The targets (docs in bench/README.md): unlock = KDF + <= 100 ms at 10 MB; one small edit
saved <= 50 ms median at 10 MB; peak memory <= 3x the database size; KDF 0.22-0.33 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from journal_app.journal.journal import Journal  # noqa: E402
from journal_app.journal.records import Customer, Feedback, Interaction, Promise, Star  # noqa: E402
from journal_app.vault import keys  # noqa: E402

PASSPHRASE = "a long enough benchmark passphrase"
MB = 1024 * 1024

SENTENCES = (
    "customer asked about the service plan and I explained the options clearly then checked",
    "understanding by summarising what she needed before booking the follow up call for Thursday",
    "he was frustrated because the part had not arrived so I acknowledged the delay apologised",
    "and promised a courtesy car while we chased the supplier which calmed the situation down",
    "I used open questions to find out how they use the vehicle and suggested the extended warranty",
    "only after confirming it met a real need my supervisor said my tone was warm and professional",
)
WORDS = [word for sentence in SENTENCES for word in sentence.split(" ")]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_image(target_bytes: int = 0, interactions_wanted: int = 0, seed: int = 7) -> tuple[bytes, int]:
    """A database of plausible journal rows, of about ``target_bytes`` or with
    ``interactions_wanted`` interactions; returns (image, interactions)."""
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    journal = Journal.new_database(lambda: start)
    customers = []
    with journal.transaction():
        for n in range(200):
            customers.append(journal.customers.add(Customer(
                name=f"Benchmark Person {n}", kind=rng.choice(["internal", "external"]),
                organisation=rng.choice(["", "Northgate Motors", "Riverside Hotel", "City Council"]),
                needs=_text(rng, 20), communication=_text(rng, 10), contact=f"0770090{n:04d}",
            )).id)
    interactions = 0
    while True:
        with journal.transaction():
            for _ in range(250):
                moment = start + timedelta(minutes=37 * interactions)
                interaction = journal.interactions.add(Interaction(
                    customer=rng.choice(customers), at=moment.isoformat(), summary=_text(rng, 25),
                    star=Star(situation=_text(rng, 30), task=_text(rng, 20), action=_text(rng, 40),
                              result=_text(rng, 25)),
                    reflection=_text(rng, 30), adaptation=_text(rng, 15),
                    techniques=["active listening", "open questions"],
                ))
                interactions += 1
                if interactions % 5 == 0:
                    journal.promises.add(Promise(
                        customer=interaction.customer, interaction=interaction.id, text=_text(rng, 12),
                        due=(moment + timedelta(days=3)).date().isoformat(),
                    ))
                if interactions % 7 == 0:
                    journal.feedback.add(Feedback(
                        customer=interaction.customer, interaction=interaction.id, at=moment.isoformat(),
                        nps=rng.randint(0, 10), csat=rng.randint(1, 5), comment=_text(rng, 15),
                        action_taken=_text(rng, 10),
                    ))
        if interactions_wanted and interactions < interactions_wanted:
            continue
        image = journal.db.serialize()
        if len(image) >= target_bytes:
            journal.db.close()
            return image, interactions


def measure_kdf(runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU time (all threads) of the passphrase KDF at the default settings.

    CPU time barely moves when other programs compete for the processor, so it shows
    the work done even when the wall-clock numbers are inflated by a busy machine.
    """
    salt = os.urandom(16)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        keys.derive_passphrase_key(PASSPHRASE, salt, keys.DEFAULT_KDF)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu


def measure_unlock(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Whole Journal.open times, and the KDF part of each (timed inside the same call)."""
    real = keys.derive_passphrase_key
    kdf_times: list[float] = []

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            kdf_times.append(time.perf_counter() - started)

    keys.derive_passphrase_key = timed
    totals = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            journal = Journal.open(path, PASSPHRASE)
            totals.append(time.perf_counter() - started)
            journal.close()
    finally:
        keys.derive_passphrase_key = real
    return totals, kdf_times


def measure_saves(path: Path, saves: int) -> dict[str, list[float]]:
    journal = Journal.open(path, PASSPHRASE)
    result: dict[str, list[float]] = {"first": [], "total": [], "snapshot": [], "seal_write": []}
    try:
        first_id = journal.interactions.ids()[0]
        for n in range(saves + 1):
            record = journal.interactions.get(first_id)
            record.summary = f"Edited summary number {n}: called back as promised."
            started = time.perf_counter()
            journal.interactions.update(record)
            data = journal.snapshot()
            snapped = time.perf_counter()
            stats = journal.write_snapshot(data)
            done = time.perf_counter()
            if n == 0:  # the session's first save also takes the backup
                result["first"].append(done - started)
                assert stats.backed_up
                continue
            result["total"].append(done - started)
            result["snapshot"].append(snapped - started)
            result["seal_write"].append(done - snapped)
    finally:
        journal.close()
    return result


PEAK_PROBE = """
import json, resource, sys, time
from pathlib import Path
from journal_app.journal.journal import Journal
from journal_app.vault import keys
kek = bytes.fromhex(sys.argv[2])
keys.derive_passphrase_key = lambda *a, **k: kek   # the KDF's own memory is reported separately
def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
base = rss_kib()
journal = Journal.open(Path(sys.argv[1]), "ignored")
opened = rss_kib()
first = journal.interactions.ids()[0]
record = journal.interactions.get(first)
record.summary = "peak memory probe edit"
journal.interactions.update(record)
journal.save()
journal.close()
print(json.dumps({"base_kib": base, "open_kib": opened, "peak_kib": rss_kib()}))
"""


def measure_peak(path: Path) -> dict[str, int]:
    from journal_app.vault.format import SLOT_PASSPHRASE
    from journal_app.vault.store import read_header

    header = read_header(path)
    slot = header.slot(SLOT_PASSPHRASE)
    kek = keys.derive_passphrase_key(PASSPHRASE, slot.salt, header.kdf)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PEAK_PROBE, str(path), kek.hex()], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


SEARCH_EQUIVALENT = """
import os, sys
from pathlib import Path
from journal_app.journal.journal import Journal
journal = Journal.open(Path(sys.argv[1]), os.environ["JOURNAL_PASSPHRASE"], lock=False)
hits = journal.search("courtesy car", limit=20)
print(len(hits))
journal.close()
"""


def measure_process(path: Path, runs: int = 7) -> tuple[str, list[float]]:
    """Whole-process time of a headless search: the real command if present, else its core."""
    env = dict(os.environ, JOURNAL_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(ROOT))
    probe = subprocess.run([sys.executable, "-m", "journal_app", "search", "--help"], env=env, cwd=ROOT,
                           capture_output=True, text=True)
    if probe.returncode == 0:
        name, command = "journal-app search", ["-m", "journal_app", "search", str(path), "courtesy car"]
    else:
        name, command = "python -c <open + search>", ["-c", SEARCH_EQUIVALENT, str(path)]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *command], env=env, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return name, times


def ms(values: list[float]) -> str:
    values = sorted(values)
    return (f"median {statistics.median(values) * 1000:7.1f} ms "
            f"(min {values[0] * 1000:.1f}, max {values[-1] * 1000:.1f}, n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="journal sizes in MB")
    parser.add_argument("--saves", type=int, default=11, help="small-edit saves per size")
    parser.add_argument("--unlocks", type=int, default=5)
    parser.add_argument("--process-interactions", type=int, default=10_000,
                        help="interactions in the journal used for the whole-process search timing (0: skip)")
    args = parser.parse_args()
    os.environ.pop("JOURNAL_APP_FAST_KDF", None)
    kdf = keys.DEFAULT_KDF
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs{load}, KDF Argon2id "
          f"m={kdf.memory_kib // 1024} MiB t={kdf.iterations} p={kdf.lanes}")
    wall, cpu = measure_kdf(9)
    print(f"KDF alone:            {ms(wall)}")
    print(f"KDF CPU time:         {ms(cpu)} (all threads)")
    print(f"KDF working memory:   {kdf.memory_kib // 1024} MiB, freed as soon as the key is derived")
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as folder:
        os.environ["JOURNAL_APP_HOME"] = str(Path(folder) / "home")
        for size in args.sizes:
            started = time.perf_counter()
            image, interactions = build_image(int(size * MB))
            built = time.perf_counter() - started
            path = Path(folder) / f"bench-{size:g}mb.pjournal"
            journal = Journal.create(path, PASSPHRASE)[0]
            journal.db.deserialize(image)
            journal.save()
            journal.close()
            print(f"\n== {size:g} MB journal: database {len(image) / MB:.1f} MB, file "
                  f"{path.stat().st_size / MB:.1f} MB, {interactions:,} interactions "
                  f"(built in {built:.0f} s)")
            totals, kdf_parts = measure_unlock(path, args.unlocks)
            rest = [t - k for t, k in zip(totals, kdf_parts, strict=True)]
            print(f"unlock (Journal.open): {ms(totals)}")
            print(f"  of which KDF:        {ms(kdf_parts)}")
            print(f"  unlock minus KDF:    {ms(rest)}")
            saves = measure_saves(path, args.saves)
            print(f"first save (+backup): {saves['first'][0] * 1000:7.1f} ms")
            print(f"small edit saved:     {ms(saves['total'])}")
            print(f"  snapshot:           {ms(saves['snapshot'])}")
            print(f"  seal + durable write: {ms(saves['seal_write'])}")
            peak = measure_peak(path)
            extra = (peak["peak_kib"] - peak["base_kib"]) / 1024
            print(f"peak memory over baseline (open+edit+save): {extra:.1f} MB = "
                  f"{extra * MB / len(image):.2f}x the database (baseline {peak['base_kib'] / 1024:.0f} MB)")
        if args.process_interactions:
            image, interactions = build_image(interactions_wanted=args.process_interactions)
            path = Path(folder) / "bench-search.pjournal"
            journal = Journal.create(path, PASSPHRASE)[0]
            journal.db.deserialize(image)
            journal.save()
            journal.close()
            name, times = measure_process(path)
            print(f"\n== whole process on {interactions:,} interactions ({len(image) / MB:.1f} MB): {name}")
            print(f"total incl. start-up, imports, unlock: {ms(times)}")


if __name__ == "__main__":
    main()
