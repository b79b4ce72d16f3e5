"""The evidence pack as PDF, laid out by Qt's own text engine (QTextDocument + QPdfWriter).

QTextDocument understands a subset of HTML, so this module writes its own simpler
markup from the blocks (tables with cell padding, paragraphs with bold labels)
rather than reusing the browser HTML. Charts go in as PNG resources.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from . import charts
from .blocks import Block, Cell, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import ACCENT, STATUS_TEXT, TINTS

# QTextDocument.print_ lays the text out inside its own 2 cm margins (and puts the page number
# there), so the writer gets none and a chart 620 px (at 96 dpi) fills the 170 mm text width.
CHART_WIDTH = 620
ROWS_PER_TABLE = 40


def _t(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def markup(blocks: Iterable[Block]) -> tuple[str, list[tuple[str, Chart]]]:
    """Qt rich-text markup for the blocks, and the charts it refers to by name."""
    out: list[str] = []
    images: list[tuple[str, Chart]] = []
    for block in blocks:
        if isinstance(block, Title):
            out.append(f'<h1 style="color:{ACCENT}; font-size:26pt; margin-top:60px">{_t(block.text)}</h1>')
            out.append(f'<p style="font-size:15pt; color:#44546a; margin-bottom:24px">'
                       f"{_t(block.subtitle)}</p>")
        elif isinstance(block, Section):
            out.append(f'<h2 style="page-break-before:always; color:{ACCENT}; font-size:17pt">'
                       f"{_t(block.title)}</h2>")
            out.append(f'<hr style="color:{ACCENT}">')
            if block.intro:
                out.append(f'<p style="color:#5b6575">{_t(block.intro)}</p>')
        elif isinstance(block, Heading):
            out.append(f'<h3 style="color:{ACCENT}; font-size:12pt; margin-top:14px; margin-bottom:0px">'
                       f"{_t(block.text)}</h3>")
            if block.meta:
                out.append(f'<p style="color:#5b6575; font-size:8.5pt; margin-top:0px">{_t(block.meta)}</p>')
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, Fields):
            out.extend(
                f'<p style="margin-top:1px; margin-bottom:3px"><b>{_t(label)}:</b> {_t(value)}</p>'
                for label, value in block.rows if value.strip()
            )
        elif isinstance(block, Metrics):
            out.append(_metrics(block))
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            name = f"chart-{len(images)}.png"
            images.append((name, block))
            out.append(f'<p style="margin-top:8px" align="center">'
                       f'<img src="{name}" width="{CHART_WIDTH}"></p>')
    return "\n".join(out), images


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
    widths = table.widths or [int(100 / len(table.columns))] * len(table.columns)
    head = "".join(
        f'<th width="{w}%" style="background-color:{ACCENT}; color:#ffffff; text-align:left">{_t(c)}</th>'
        for c, w in zip(table.columns, widths, strict=False)
    )
    caption = f'<p style="color:#5b6575">{_t(table.caption)}</p>' if table.caption else ""
    chunks = [table.rows[i : i + ROWS_PER_TABLE] for i in range(0, len(table.rows), ROWS_PER_TABLE)] or [[]]
    parts = [caption]
    for n, chunk in enumerate(chunks):
        rows = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in chunk)
        bottom = 10 if n == len(chunks) - 1 else 0
        parts.append(
            # Solid borders without border-collapse: collapsing makes Qt's layout several times slower.
            f'<table width="100%" border="0.5" cellspacing="0" cellpadding="4" '
            f'style="border-style:solid; border-color:#c9d3e0; font-size:{size}; '
            f'margin-top:{4 if n == 0 else 0}px; margin-bottom:{bottom}px">'
            f"<thead><tr>{head}</tr></thead>{rows}</table>"
        )
    return "".join(parts)


def _cell(cell: Cell) -> str:
    if cell.status is None:
        return f"<td>{_t(cell.text)}</td>"
    return (f'<td style="background-color:{TINTS[cell.status]}; color:{STATUS_TEXT[cell.status]}; '
            f'font-weight:bold">{_t(cell.text)}</td>')


def render(blocks: Iterable[Block], title: str) -> bytes:
    """The PDF's bytes (A4, 2 cm margins, page numbers)."""
    from .qt import ensure_app

    ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QUrl
    from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument, QTextOption

    html, images = markup(blocks)
    document = QTextDocument()
    font = QFont()
    font.setFamilies(["Segoe UI", "Helvetica Neue", "DejaVu Sans", "Arial"])
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    option = QTextOption()
    # A 500-character word with no spaces must wrap, not push the page edge out.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    for name, chart in images:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                             QImage.fromData(charts.png(chart)))
    document.setHtml(html)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Placement Journal")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(buffer.data().data())
