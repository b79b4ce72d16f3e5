"""``journal-app --self-test``: prove this installation can keep a journal safely.

Runs the whole round trip a learner depends on (create an encrypted journal,
write records, save, reopen, check, search, export) on a throwaway journal in a
temporary folder, printing one line per step. It never touches the learner's own
journals or settings and never imports Qt, so it works on a machine with no
display (a build server, a locked-down PC over remote shell).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import __version__, paths

PASSPHRASE = "self-test passphrase, not a secret"
MARKER_WORD = "selftestmarker"  # a word nothing else in the test journal contains


class StepFailed(Exception):
    """A check found something wrong; the message says what, in plain words."""


@dataclass
class Run:
    """What the steps share: the throwaway journal's folder and what was written."""

    folder: Path
    path: Path = field(init=False)
    written: dict[str, int] = field(default_factory=dict)
    interaction_id: str = ""
    result_text: str = ""

    def __post_init__(self) -> None:
        self.path = self.folder / f"self-test{paths.JOURNAL_SUFFIX}"


def self_test(out: TextIO | None = None) -> int:
    """Run every check; 0 if all passed, 1 if any failed (the failing step says why)."""
    # A windowed build on Windows has no console (sys.stdout is None): the exit code still tells.
    out = out or sys.stdout or io.StringIO()
    started = time.perf_counter()
    print(f"Placement Journal {__version__} self-test ({_describe_runtime()})", file=out)
    try:
        folder = Path(tempfile.mkdtemp(prefix="pj-selftest-"))
    except OSError as error:
        print(f"  FAIL {'temporary folder':<16} can't create one: {error.strerror or error}", file=out)
        print("Self-test FAILED. Free some disk space or check the TEMP folder, then try again.", file=out)
        return 1
    run = Run(folder)
    passed = True
    try:
        with _isolated_environment(folder / "home"):
            for label, step in STEPS:
                if not _run_step(label, step, run, out):
                    passed = False
                    break
    finally:
        passed = _run_step("clean up", lambda _run: _remove(folder), run, out) and passed
    seconds = time.perf_counter() - started
    if passed:
        print(f"Self-test passed in {seconds:.1f} s.", file=out)
        return 0
    print("Self-test FAILED. Reinstall the app, or send this output to whoever set it up.", file=out)
    return 1


def _run_step(label: str, step: Callable[[Run], str], run: Run, out: TextIO) -> bool:
    try:
        detail = step(run)
    except Exception as error:  # any failure is a result to report, not a crash
        reason = str(error) or type(error).__name__
        if not isinstance(error, StepFailed):
            reason = f"{type(error).__name__}: {reason}"
        print(f"  FAIL {label:<16} {reason}", file=out)
        return False
    print(f"  ok   {label:<16} {detail}".rstrip(), file=out)
    out.flush()
    return True


def _describe_runtime() -> str:
    build = "installed build" if getattr(sys, "frozen", False) else "from source"
    folders = "portable folders" if paths.is_portable() else "per-user folders"
    return f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, {build}, {folders}"


@contextlib.contextmanager
def _isolated_environment(home: Path) -> Iterator[None]:
    """Point app state at the temp folder and use the quick (still minimum-safe) key settings."""
    names = ("JOURNAL_APP_HOME", "JOURNAL_APP_FAST_KDF", "JOURNAL_APP_TEST_SUITE")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["JOURNAL_APP_HOME"] = str(home)
    os.environ["JOURNAL_APP_FAST_KDF"] = "1"
    os.environ["JOURNAL_APP_TEST_SUITE"] = "1"  # a throwaway journal, deleted at the end
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _remove(folder: Path) -> str:
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        raise StepFailed("could not delete the temporary test journal")
    return "test journal deleted"


# --- the steps, in order ------------------------------------------------------------------
def check_bundled_files(run: Run) -> str:
    from .journal.journal import builtin_framework

    resources = paths.resources_dir()
    needed = ("frameworks/crm-unit.json", "icons/app.svg")
    missing = [name for name in needed if not (resources / name).is_file()]
    if missing:
        raise StepFailed(f"files missing from the app: {', '.join(missing)}")
    framework = builtin_framework()
    found = [framework.title]
    if getattr(sys, "frozen", False):
        found.append(_check_desktop_files())
    return ", ".join(found)


def _check_desktop_files() -> str:
    """In a built app, the desktop window needs Qt's platform plugin beside the program."""
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    plugins = [p for p in base.glob("PySide6/**/platforms/*") if p.is_file()]
    if not plugins:
        raise StepFailed("the desktop window's display plugin is missing from this build")
    return f"{len(plugins)} display plugin(s)"


def create_journal(run: Run) -> str:
    from .journal.journal import Journal
    from .journal.records import Learner

    learner = Learner(name="Self Test", programme="Installation check", placement="Nowhere")
    journal, recovery_key = Journal.create(run.path, PASSPHRASE, learner=learner)
    journal.close()
    if not run.path.is_file() or not recovery_key:
        raise StepFailed("the journal file was not created")
    return f"encrypted file of {run.path.stat().st_size:,} bytes"


def write_records(run: Run) -> str:
    from .journal.journal import Journal
    from .journal.records import Customer, Feedback, Hours, Interaction, Promise, Star

    journal = Journal.open(run.path, PASSPHRASE)
    try:
        now = journal.timestamp()
        today = journal.now().date().isoformat()
        criterion = journal.criteria()[0][0]
        customer = journal.customers.add(Customer(name="Test Customer", segment="key"))
        run.result_text = f"The customer left happy ({MARKER_WORD})."
        interaction = journal.interactions.add(
            Interaction(
                customer=customer.id, at=now, channel="phone", kind="enquiry",
                summary="Asked about opening times",
                star=Star(
                    situation="A call", task="Answer", action="Checked the rota", result=run.result_text
                ),
                criteria=[criterion],
            )
        )
        run.interaction_id = interaction.id
        journal.promises.add(
            Promise(customer=customer.id, interaction=interaction.id, text="Ring back", due=today)
        )
        journal.feedback.add(Feedback(customer=customer.id, interaction=interaction.id, at=now, csat=5))
        journal.hours.add(Hours(date=today, minutes=90, activity="Shadowing", off_the_job=True))
        stats = journal.save()
    finally:
        journal.close()
    run.written = {"customers": 1, "interactions": 1, "promises": 1, "feedback": 1, "hours": 1}
    return f"{sum(run.written.values())} records, save #{stats.generation} ({stats.bytes_written:,} bytes)"


def reopen_journal(run: Run) -> str:
    from .errors import WrongPassphrase
    from .journal.journal import Journal

    try:
        Journal.open(run.path, PASSPHRASE + " wrong", lock=False).close()
    except WrongPassphrase:
        pass
    else:
        raise StepFailed("a wrong passphrase opened the journal")
    journal = Journal.open(run.path, PASSPHRASE, lock=False)
    try:
        counts = {name: _repository(journal, name).count() for name in run.written}
        if counts != run.written:
            raise StepFailed(f"records read back {counts} do not match those written {run.written}")
        if journal.interactions.get(run.interaction_id).star.result != run.result_text:
            raise StepFailed("a record's text changed between saving and reopening")
        hits = journal.search(MARKER_WORD)
        if [hit.record_id for hit in hits] != [run.interaction_id]:
            raise StepFailed("search did not find the record it should")
    finally:
        journal.close()
    return "wrong passphrase refused, records and search match"


def verify_file(run: Run) -> str:
    from .services.verify import verify_journal

    report = verify_journal(run.path, PASSPHRASE)
    if not report.ok:
        raise StepFailed("; ".join(report.problems))
    return f"integrity ok, save #{report.generation}, schema {report.schema_version}"


def export_journal(run: Run) -> str:
    from .journal.journal import Journal

    journal = Journal.open(run.path, PASSPHRASE, lock=False)
    try:
        document, how = _export_document(journal)
    finally:
        journal.close()
    text = json.dumps(document, ensure_ascii=False)
    for name, count in run.written.items():
        if len(document.get(name, [])) != count:
            raise StepFailed(f"the export holds {len(document.get(name, []))} {name}, expected {count}")
    reimported = _reimport(document, run) if how.startswith("interchange") else False
    return f"{how}, {len(text.encode('utf-8')):,} bytes of JSON" + (", imported back" if reimported else "")


def _reimport(document: dict[str, Any], run: Run) -> bool:
    """Import the export into an empty journal (in memory): the learner's way out and back in."""
    try:
        from .services.exchange.importer import import_document
    except ImportError as error:
        if error.name != f"{__package__}.services.exchange.importer":
            raise
        return False
    from .journal.journal import Journal

    fresh = Journal.new_database()
    try:
        import_document(fresh, document)
        counts = {name: _repository(fresh, name).count() for name in run.written}
    finally:
        fresh.db.close()
    if counts != run.written:
        raise StepFailed(f"importing the export gave {counts}, expected {run.written}")
    return True


def _export_document(journal: Any) -> tuple[dict[str, Any], str]:
    """The interchange export when this build has it, else the records straight from the journal."""
    try:
        from .services.exchange.interchange import export_document
    except ImportError as error:
        if error.name != f"{__package__}.services.exchange.interchange":
            raise  # the module is there but broken: that is a failure, not a missing feature
        from .journal.records import COLLECTIONS

        records = {key: [r.to_dict() for r in _repository(journal, key).all()] for key in COLLECTIONS}
        return records, "records read back"
    options = inspect.signature(export_document).parameters
    kwargs = {"now": journal.now()} if "now" in options else {}
    document = export_document(journal, **kwargs)
    if not isinstance(document, dict):
        document = json.loads(document)
    if document.get("format") != "placement-journal":
        raise StepFailed("the export is not in the journal's interchange format")
    return document, f"interchange format v{document.get('version')}"


def _repository(journal: Any, collection: str) -> Any:
    """The repository behind an interchange list key ("customers" -> journal.customers)."""
    from .journal.records import COLLECTIONS

    return journal.repository(COLLECTIONS[collection].TYPE)


STEPS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("bundled files", check_bundled_files),
    ("create journal", create_journal),
    ("write and save", write_records),
    ("reopen and read", reopen_journal),
    ("verify file", verify_file),
    ("export", export_journal),
)
