"""What stays in the process's memory after locking? Linux only; prints numbers, asserts nothing.

    .venv/bin/python bench/bench_lock_residue.py

Makes a journal of 300 customers whose names share a marker, unlocks it, then reads every
readable mapping of the process (``/proc/self/mem``) and counts the marker and the data
key, before and after locking. The app's own test (tests/unit/test_clear_on_lock.py) checks
the Python objects; this shows what freed memory still holds, which Python can't clear.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from journal_app.journal.journal import Journal  # noqa: E402
from journal_app.journal.records import Customer  # noqa: E402

MARKER = "Quillonby-Marchetti"
PASSPHRASE = "a long enough benchmark passphrase"


def scan(needles: list[bytes]) -> list[int]:
    """How many times each needle occurs in the process's readable memory (the needles'
    own copies included: one each)."""
    counts = [0] * len(needles)
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            match = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+)", line)
            if not match or "r" not in match.group(3) or "[vvar]" in line or "[vsyscall]" in line:
                continue
            start, end = int(match.group(1), 16), int(match.group(2), 16)
            try:
                mem.seek(start)
                data = mem.read(end - start)
            except (OSError, OverflowError, ValueError):
                continue
            for n, needle in enumerate(needles):
                counts[n] += data.count(needle)
    return counts


def main() -> int:
    if not Path("/proc/self/mem").exists():
        print("needs Linux (/proc/self/mem)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        os.environ["JOURNAL_APP_HOME"] = str(Path(folder) / "home")
        path = Path(folder) / "j.pjournal"
        journal, _key = Journal.create(path, PASSPHRASE)
        for n in range(300):
            journal.customers.add(Customer(name=f"Ada {MARKER} {n}", notes="met at the counter " * 10))
        journal.save()
        journal.close()
        journal = Journal.open(path, PASSPHRASE)
        needles = [MARKER.encode(), bytes(journal.vault._data_key)]
        unlocked = scan(needles)
        journal.close()
        del journal
        gc.collect()
        locked = scan(needles)
    print(f"marker (300 names): {unlocked[0] - 1} copies while unlocked, {locked[0] - 1} after locking")
    print(f"data key: {unlocked[1] - 1} copies while unlocked, {locked[1] - 1} after locking")
    return 0


if __name__ == "__main__":
    sys.exit(main())
