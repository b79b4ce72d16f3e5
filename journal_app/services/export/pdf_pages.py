"""Cutting one long laid-out QTextDocument into A4 pages, the way a typesetter would.

Qt's own pagination splits a table row line by line across two pages and can leave a
heading alone at the foot of a page. So each section of the pack is laid out once as a
single long column, and this module chooses where each page ends:

- never inside a table row (unless one row is taller than a whole page);
- never straight after a heading, or between a table's header row and its first row;
- always before a section heading (each section starts a page);
- otherwise as low as possible, between paragraphs, between lines of a paragraph, or
  between table rows, whose header row is then drawn again at the top of the next page.

Everything is measured in the document's own units (device pixels of the PDF writer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QTextBlock, QTextDocument, QTextTable


@dataclass
class Page:
    """A stretch [top, bottom) of the long document, and a table header to draw above it."""

    top: float
    bottom: float
    header: tuple[float, float] | None = None


@dataclass
class _Cut:
    y: float
    allowed: bool = True
    forced: bool = False  # a section starts here
    header: tuple[float, float] | None = None  # the header to repeat if the page ends here


@dataclass
class Plan:
    pages: list[Page]
    sections: list[tuple[str, int]] = field(default_factory=list)  # (title, 0-based page)


def paginate(document: QTextDocument, height: float) -> Plan:
    """Pages of at most ``height`` for the laid-out ``document`` and the page each section starts on."""
    from PySide6.QtGui import QTextTable

    layout = document.documentLayout()
    end = document.size().height()  # lays the whole document out
    cuts: list[_Cut] = []
    sections: list[tuple[str, float]] = []
    previous_bottom: float | None = None
    keep_next = False  # the last thing placed was a heading: no page may end after it
    first_top: float | None = None
    content_end = 0.0  # the foot of the last thing drawn (a table's border), not of the margin below it
    it = document.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        block = it.currentBlock()
        if frame is not None and isinstance(frame, QTextTable):
            rows = _rows(frame, layout, document)
            if rows:
                top, bottom = rows[0][0], rows[-1][1]
                first_top = _gap_top(rows, 0) if first_top is None else first_top
                if previous_bottom is not None:
                    cuts.append(_Cut((previous_bottom + top) / 2, allowed=not keep_next))
                headers = frame.format().headerRowCount()
                header = None
                if 0 < headers < len(rows):
                    header = (_gap_top(rows, 0), (rows[headers - 1][1] + rows[headers][0]) / 2)
                for r in range(1, len(rows)):
                    y = (rows[r - 1][1] + rows[r][0]) / 2
                    cuts.append(_Cut(y, allowed=r > headers, header=header if r > headers else None))
                previous_bottom, keep_next = bottom, False
                content_end = max(content_end, layout.frameBoundingRect(frame).bottom())
        elif block.isValid() and block.text().strip("\u2028 "):
            rect = layout.blockBoundingRect(block)
            level = block.blockFormat().headingLevel()
            first_top = rect.top() if first_top is None else first_top
            if previous_bottom is not None:
                middle = (previous_bottom + rect.top()) / 2
                if level == 2:
                    sections.append((block.text().replace("\u2028", " ").strip(), middle))
                cuts.append(_Cut(middle, allowed=not keep_next, forced=level == 2))
            elif level == 2:
                sections.append((block.text().replace("\u2028", " ").strip(), rect.top()))
            lines = block.layout()
            for n in range(lines.lineCount() - 1):
                line = lines.lineAt(n)
                cuts.append(_Cut(rect.top() + line.y() + line.height(), allowed=level == 0))
            previous_bottom = rect.bottom()
            content_end = max(content_end, previous_bottom)
            # A heading keeps with what follows; so does a one-line note straight under a heading.
            keep_next = level >= 3 or (keep_next and lines.lineCount() == 1 and level == 0
                                       and _small(block))
        it += 1
    pages = _pages(sorted(cuts, key=lambda c: c.y), height, content_end or end,
                   max((first_top or 0.0) - 2, 0.0))
    starts = [p.top for p in pages]
    placed = []
    for title, y in sections:
        page = max((i for i, top in enumerate(starts) if top <= y + 0.5), default=0)
        placed.append((title, page))
    return Plan(pages, placed)


def _small(block: QTextBlock) -> bool:
    fmt = block.charFormat()
    return 0 < fmt.fontPointSize() < 9


def _rows(table: QTextTable, layout: QAbstractTextDocumentLayout,
          document: QTextDocument) -> list[tuple[float, float]]:
    """(top, bottom) of the text in each row of a table.

    Every cell of a row starts at the same height (top-aligned, same padding), so the top
    is read from the row's first cell and only the bottoms from every cell."""
    out = []
    columns = table.columns()
    bounds, find, cell_at = layout.blockBoundingRect, document.findBlock, table.cellAt
    for r in range(table.rows()):
        top, bottom = float("inf"), float("-inf")
        for c in range(columns):
            cell = cell_at(r, c)
            if not cell.isValid():
                continue
            if top == float("inf"):
                top = bounds(find(cell.firstPosition())).top()
            bottom = max(bottom, bounds(find(cell.lastPosition())).bottom())
        if top <= bottom:
            out.append((top, bottom))
    return out


def _gap_top(rows: list[tuple[float, float]], index: int) -> float:
    """Where the border above row ``index`` is, judged by the gap below it."""
    if len(rows) > index + 1:
        gap = (rows[index + 1][0] - rows[index][1]) / 2
        return rows[index][0] - gap
    return rows[index][0]


def _pages(cuts: list[_Cut], height: float, end: float, start: float) -> list[Page]:
    pages: list[Page] = []
    top, header = start, None
    i = 0
    while top < end - 0.5:
        room = height - (header[1] - header[0] if header else 0.0)
        limit = top + room
        chosen: _Cut | None = None
        while i < len(cuts) and cuts[i].y <= top + 0.5:
            i += 1
        j = i
        while j < len(cuts) and cuts[j].y <= limit:
            cut = cuts[j]
            if cut.forced:
                chosen = cut
                break
            if cut.allowed:
                chosen = cut
            j += 1
        if limit >= end and (chosen is None or not chosen.forced):
            pages.append(Page(top, end, header))
            break
        if chosen is None:  # one thing taller than a page: cut it where the page ends
            chosen = _Cut(limit)
        pages.append(Page(top, chosen.y, header))
        top, header = chosen.y, chosen.header
    return pages or [Page(0.0, end)]


def draw(painter: QPainter, document: QTextDocument, page: Page, top_margin: float) -> None:
    """Draw one page's stretch of the document (and its repeated header) below the top margin."""
    from PySide6.QtCore import QRectF

    width = document.pageSize().width()
    offset = top_margin
    if page.header is not None:
        h0, h1 = page.header
        _region(painter, document, h0, h1, offset, width, QRectF)
        offset += h1 - h0
    _region(painter, document, page.top, page.bottom, offset, width, QRectF)


def _region(painter: QPainter, document: QTextDocument, top: float, bottom: float, at: float,
            width: float, rect_type: type) -> None:
    painter.save()
    painter.translate(0, at - top)
    document.drawContents(painter, rect_type(0, top, width, bottom - top))
    painter.restore()
