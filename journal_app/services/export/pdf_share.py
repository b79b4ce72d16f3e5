"""Drawing a long PDF pack in two processes at once.

Qt lays out and draws text while holding Python's lock, so threads can't share the work;
a second process can. The pack is already made of sections that each start a page, so
each process takes whole sections: it lays them out, tells how many pages each needs,
and, once the numbers of every page are known, draws its pages ("Page x of y" and all)
into a PDF of its own. ``pdf_join`` then puts the pages of both files in order.

The helper process is started as soon as the export knows the pack will be long, so that
its start-up overlaps the gathering of the pack. What it is given travels through a pipe
in memory, never through a file: the pack's text is personal data. If the helper can't
start, fails or goes quiet, the pack is drawn in one process as before; a slower export is
better than none.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from .blocks import Chart
    from .docinfo import DocumentInfo
    from .pdf_draw import Layout, PageKey, PartKey, Share

# A pack drawn from fewer interactions than this takes well under a second in one
# process: a second one would cost more to start than it saves.
PARALLEL_FROM = 150
# How long to wait for a helper that is still running but says nothing, before drawing its
# parts here instead (one that stops is noticed within a second).
PATIENCE_SECONDS = 1800.0


class HelperFailed(Exception):
    """The helper process didn't do its share; draw everything here."""


def weight(part: str) -> int:
    """About how much work a part is to lay out and draw, in characters of plain paragraphs.
    Measured on the 1,000-interaction pack: Qt takes about 0.84 µs a character, 0.39 ms a
    table row and 0.12 s a chart, so the evidence index (8 % of the markup, all table rows)
    is 20 % of the time."""
    return len(part) + 465 * part.count("<tr>") + 150_000 * part.count("<img")


def split(weights: dict[PartKey, int], away: dict[PartKey, int],
          contents_weight: int = 2000) -> list[PartKey]:
    """More parts to hand to the helper, which already has ``away``: each one that makes the
    busier of the two processes less busy (``weight``). The first part (the cover) and the
    contents stay here."""
    keys = sorted(weights)
    here = sum(weights.values()) + contents_weight
    there = sum(away.values())
    more: list[PartKey] = []
    for key in sorted(keys[1:], key=lambda k: -weights[k]):
        if there + weights[key] < here:
            more.append(key)
            here -= weights[key]
            there += weights[key]
    return sorted(more)


class Helper:
    """A second process, started early, that takes some parts of one pack.

    It lays out each part as soon as it is given one, so it can start while this process
    is still writing the rest of the pack."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.given: dict[PartKey, int] = {}  # the parts it has, and their weight
        self.sending: threading.Thread | None = None
        self.failure = ""

    @classmethod
    def start(cls) -> Helper | None:
        """A helper process on its way up, or None where there's no second processor to use."""
        import os

        usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
        if len(usable) < 2:
            return None
        try:
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), name="pdf-helper", daemon=True)
            process.start()
            theirs.close()
        except Exception:  # for any reason at all: the pack is drawn here instead
            return None
        return cls(process, ours)

    def take(self, parts: dict[PartKey, str], charts: dict[str, Chart], info: DocumentInfo) -> None:
        """Give the helper these parts to lay out (it starts at once)."""
        self.given |= {key: weight(part) for key, part in parts.items()}
        self._send(("lay out", parts, charts, info))

    def laid_out(self) -> Layout:
        """How the helper's parts fell into pages, once it has laid them all out."""
        self._send(("laid out?",))
        answer: Layout = self._answer()
        return answer

    def start_drawing(self, numbered: list[tuple[PageKey, int]], total: int) -> None:
        """Ask the helper to draw its pages (it works while this process draws its own)."""
        self._send(("draw", numbered, total))

    def drawn(self) -> bytes:
        """The helper's PDF, once it has drawn its pages."""
        answer: bytes = self._answer()
        return answer

    def close(self) -> None:
        """Stop the helper (it may be half-way through, if the export failed or was cancelled)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        if self.sending is not None:
            self.sending.join(timeout=5)  # a send the helper never read ends with the pipe
        self.connection.close()

    def _send(self, message: tuple[Any, ...]) -> None:
        """Send in the background: a long part written into the pipe waits until the helper
        reads it, which is when it has finished laying out the part before; this process
        lays out its own parts meanwhile."""
        self._finish_sending()
        self.sending = threading.Thread(target=self._send_now, args=(message,), daemon=True)
        self.sending.start()

    def _send_now(self, message: tuple[Any, ...]) -> None:
        try:
            self.connection.send(message)
        except (OSError, ValueError) as error:
            self.failure = str(error) or type(error).__name__

    def _finish_sending(self) -> None:
        if self.sending is not None:
            sending = self.sending

            def sent() -> bool:
                sending.join(timeout=1.0)
                return not sending.is_alive()

            self._wait(sent)
            self.sending = None
        if self.failure:
            raise HelperFailed(self.failure)

    def _answer(self) -> Any:
        self._finish_sending()
        try:
            self._wait(lambda: self.connection.poll(1.0))
            kind, value = self.connection.recv()
        except (EOFError, OSError, ValueError) as error:
            raise HelperFailed(str(error) or type(error).__name__) from None
        if kind != "ok":
            raise HelperFailed(str(value))
        return value

    def _wait(self, done: Callable[[], bool]) -> None:
        """Until ``done()`` (which waits a second at most), while the helper lives."""
        started = time.monotonic()
        while not done():
            if not self.process.is_alive():
                if done():  # its last words arrived as it ended
                    return
                raise HelperFailed("the helper process stopped")
            if time.monotonic() - started > PATIENCE_SECONDS:
                raise HelperFailed("the helper process gave no answer")


def _serve(connection: Connection) -> None:
    """The helper process: lay out what it is given, then draw the pages it is asked for."""
    from .pdf_draw import Share
    from .qt import ensure_app

    share: Share | None = None
    try:
        # Qt and the fonts are loaded while the parent is still gathering the pack.
        ensure_app()
        from PySide6.QtGui import QFontDatabase, QPdfWriter, QTextDocument  # noqa: F401

        QFontDatabase.families()

        while True:
            message = connection.recv()
            if message[0] == "lay out":
                _, parts, charts, info = message
                share = share or Share(info)
                share.lay_out(parts, charts)
            elif message[0] == "laid out?" and share is not None:
                connection.send(("ok", share.layout))
            elif message[0] == "draw" and share is not None:
                _, numbered, total = message
                connection.send(("ok", share.draw(numbered, total)))
                return
            else:
                return
    except EOFError:
        return
    except Exception as error:  # told to the parent, which then draws these parts itself
        with contextlib.suppress(OSError):
            connection.send(("failed", type(error).__name__))
