"""Drawing the PDF pack with Qt: each part of the pack laid out as one long A4-wide
document (QTextDocument), cut into pages by ``pdf_pages`` and drawn page by page on a
QPdfWriter, so that every page can say "Page x of y" and the pack ID.

A ``Share`` is the pages one process draws: the whole pack, or about half of it when a
second process draws the rest (``pdf_share``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import pdf_markup
from .docinfo import DocumentInfo

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter, QTextDocument

    from .blocks import Chart
    from .pdf_pages import Page, Plan

MARGIN_CM = 2.0
FOOTER_GREY = "#5b6575"

# A part of the pack: (piece, part in it). A piece is what one section builder made
# (``pack.build_pieces``); each section heading in it starts a new part.
PartKey = tuple[int, int]
# Where a page comes from: ("part", piece, part, page in it) or ("contents", page).
PageKey = tuple[Any, ...]
# For each part: how many pages it takes, and each section in it with its first page.
Layout = dict[PartKey, tuple[int, list[tuple[str, int]]]]


class Share:
    """Some parts of the pack, laid out and drawn by this process into a PDF of its own."""

    def __init__(self, info: DocumentInfo) -> None:
        from .qt import ensure_app

        ensure_app()
        from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

        self.info = info
        self.buffer = QBuffer()
        self.buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(self.buffer)
        writer.setTitle(info.title)
        writer.setCreator(info.creator)
        writer.setDocumentXmpMetadata(xmp(info))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        self.writer = writer
        self.margin = MARGIN_CM / 2.54 * writer.logicalDpiY()
        self.height = writer.height() - 2 * self.margin
        self.pages: dict[PageKey, tuple[QTextDocument, Page]] = {}
        self.layout: Layout = {}

    def lay_out(self, parts: dict[PartKey, str], charts: dict[str, Chart]) -> Layout:
        """Lay out each part (its charts among ``charts``) and cut it into pages."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QTextDocument

        from . import charts as drawing
        from . import pdf_pages

        for key, part in sorted(parts.items()):
            document = new_document(self.writer)
            for name, chart in charts.items():
                if f'src="{name}"' in part:
                    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                                         drawing.image(chart))
            set_html(document, part)
            plan = pdf_pages.paginate(document, self.height)
            for n, page in enumerate(plan.pages):
                self.pages[("part", *key, n)] = (document, page)
            self.layout[key] = (len(plan.pages), plan.sections)
        return self.layout

    def add_contents(self, sections: list[tuple[str, int]]) -> int:
        """Lay out the contents page(s) for these (section, 0-based page before the contents
        are counted); return how many pages they take."""

        document, plan = contents_document(self.writer, sections, self.height)
        for n, page in enumerate(plan.pages):
            self.pages[("contents", n)] = (document, page)
        return len(plan.pages)

    def draw(self, numbered: list[tuple[PageKey, int]], total: int) -> bytes:
        """Draw these pages, in this order, each with its number; Qt's PDF of them."""
        from PySide6.QtGui import QPainter

        from . import pdf_pages

        painter = QPainter(self.writer)
        footer = Footer(self.writer, self.info.pack_id)
        for n, (key, number) in enumerate(numbered):
            if n:
                self.writer.newPage()
            document, page = self.pages[key]
            pdf_pages.draw(painter, document, page, self.margin)
            footer.draw(painter, f"Page {number} of {total}")
        painter.end()
        del self.writer
        self.buffer.close()
        self.pages.clear()
        return bytes(self.buffer.data().data())


def new_document(writer: object) -> QTextDocument:
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


def set_html(document: QTextDocument, html: str) -> None:
    """Fill the document (its margins are set once, beforehand, so it is laid out once)."""
    document.setHtml(html)


def contents_document(writer: object, sections: list[tuple[str, int]],
                      height: float) -> tuple[QTextDocument, Plan]:
    """The contents page(s): each section with the page it starts on in the finished PDF."""
    from . import pdf_pages

    document = new_document(writer)
    set_html(document, pdf_markup.contents(sections, 1))
    plan = pdf_pages.paginate(document, height)
    if len(plan.pages) != 1:  # long contents: every later page moves on by as many pages again
        set_html(document, pdf_markup.contents(sections, len(plan.pages)))
        plan = pdf_pages.paginate(document, height)
    return document, plan


class Footer:
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
