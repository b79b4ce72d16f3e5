"""The long PDF pack drawn in two processes (``pdf_share``), read back with pypdf: the same
pages, text, page numbers, contents and bookmarks as the pack drawn in one process; the same
pack when the second process can't start, dies or answers nonsense; nothing written and no
process left behind when the learner cancels; and the command line for a journal long enough
to take this path by itself."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journal_app.errors import ExportCancelled
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer, Interaction, Learner, Star
from journal_app.services.export import pdf, pdf_join, pdf_share
from journal_app.services.export.pack import ACCOUNTS, export_pack
from tests.conftest import FixedClock

from .export_pack_data import populate
from .pdf_reading import assert_numbered, open_pdf, outline, read

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
REFLECTION = ("I listened to the whole question before I answered, checked the booking on the system and "
              "repeated the details back so that nothing was missed. ")


def add_interactions(journal: Journal, n: int, long: bool = True) -> None:
    """``n`` more interactions, each with a STAR account (long enough to fill part of a page)."""
    if not journal.learner().name:
        journal.set_learner(Learner(name="Sam Learner", programme="Customer Service Practitioner L2",
                                    placement="Northside Motors", start="2026-09-01", end="2027-06-30",
                                    assessor="Jo Assessor", off_the_job_target_hours=278))
    customers = [journal.customers.add(Customer(name=f"Customer {i}", segment="maintain")) for i in range(5)]
    criteria = [ref for ref, _ in journal.criteria()]
    start = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
    text = REFLECTION if long else "I checked the booking. "
    with journal.transaction():
        for i in range(n):
            journal.interactions.add(Interaction(
                customer=customers[i % 5].id, at=(start + timedelta(hours=9 * i)).isoformat(),
                channel="phone", kind="enquiry", summary=f"ACCOUNT{i:03d} asked about a service booking",
                star=Star(situation=f"ACCOUNT{i:03d} " + text, task=text, action=text * 2, result=text),
                reflection=text, criteria=criteria[i % len(criteria): i % len(criteria) + 1],
            ))


@dataclass
class Reference:
    """The pack of ``journal`` drawn in one process (it is far below PARALLEL_FROM)."""

    journal: Journal
    texts: list[str]
    marks: list[tuple[str, int]]
    contents: list[bytes]  # each page's drawing instructions, decompressed


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    """One journal for the whole file (exporting only reads it), and its one-process pack."""
    from journal_app.journal.journal import builtin_framework

    journal = Journal.new_database(FixedClock(NOW))
    journal.add_framework(builtin_framework(), builtin=True)
    populate(journal)
    add_interactions(journal, 8)
    assert len(journal.interactions.all()) < pdf_share.PARALLEL_FROM
    folder = tmp_path_factory.mktemp("one-process")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOURNAL_APP_HOME", str(folder))
        data = export_pack(journal, "pdf", folder / "one.pdf", now=NOW).read_bytes()
    texts, marks = read(data)
    yield Reference(journal, texts, marks, contents(data))
    journal.db.close()


def contents(data: bytes | Path) -> list[bytes]:
    reader = open_pdf(data)
    streams = [page.get_contents() for page in reader.pages]
    return [stream.get_data() if stream is not None else b"" for stream in streams]


class Spies:
    """What the export did with the second process: the helpers started, the joins made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.helpers: list[pdf_share.Helper | None] = []
        self.alive_at_start: list[bool] = []
        self.joins: list[tuple[list[bytes], list[tuple[int, int]]]] = []
        self.drawn: list[bytes] = []
        start, join, drawn = pdf_share.Helper.start, pdf_join.join, pdf_share.Helper.drawn

        def spy_start() -> pdf_share.Helper | None:
            helper = start()
            self.helpers.append(helper)
            self.alive_at_start.append(helper is not None and helper.process.is_alive())
            return helper

        def spy_join(pdfs, order):
            self.joins.append((list(pdfs), list(order)))
            return join(pdfs, order)

        def spy_drawn(helper: pdf_share.Helper) -> bytes:
            data = drawn(helper)
            self.drawn.append(data)
            return data

        monkeypatch.setattr(pdf_share.Helper, "start", staticmethod(spy_start))
        monkeypatch.setattr(pdf_join, "join", spy_join)
        monkeypatch.setattr(pdf_share.Helper, "drawn", spy_drawn)


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> Spies:
    return Spies(monkeypatch)


# --- the same pack, drawn by two processes ------------------------------------------------------
def test_two_processes_draw_the_same_pack_as_one(reference: Reference, spies: Spies, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_share, "PARALLEL_FROM", 5)
    out = export_pack(reference.journal, "pdf", tmp_path / "two.pdf", now=NOW)

    # The helper really ran: it was alive, drew a PDF of its own, and its pages are in the pack.
    assert len(spies.helpers) == 1 and spies.alive_at_start == [True]
    assert len(spies.joins) == 1 and len(spies.drawn) == 1
    (_ours, theirs), order = spies.joins[0]
    assert theirs is spies.drawn[0] and theirs.startswith(b"%PDF-")
    their_pages = open_pdf(theirs).pages
    assert sorted(page for which, page in order if which == 1) == list(range(len(their_pages)))
    # The sections written before the accounts went over early; the ledger is one of them.
    assert any(" ".join(page.extract_text().split()).startswith("Promises ledger") for page in their_pages)
    assert order[0] == (0, 0)  # the cover is drawn here
    helper = spies.helpers[0]
    assert helper is not None and not helper.process.is_alive()

    pages, marks = read(out)
    assert len(pages) == len(reference.texts) == len(order)
    for number, (two, one) in enumerate(zip(pages, reference.texts, strict=True), start=1):
        assert two == one, f"page {number} differs"
    assert marks == reference.marks
    assert_numbered(pages, marks)
    # The pages of the two files are interleaved (the contents and later sections drawn here
    # fall between the helper's), not merely put end to end.
    assert sum(a[0] != b[0] for a, b in zip(order, order[1:], strict=False)) >= 3


# --- a helper that fails in any way gives the same pack -----------------------------------------
def _start_and_kill() -> pdf_share.Helper | None:
    helper = START()
    assert helper is not None
    helper.process.kill()
    helper.process.join(5)
    killed_codes.append(helper.process.exitcode)
    return helper


def _start_drawing_and_die(self: pdf_share.Helper, numbered, total: int) -> None:
    START_DRAWING(self, numbered, total)
    self.process.kill()
    self.process.join(5)
    killed_codes.append(self.process.exitcode)


def _drawn_fails(self: pdf_share.Helper) -> bytes:
    raise pdf_share.HelperFailed("the helper stopped")


START, START_DRAWING = pdf_share.Helper.start, pdf_share.Helper.start_drawing
killed_codes: list[int | None] = []  # the exit code of each helper killed on purpose
FAILURES = {
    "killed as soon as it starts": ("start", staticmethod(_start_and_kill)),
    "killed while drawing": ("start_drawing", _start_drawing_and_die),
    "drawn() raises HelperFailed": ("drawn", _drawn_fails),
    "answers with a file that isn't a PDF": ("drawn", lambda self: b"%PDF-1.4 and nothing else"),
    "cannot start (start returns None)": ("start", staticmethod(lambda: None)),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_helper_that_fails_still_gives_the_whole_identical_pack(
        reference: Reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    monkeypatch.setattr(pdf_share, "PARALLEL_FROM", 5)
    name, replacement = FAILURES[failure]
    monkeypatch.setattr(pdf_share.Helper, name, replacement)
    joined: list[object] = []
    join = pdf_join.join

    def spy_join(pdfs: list[bytes], order: list[tuple[int, int]]) -> bytes:
        joined.append(order)
        return join(pdfs, order)

    monkeypatch.setattr(pdf_join, "join", spy_join)
    killed_codes.clear()

    out = export_pack(reference.journal, "pdf", tmp_path / "pack.pdf", now=NOW)

    assert killed_codes == ([-9] if failure.startswith("killed") else [])  # the failure really happened

    # Drawn whole, here: every page drawn exactly as the one-process pack, same bookmarks.
    assert contents(out) == reference.contents
    assert outline(open_pdf(out)) == reference.marks
    if failure == "answers with a file that isn't a PDF":
        assert len(joined) == 1  # tried, refused by the join, then drawn here
    else:
        assert joined == []
    assert multiprocessing.active_children() == []


def _never_reads(connection: object) -> None:
    """A helper process that is alive and holds its end of the pipe, but reads nothing."""
    time.sleep(120)


def test_a_helper_that_stops_reading_is_given_up_after_the_patience(monkeypatch: pytest.MonkeyPatch) -> None:
    from journal_app.services.export.docinfo import DocumentInfo

    monkeypatch.setattr(pdf_share, "PATIENCE_SECONDS", 1.0)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_never_reads, args=(theirs,), daemon=True)
    process.start()
    theirs.close()
    helper = pdf_share.Helper(process, ours)
    outcome: list[str] = []

    def ask() -> None:
        try:
            helper.laid_out()
            outcome.append("answered")
        except pdf_share.HelperFailed:
            outcome.append("given up")

    asking = threading.Thread(target=ask, daemon=True)
    try:
        # The reflective accounts of a long pack: about 600 KB of markup, more than a pipe holds.
        helper.take({(ACCOUNTS, 0): "<p>" + REFLECTION * 4000 + "</p>"}, {}, DocumentInfo(title="T"))
        asking.start()
        asking.join(5 * pdf_share.PATIENCE_SECONDS)  # a bound, far above the patience
        assert outcome == ["given up"]
    finally:
        helper.close()  # ends the stuck send (broken pipe), so nothing is left running
        asking.join(5)
    assert not process.is_alive() and not asking.is_alive()


# --- cancelling -----------------------------------------------------------------------------------
@pytest.mark.parametrize("when", ["helper started", "sections handed over", "pages drawn and joined"])
def test_cancelling_writes_nothing_and_leaves_no_process(reference: Reference, spies: Spies, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setattr(pdf_share, "PARALLEL_FROM", 5)
    handed: list[int] = []
    hand_over = pdf.hand_over

    def spy_hand_over(helper, pieces, info) -> None:
        hand_over(helper, pieces, info)
        handed.extend(index for index, _blocks in pieces)

    monkeypatch.setattr(pdf, "hand_over", spy_hand_over)
    steps: list[int] = []

    def cancelled() -> bool:
        if when == "helper started":
            return bool(spies.helpers)
        if when == "sections handed over":
            return bool(handed)
        return bool(spies.joins)  # asked once more just before the file is written

    with pytest.raises(ExportCancelled):
        export_pack(reference.journal, "pdf", tmp_path / "pack.pdf", now=NOW, cancelled=cancelled,
                    progress=lambda done, total: steps.append(done))

    assert len(spies.helpers) == 1 and spies.alive_at_start == [True]
    # Every piece but the cover and the accounts goes over before the accounts are written.
    assert handed == ([] if when == "helper started" else [n for n in range(1, 15) if n != ACCOUNTS])
    assert (len(spies.joins) == 1) == (when == "pages drawn and joined")
    assert list(tmp_path.iterdir()) == []
    helper = spies.helpers[0]
    assert helper is not None and not helper.process.is_alive()
    assert multiprocessing.active_children() == []


# --- the command line, for a journal long enough to take the two-process path -----------------
def test_the_command_line_exports_a_long_journal_with_two_processes(journal_path: Path, tmp_path: Path,
                                                                    spies: Spies,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys) -> None:
    from journal_app.cli import run
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    journal, _key = Journal.create(journal_path, PASSPHRASE)
    add_interactions(journal, pdf_share.PARALLEL_FROM, long=False)
    journal.save()
    journal.close()
    out = tmp_path / "pack.pdf"

    code = run(["export", str(journal_path), "--format", "pdf", "--out", str(out)])

    said = capsys.readouterr()
    assert code == 0, said.err
    assert f"Exported to {out}" in said.out
    assert len(spies.helpers) == 1 and spies.alive_at_start == [True]
    assert len(spies.joins) == 1 and {which for which, _ in spies.joins[0][1]} == {0, 1}
    reader = open_pdf(out)
    marks = dict(outline(reader))
    assert marks["Cover"] == 0 and marks["Contents"] == 1 and len(marks) >= 10
    # The text, read by poppler (much quicker than pypdf on a long pack).
    pages = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    assert len(pages) == len(reader.pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text, number
    assert pages[0].lstrip().startswith("Evidence log")
    for title, page in marks.items():
        if title != "Cover":
            assert pages[page].lstrip().startswith(title), (title, page)
    every = " ".join(pages)
    assert all(f"ACCOUNT{i:03d}" in every for i in range(pdf_share.PARALLEL_FROM))
    assert multiprocessing.active_children() == []

    # The installed command, as its own process: the helper is started from it and the
    # helper's start does not run the command again.
    again = tmp_path / "again.pdf"
    command = [sys.executable, "-m", "journal_app", "export", str(journal_path), "--format", "pdf",
               "--out", str(again)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Exported to") == 1
    assert len(open_pdf(again).pages) == len(pages)
