"""Check that the built app draws a long PDF pack in two processes (CI, after ``make package``).

A pack of many interactions is drawn partly by a second process, which the built app starts
by running itself again. If that start were not wired into the built program (the launcher's
``multiprocessing.freeze_support()``), the export would still succeed, drawn in one process,
but the second start would print an error: so this checks that the export says nothing on
stderr, that the PDF reads back whole, and that it was joined from two files.

    .venv/bin/python packaging/long_pack_check.py dist/PlacementJournal/journal-app
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

INTERACTIONS = 200
PASSPHRASE = "long pack check passphrase, not a secret"


def main() -> int:
    program = Path(sys.argv[1]).resolve()
    import bench_export

    from journal_app.journal.journal import Journal, builtin_framework
    from journal_app.services.exchange.interchange import export_document

    journal = Journal.new_database(lambda: bench_export.NOW)
    journal.add_framework(builtin_framework(), builtin=True)
    bench_export.build(journal, INTERACTIONS)
    document = export_document(journal, now=bench_export.NOW)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "placement.json").write_text(json.dumps(document), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNAL_APP_", "PYTHON", "VIRTUAL_ENV"))}
        env |= {"JOURNAL_PASSPHRASE": PASSPHRASE, "JOURNAL_APP_HOME": str(work / "home")}
        journal_file = work / "long.pjournal"
        pack = work / "pack.pdf"
        for args in (["init", str(journal_file)], ["import", str(journal_file), str(work / "placement.json")],
                     ["export", str(journal_file), "--format", "pdf", "--out", str(pack)]):
            done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=300)
            if done.returncode != 0 or (args[0] == "export" and done.stderr.strip()):
                print(f"journal-app {args[0]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}", file=sys.stderr)
                return 1
        data = pack.read_bytes()
        from pypdf import PdfReader

        pages = PdfReader(pack).pages
        footers = [re.search(r"Page\s+(\d+)\s+of\s+(\d+)", page.extract_text() or "") for page in (pages[0], pages[-1])]
        # Each process embeds its own copy of the fonts it uses: a joined pack has two of each.
        fonts = re.findall(rb"/FontName /[A-Z]{6}\+([\w-]+)", data)
        joined = any(fonts.count(name) > 1 for name in set(fonts))
        print(f"{INTERACTIONS} interactions: {len(pages)} pages, "
              f"{'drawn in two processes and joined' if joined else 'drawn in ONE process'}")
        if not all(footers) or footers[-1].group(1) != str(len(pages)) or not joined:  # type: ignore[union-attr]
            print("the long pack was not drawn in two processes and joined", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
