"""The assessor's evidence pack: one entry point for the CLI and the GUI export dialog.

``export_pack(journal, fmt, out_path, ...)`` writes a PDF, Word, HTML or CSV pack
and returns the path written. Customers are pseudonymised and personal data is
redacted from all free text unless ``real_names=True``. The file appears whole or
not at all (temp file + rename); the journal is only read. Recording the export in
the audit trail is the caller's job.

- ``pdf``  – Qt's text engine and PDF writer (QtGui only, no browser), A4 with page numbers;
- ``docx`` – python-docx;
- ``html`` – one self-contained file (inline CSS and SVG charts) that prints well;
- ``csv``  – tables: ``.zip`` of several CSVs, or ``.csv`` plus sibling files, or a
  folder (see ``csv_tables``).

``bundle=True`` (PDF, Word or HTML) writes a zip instead: the pack, every file attached to
the evidence in it, and a manifest of SHA-256 hashes (see ``bundle``).

``progress(done, total)`` is called as the pack is built; ``cancelled()`` is polled
and, when it returns True, the export stops with ``ExportCancelled`` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ...errors import ExportCancelled, ExportFailed, InvalidInput, SaveFailed

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.records import Interaction
    from .blocks import Block
    from .docinfo import DocumentInfo
    from .gather import PackData


class _Renderer(Protocol):
    """A rendering module: ``pdf``, ``docx`` or ``html``."""

    def render(self, blocks: list[Block], title: str, info: DocumentInfo | None = None) -> bytes | str: ...

FORMATS = ("pdf", "docx", "html", "csv")
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}
STEPS = 19  # gather, cover, 14 sections, render, write, done


def export_pack(
    journal: Journal,
    fmt: str,
    out_path: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    criteria: list[str] | None = None,
    real_names: bool = False,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    bundle: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write the evidence pack for the period ``start``–``end`` (inclusive) and return its path."""
    from .gather import check_criteria, check_period, gather

    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            f'"{fmt}" is not a format the evidence pack comes in. Choose pdf, docx, html or csv.'
        )
    check_period(start, end)
    criteria = check_criteria(journal, criteria)
    out_path = Path(out_path)
    now = now or journal.now()
    if fmt != "csv" and out_path.is_dir():
        example = default_name(fmt, now.date())
        raise InvalidInput(f"{out_path} is a folder. Give a file name, such as {example}.")
    if not out_path.parent.is_dir():
        raise InvalidInput(f"The folder {out_path.parent} doesn't exist. Choose a folder that does.")
    if bundle:
        check_bundle_request(fmt, out_path)
    step = _Steps(progress, cancelled)
    step()
    data = gather(journal, start=start, end=end, criteria=criteria, real_names=real_names, now=now)
    if fmt == "csv":
        from . import csv_tables

        step.jump(STEPS - 2)
        written = _writing(out_path, lambda: csv_tables.write(data, out_path, _writer(step)))
        step.finish()
        return written
    title = f"Evidence log — {data.learner.name}" if data.learner.name else "Evidence log"
    info = document_info(data, title)
    rendered: bytes | str
    if fmt == "pdf":
        rendered = _pdf(data, info, step)
    else:
        renderer: _Renderer
        if fmt == "docx":
            from . import docx as renderer
        else:
            from . import html as renderer
        rendered = renderer.render(build_blocks(data, step), title, info)
    payload = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    step()
    if bundle:
        from . import bundle as bundles

        name = default_name(fmt, now.date())
        _writing(out_path, lambda: bundles.write(
            journal, data, out_path, name, payload, write_file=_stream_writer(step), check=step.check,
            warn=warn))
    else:
        _writing(out_path, lambda: _writer(step)(out_path, payload))
    step.finish()
    return out_path


def _pdf(data: PackData, info: DocumentInfo, step: _Steps) -> bytes:
    """The PDF pack; a long one is shared with a second process (``pdf_share``), started
    before the pack is written so that it is ready as soon as the first pieces are."""
    from . import pdf, pdf_share

    if len(data.interactions) < pdf_share.PARALLEL_FROM:
        return pdf.render_pieces(build_pieces(data, step), info)
    helper = pdf_share.Helper.start()
    try:
        early = None
        if helper is not None:
            def early(pieces: list[tuple[int, list[Block]]]) -> None:
                pdf.hand_over(helper, pieces, info)
        return pdf.render_pieces(build_pieces(data, step, early), info, helper)
    finally:
        if helper is not None:
            helper.close()


BUNDLE_FORMATS = ("pdf", "docx", "html")


def check_bundle_request(fmt: str, out_path: Path) -> None:
    """A bundle is a zip of a PDF, Word or HTML pack (the CSV pack is a zip already)."""
    if fmt not in BUNDLE_FORMATS:
        raise InvalidInput("A bundle holds a PDF, Word or HTML pack. The CSV pack is a zip already, "
                           "with its own manifest: export it without --bundle.")
    if Path(out_path).suffix.lower() != ".zip":
        raise InvalidInput(f"A bundle is a zip file: give a name ending in .zip, such as "
                           f"evidence-bundle-{date.today().isoformat()}.zip.")


def document_info(data: PackData, title: str) -> DocumentInfo:
    """Title, author, pack ID and export time, as every format records them."""
    from .docinfo import DocumentInfo

    return DocumentInfo(title=title, author=data.learner.name or "", pack_id=getattr(data, "pack_id", ""),
                        created=data.generated)


def build_blocks(data: PackData, step: Callable[[], None] | None = None) -> list[Block]:
    """The whole pack as format-neutral blocks, section by section (``content.SECTIONS`` order)."""
    return [block for piece in build_pieces(data, step) for block in piece]


ACCOUNTS = 4  # the piece with the reflective accounts: the slowest to write


def build_pieces(data: PackData, step: Callable[[], None] | None = None,
                 early: Callable[[list[tuple[int, list[Block]]]], None] | None = None) -> list[list[Block]]:
    """The pack as pieces of blocks, one per section builder, in the pack's order.

    With ``early``, the reflective accounts are written last, and every other piece but the
    cover is handed to ``early`` before them (the PDF gives those to a second process to
    draw while this one writes the accounts). The order of writing changes nothing in the
    pack."""
    from . import (
        content,
        content_customers,
        content_marking,
        content_more,
        content_provenance,
        content_signoff,
    )

    step = step or (lambda: None)
    tick = getattr(step, "check", lambda: None)

    def accounts(data: PackData) -> list[Block]:
        def changes(interaction: Interaction) -> list[tuple[str, str]]:
            return content_provenance.provenance_rows(data, "interaction", interaction)

        return content.accounts(data, tick, changes)

    builders: list[Callable[[PackData], list[Block]]] = [
        content.cover, content.coverage_map, content_signoff.open_items, content_customers.customer_register,
        accounts,
        content.promises_ledger, content_more.measures, content_more.plans,
        content_marking.marking, content_more.evidence_items, content_more.testimonies,
        content_more.hours, content_more.evidence_index,
        content_provenance.changed_since_last_pack, content_signoff.sign_off,
    ]
    order = list(range(len(builders)))
    if early is not None:
        order.append(order.pop(ACCOUNTS))
    pieces: list[list[Block]] = [[] for _ in builders]
    for index in order:
        if early is not None and index == ACCOUNTS:
            early([(n, piece) for n, piece in enumerate(pieces) if n not in (0, ACCOUNTS)])
        pieces[index] = builders[index](data)
        step()
    return pieces


class _Steps:
    """Reports progress and stops the export as soon as the learner cancels."""

    def __init__(self, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None):
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled()

    def __call__(self) -> None:
        self.check()
        self.done = min(self.done + 1, STEPS - 1)
        if self.progress is not None:
            self.progress(self.done, STEPS)

    def jump(self, done: int) -> None:
        self.done = done - 1
        self()

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(STEPS, STEPS)


def _writer(step: _Steps) -> Callable[[Path, bytes], None]:
    from ...vault.durable import write_atomic

    def write(path: Path, payload: bytes) -> None:
        step.check()  # the last moment a cancel can still leave nothing behind
        write_atomic(path, [payload])

    return write


def _stream_writer(step: _Steps) -> Callable[[Path, Iterable[bytes]], None]:
    from ...vault.durable import write_atomic

    def write(path: Path, chunks: Iterable[bytes]) -> None:
        step.check()
        write_atomic(path, chunks)

    return write


def _writing(out_path: Path, action: Callable[[], Path | None]) -> Path:
    try:
        action()
    except SaveFailed as error:
        from ...errors import ExportUnconfirmed
        from ...vault.durable import SaveFailedAfterReplace

        if isinstance(error, SaveFailedAfterReplace):  # the file is there: say so
            raise ExportUnconfirmed(out_path, error.reason) from None
        reason = str(error).split(": ", 1)[-1].split(". Your last saved copy")[0]
        raise ExportFailed(out_path, reason) from None
    except IsADirectoryError:
        raise ExportFailed(out_path, "that name is a folder") from None
    return out_path


def default_name(fmt: str, today: date) -> str:
    """A file name that says what it is and holds no personal data."""
    return f"evidence-log-{today.isoformat()}{SUFFIXES.get(fmt, '.zip')}"
