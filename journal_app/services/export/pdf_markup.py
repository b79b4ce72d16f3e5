"""The PDF pack's markup: the blocks as the subset of HTML that Qt's text engine reads.

QTextDocument understands a subset of HTML, so this module writes its own simpler
markup from the blocks (tables with cell padding, paragraphs with bold labels)
rather than reusing the browser HTML. Charts are referred to by name and go in as
image resources (``pdf_draw``).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .blocks import Block, Cell, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import ACCENT, STATUS_TEXT, TINTS
from .layout import breakable, chars_that_fit, header_widths

# The text sits inside 2 cm margins drawn by hand (the writer has none), so a chart 620 px
# (at 96 dpi) fills the 170 mm text width.
CHART_WIDTH = 620
ROWS_PER_TABLE = 40


def _t(text: str, longest: int = 60) -> str:
    return escape(breakable(text, longest)).replace("\n", "<br>")


def markup(blocks: Iterable[Block]) -> tuple[str, list[tuple[str, Chart]]]:
    """Qt rich-text markup for the blocks, and the charts it refers to by name."""
    parts, images = markup_parts(blocks)
    return "\n".join(parts), images


def markup_parts(blocks: Iterable[Block],
                 charts_named: str = "chart-") -> tuple[list[str], list[tuple[str, Chart]]]:
    """Qt rich-text markup for the blocks, one part per section (the cover first, if any),
    and the charts they refer to by name (``charts_named`` and a number).

    Qt's text engine has no "keep with next", but it never splits a table row that fits on
    a page: so a heading (with its muted line) and the start of what follows it, the first
    paragraph or field, a row of numbers or a chart, share one borderless table row and a
    heading can't be left alone at the foot of a page."""
    parts: list[str] = []
    out: list[str] = []
    images: list[tuple[str, Chart]] = []
    held: list[str] = []  # a heading waiting for the block it belongs with

    def together(*after: str) -> None:
        out.append(KEEP_TOGETHER.format("".join((*held, *after))))
        held.clear()

    for block in blocks:
        if held and not isinstance(block, Paragraph | Fields | Metrics | Chart):
            out.extend(held)  # a heading followed by a heading, a table or a new section
            held.clear()
        if isinstance(block, Title):
            out.append(f'<h1 style="color:{ACCENT}; font-size:26pt; margin-top:60px">{_t(block.text)}</h1>')
            out.append(f'<p style="font-size:15pt; color:#44546a; margin-bottom:24px">'
                       f"{_t(block.subtitle)}</p>")
        elif isinstance(block, Section):
            if out:
                parts.append("\n".join(out))
                out.clear()
            out.append(f'<h2 style="color:{ACCENT}; font-size:17pt">{_t(block.title)}</h2>')
            out.append(f'<hr style="color:{ACCENT}">')
            if block.intro:
                out.append(f'<p style="color:#5b6575">{_t(block.intro)}</p>')
        elif isinstance(block, Heading):
            held.append(f'<h3 style="color:{ACCENT}; font-size:12pt; margin-top:14px; margin-bottom:0px">'
                        f"{_t(block.text)}</h3>")
            if block.meta:
                held.append(f'<p style="color:#5b6575; font-size:8.5pt; margin-top:0px">{_t(block.meta)}</p>')
        elif isinstance(block, Paragraph):
            if held:
                together(_paragraph(block))
            else:
                out.append(_paragraph(block))
        elif isinstance(block, Fields):
            rows = [f'<p style="margin-top:1px; margin-bottom:3px"><b>{_t(label)}:</b> {_t(value)}</p>'
                    for label, value in block.rows if value.strip()]
            if held and rows:
                together(rows.pop(0))
            out.extend(rows)
        elif isinstance(block, Metrics):
            if held:
                together(_metrics(block))
            else:
                out.append(_metrics(block))
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            name = f"{charts_named}{len(images)}.png"
            images.append((name, block))
            image = (f'<p style="margin-top:8px" align="center">'
                     f'<img src="{name}" width="{CHART_WIDTH}"></p>')
            if held:
                together(image)
            else:
                out.append(image)
    out.extend(held)
    if out or not parts:
        parts.append("\n".join(out))
    return parts, images


KEEP_TOGETHER = ('<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-top:12px">'
                 '<tr><td>{}</td></tr></table>')


def _paragraph(block: Paragraph) -> str:
    if block.style == "empty":
        return f'<p style="color:#5b6575; font-style:italic; background-color:#f3f5f8">{_t(block.text)}</p>'
    if block.style == "note":
        return f'<p style="background-color:#eef4fb; margin-top:10px">{_t(block.text)}</p>'
    if block.style == "muted":
        return f'<p style="color:#5b6575">{_t(block.text)}</p>'
    return f"<p>{_t(block.text)}</p>"


def _metrics(block: Metrics) -> str:
    cells = "".join(
        f'<td style="border: 1px solid #c9d3e0; padding: 5px">'
        f'<span style="font-size:15pt; font-weight:bold; color:{ACCENT}">{_t(m.value)}</span><br>'
        f'<span style="font-size:8.5pt">{_t(m.label)}</span>'
        + (f'<br><span style="font-size:7.5pt; color:#5b6575">{_t(m.note)}</span>' if m.note else "")
        + "</td>"
        for m in block.items
    )
    return (f'<table cellspacing="4" cellpadding="4" style="margin-top:6px; margin-bottom:6px">'
            f"<tr>{cells}</tr></table>")


def _table(table: Table) -> str:
    # Qt lays out one long table in time that grows faster than its rows, so a table of
    # thousands of rows is printed as consecutive tables of ROWS_PER_TABLE rows, each with
    # its header (which also puts column names back in view every page or so).
    size = "7.5pt" if table.small else "8.5pt"
    widths = header_widths(table.columns, table.widths)
    fits = [chars_that_fit(w, table.small) for w in widths]
    head = "".join(
        f'<th width="{w:.1f}%" style="background-color:{ACCENT}; color:#ffffff; text-align:left">'
        f"{_t(c, 200)}</th>"
        for c, w in zip(table.columns, widths, strict=False)
    )
    caption = f'<p style="color:#5b6575">{_t(table.caption)}</p>' if table.caption else ""
    chunks = [table.rows[i : i + ROWS_PER_TABLE] for i in range(0, len(table.rows), ROWS_PER_TABLE)] or [[]]
    parts = [caption]
    for n, chunk in enumerate(chunks):
        rows = "".join("<tr>" + "".join(_cell(c, f) for c, f in zip(row, fits, strict=False)) + "</tr>"
                       for row in chunk)
        bottom = 10 if n == len(chunks) - 1 else 0
        parts.append(
            # Solid borders without border-collapse: collapsing makes Qt's layout several times slower.
            f'<table width="100%" border="0.5" cellspacing="0" cellpadding="4" '
            f'style="border-style:solid; border-color:#c9d3e0; font-size:{size}; '
            f'margin-top:{4 if n == 0 else 0}px; margin-bottom:{bottom}px">'
            f"<thead><tr>{head}</tr></thead>{rows}</table>"
        )
    return "".join(parts)


def _cell(cell: Cell, fits: int = 60) -> str:
    if cell.status is None:
        return f"<td>{_t(cell.text, fits)}</td>"
    return (f'<td style="background-color:{TINTS[cell.status]}; color:{STATUS_TEXT[cell.status]}; '
            f'font-weight:bold">{_t(cell.text, fits)}</td>')


def contents(sections: list[tuple[str, int]], shift: int) -> str:
    """The contents page: each (section, 0-based page without the contents), numbered from 1
    and moved on by ``shift`` pages (the cover's and the contents' own)."""
    lines = "".join(
        f'<tr><td style="padding:5px 0px">{_t(name)}</td>'
        f'<td align="right" style="padding:5px 0px">{page + shift + 1}</td></tr>'
        for name, page in sections
    )
    return (f'<h2 style="color:{ACCENT}; font-size:17pt">Contents</h2><hr style="color:{ACCENT}">'
            f'<table width="100%" cellspacing="0" style="font-size:11pt">{lines}</table>')
