"""The evidence pack as PDF, laid out by Qt's own text engine (QTextDocument + QPdfWriter).

QTextDocument understands a subset of HTML, so this module writes its own simpler
markup from the blocks (tables with cell padding, paragraphs with bold labels)
rather than reusing the browser HTML. Charts go in as image resources.

Each section is its own document (every section starts a page anyway, so no page ever
spans two documents), laid out once as a long column the width of an A4 page and cut
into pages by ``pdf_pages`` (never inside a table row, never straight after a heading);
each page is drawn by hand so that it can say "Page x of y" and the pack ID. The contents
page is one more small document laid out after the others, so its page numbers are the
real ones; it is drawn after the cover. Bookmarks (the PDF outline), the document
information (title, author, creation date) and the language (en-GB) are added as an
incremental update of Qt's file (``pdf_outline``).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from . import charts
from .blocks import Block, Cell, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import ACCENT, STATUS_TEXT, TINTS
from .docinfo import DocumentInfo
from .layout import breakable, chars_that_fit, header_widths

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter, QTextDocument

    from .pdf_pages import Plan

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


def markup_parts(blocks: Iterable[Block]) -> tuple[list[str], list[tuple[str, Chart]]]:
    """Qt rich-text markup for the blocks, one part per section (the cover first, if any),
    and the charts they refer to by name.

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
            name = f"chart-{len(images)}.png"
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


MARGIN_CM = 2.0
FOOTER_GREY = "#5b6575"


def render(blocks: Iterable[Block], title: str, info: DocumentInfo | None = None) -> bytes:
    """The PDF's bytes: A4, 2 cm margins, "Page x of y" on every page, contents after the
    cover, a bookmark per section, and the document information in en-GB."""
    from .qt import ensure_app

    ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    from . import pdf_pages

    info = info or DocumentInfo(title=title)
    parts, images = markup_parts(blocks)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator(info.creator)
    writer.setDocumentXmpMetadata(xmp(info))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    margin = MARGIN_CM / 2.54 * writer.logicalDpiY()
    height = writer.height() - 2 * margin
    pictures = {name: charts.image(chart) for name, chart in images}
    # One document per section (each starts a page anyway, so a page never spans two).
    pages: list[tuple[QTextDocument, pdf_pages.Page]] = []
    sections: list[tuple[str, int]] = []
    for part in parts:
        document = _document(writer)
        for name, picture in pictures.items():
            if f'src="{name}"' in part:
                document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), picture)
        _set_html(document, part)
        plan = pdf_pages.paginate(document, height)
        sections += [(name, page + len(pages)) for name, page in plan.sections]
        pages += [(document, page) for page in plan.pages]
    cover_pages = sections[0][1] if sections else len(pages)
    contents = _contents_document(writer, sections, height) if sections else None
    contents_pages = len(contents[1].pages) if contents is not None else 0
    total = len(pages) + contents_pages
    order = pages[:cover_pages]
    if contents is not None:
        order += [(contents[0], page) for page in contents[1].pages]
    order += pages[cover_pages:]
    painter = QPainter(writer)
    footer = _Footer(writer, info.pack_id)
    for number, (source, page) in enumerate(order, start=1):
        if number > 1:
            writer.newPage()
        pdf_pages.draw(painter, source, page, margin)
        footer.draw(painter, f"Page {number} of {total}")
    painter.end()
    del writer
    buffer.close()
    outline = [("Cover", 0)]
    if contents is not None:
        outline.append(("Contents", cover_pages))
    outline += [(name, page + contents_pages) for name, page in sections]
    return finish(bytes(buffer.data().data()), info, outline)


def _document(writer: object) -> QTextDocument:
    """An empty document, one long column as wide as an A4 page (pdf_pages cuts it into pages)."""
    from PySide6.QtGui import QFont, QPagedPaintDevice, QTextDocument, QTextOption

    assert isinstance(writer, QPagedPaintDevice)
    document = QTextDocument()
    font = QFont()
    font.setFamilies(["Segoe UI", "Helvetica Neue", "DejaVu Sans", "Arial"])
    font.setPointSizeF(9.5)
    # Latin text needs no shaping (ligatures, kerning) to be read, and shaping is most of
    # Qt's layout time; a script that does need it (Devanagari, Arabic…) is still shaped.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    document.setDefaultFont(font)
    option = QTextOption()
    # Words wrap only between words; a very long unbroken run of text carries zero-width
    # spaces (layout.breakable), so a 500-character "word" still wraps inside the page.
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)
    # The side margins in 96-dpi pixels (the layout scales them to the device, like the fonts);
    # the same margin above the first line is left out when the pages are cut (pdf_pages).
    document.setDocumentMargin(MARGIN_CM / 2.54 * 96)
    document.documentLayout().setPaintDevice(writer)
    document.setTextWidth(writer.width())
    return document


def _set_html(document: QTextDocument, html: str) -> None:
    """Fill the document (its margins are set once, beforehand, so it is laid out once)."""
    document.setHtml(html)


def _contents_document(writer: object, sections: list[tuple[str, int]],
                       height: float) -> tuple[QTextDocument, Plan]:
    """The contents page(s): each section with the page it starts on in the finished PDF."""
    from . import pdf_pages

    document = _document(writer)

    def html(shift: int) -> str:
        lines = "".join(
            f'<tr><td style="padding:5px 0px">{_t(name)}</td>'
            f'<td align="right" style="padding:5px 0px">{page + shift + 1}</td></tr>'
            for name, page in sections
        )
        return (f'<h2 style="color:{ACCENT}; font-size:17pt">Contents</h2><hr style="color:{ACCENT}">'
                f'<table width="100%" cellspacing="0" style="font-size:11pt">{lines}</table>')

    _set_html(document, html(1))
    plan = pdf_pages.paginate(document, height)
    if len(plan.pages) != 1:  # long contents: every later page moves on by as many pages again
        _set_html(document, html(len(plan.pages)))
        plan = pdf_pages.paginate(document, height)
    return document, plan


class _Footer:
    """The foot of every page: "Page x of y" on the right, the pack ID on the left (the font,
    colour and places worked out once for the whole pack)."""

    def __init__(self, writer: object, pack_id: str) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QFont, QPagedPaintDevice

        assert isinstance(writer, QPagedPaintDevice)
        dpi = writer.logicalDpiY()
        margin = MARGIN_CM / 2.54 * dpi
        self.font = QFont()
        self.font.setFamilies(["Segoe UI", "Helvetica Neue", "DejaVu Sans", "Arial"])
        self.font.setPointSizeF(8)
        self.colour = QColor(FOOTER_GREY)
        self.line = QRectF(margin, writer.height() - margin * 0.75, writer.width() - 2 * margin, margin * 0.4)
        self.right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.pack = f"Pack ID {pack_id}" if pack_id else ""

    def draw(self, painter: QPainter, text: str) -> None:
        painter.save()
        painter.setFont(self.font)
        painter.setPen(self.colour)
        painter.drawText(self.line, self.right, text)
        if self.pack:
            painter.drawText(self.line, self.left, self.pack)
        painter.restore()


def xmp(info: DocumentInfo) -> bytes:
    """The XMP metadata: what Qt writes by default, but with the export time (not the moment
    the file was drawn), the author and the language en-GB."""
    from xml.sax.saxutils import escape as xml_escape

    moment = info.created.isoformat(timespec="seconds")
    lang = xml_escape(info.language)
    author = xml_escape(info.author or "Placement Journal")
    return f"""<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(info.subject)}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <dc:identifier>{xml_escape(info.pack_id)}</dc:identifier>
   <pdf:Producer>{xml_escape(info.creator)}</pdf:Producer>
   <xmp:CreatorTool>{xml_escape(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{moment}</xmp:CreateDate>
   <xmp:ModifyDate>{moment}</xmp:ModifyDate>
   <xmp:MetadataDate>{moment}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>""".encode()


def finish(pdf: bytes, info: DocumentInfo, outline: list[tuple[str, int]]) -> bytes:
    """Qt's PDF with bookmarks, document information and language added (pdf_outline)."""
    from . import pdf_outline

    return pdf_outline.add(pdf, info, outline)
