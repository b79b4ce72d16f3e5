"""The evidence pack as a Word document (python-docx), for e-portfolios that want .docx.

Word refuses control characters that XML can't hold, so all text is cleaned first;
charts are PNGs made from the same SVG as the HTML pack, with their text
alternative in the picture's description.

Every page's footer says "Page x of y" (PAGE and NUMPAGES fields) with the pack ID; the
contents after the cover is a Word table-of-contents field whose stored text already
lists the sections (Word fills in the page numbers when the file is opened). The
document's properties hold the real export time and British English (en-GB), headings
keep with what follows them and no table row is split across pages.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import docx_xml
from .blocks import Block, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import ACCENT
from .docinfo import DocumentInfo
from .docx_xml import clean

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section as DocxSection
    from docx.shared import RGBColor
    from docx.text.paragraph import Paragraph as DocxParagraph


def render(blocks: Iterable[Block], title: str, info: DocumentInfo | None = None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    blocks = list(blocks)
    info = info or DocumentInfo(title=title)
    doc = Document()
    _properties(doc, info)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    _page_numbers(section, info.pack_id)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    _language(doc, info.language)
    accent = RGBColor.from_string(ACCENT[1:])
    titles = [clean(b.title) for b in blocks if isinstance(b, Section)]
    contents_done = not titles
    sections_done = 0
    for block in blocks:
        if isinstance(block, Section) and not contents_done:
            _contents(doc, titles, accent)
            contents_done = True
        if isinstance(block, Title):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(96)
            run = p.add_run(clean(block.text))
            run.font.size, run.bold, run.font.color.rgb = Pt(30), True, accent
            sub = doc.add_paragraph()
            run = sub.add_run(clean(block.subtitle))
            run.font.size = Pt(15)
        elif isinstance(block, Section):
            heading = doc.add_heading(clean(block.title), level=1)
            heading.paragraph_format.page_break_before = True  # the cover has its own page
            heading.paragraph_format.keep_with_next = True
            _append_runs(heading, docx_xml.bookmark(sections_done))  # the contents page's PAGEREF
            sections_done += 1
            if block.intro:
                _muted(doc.add_paragraph(clean(block.intro)))
        elif isinstance(block, Heading):
            heading = doc.add_heading(clean(block.text), level=3)
            heading.paragraph_format.keep_with_next = True  # never alone at the foot of a page
            if block.meta:
                meta = doc.add_paragraph(clean(block.meta))
                meta.paragraph_format.keep_with_next = True
                _muted(meta)
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(clean(block.text))
            if block.style in ("muted", "empty"):
                _muted(p, italic=block.style == "empty")
        elif isinstance(block, Fields):
            for label, value in block.rows:
                if value.strip():
                    _append(doc, docx_xml.field_paragraph(label, value))
        elif isinstance(block, Metrics):
            _metrics(doc, block, accent)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            from . import charts

            run = doc.add_paragraph().add_run()
            picture = run.add_picture(io.BytesIO(charts.png(block)), width=Cm(17))
            picture._inline.docPr.set("descr", clean(block.description or block.title))
            run.add_break(WD_BREAK.LINE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _muted(paragraph: DocxParagraph, italic: bool = False) -> None:
    from docx.shared import RGBColor

    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0x5B, 0x65, 0x75)
        run.italic = italic


def _metrics(doc: DocxDocument, block: Metrics, accent: RGBColor) -> None:
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=len(block.items))
    table.style = "Table Grid"
    _cant_split(table.rows[0]._tr)
    for cell, metric in zip(table.rows[0].cells, block.items, strict=False):
        p = cell.paragraphs[0]
        run = p.add_run(clean(metric.value))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(15), accent
        label = cell.add_paragraph(clean(metric.label))
        label.runs[0].font.size = Pt(8.5)
        if metric.note:
            note = cell.add_paragraph(clean(metric.note))
            note.runs[0].font.size = Pt(7.5)
    doc.add_paragraph()


def _table(doc: DocxDocument, block: Table) -> None:
    if block.caption:
        caption = doc.add_paragraph(clean(block.caption))
        caption.paragraph_format.keep_with_next = True
        _muted(caption)
    _append(doc, docx_xml.table(block))
    doc.add_paragraph()


def _append(doc: DocxDocument, xml: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    body = doc.element.body
    element = parse_xml(xml)
    end = body.find(qn("w:sectPr"))
    if end is not None:
        end.addprevious(element)
    else:
        body.append(element)


def _page_numbers(section: DocxSection, pack_id: str) -> None:
    """The footer of every page: "Pack ID … · Page x of y", x and y as Word fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    words = f"Pack ID {clean(pack_id)} · Page " if pack_id else "Page "
    xml = (docx_xml.run(words, half_points=16, colour="#5b6575")
           + docx_xml.simple_field("PAGE", "1", half_points=16)
           + docx_xml.run(" of ", half_points=16, colour="#5b6575")
           + docx_xml.simple_field("NUMPAGES", "1", half_points=16))
    _append_runs(paragraph, xml)


def _append_runs(paragraph: DocxParagraph, xml: str) -> None:
    from docx.oxml import parse_xml

    holder = parse_xml(f"<w:p {docx_xml.W}>{xml}</w:p>")
    for child in list(holder):
        paragraph._p.append(child)


def _contents(doc: DocxDocument, titles: list[str], accent: RGBColor) -> None:
    """A contents page: each section with the page it starts on, as a PAGEREF field to a
    bookmark on its heading (Word fills the numbers in when it updates the fields)."""
    from docx.shared import Pt

    heading = doc.add_paragraph()
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    run = heading.add_run("Contents")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(16), accent
    for xml in docx_xml.contents_field(titles):
        _append(doc, xml)
    _update_fields_on_open(doc)


def _update_fields_on_open(doc: DocxDocument) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _properties(doc: DocxDocument, info: DocumentInfo) -> None:
    """Core properties: title, author, the real export time, en-GB, the pack ID."""
    props = doc.core_properties
    props.title = clean(info.title)
    props.author = clean(info.author) or "Placement Journal"
    props.last_modified_by = clean(info.author) or "Placement Journal"
    props.subject = info.subject
    props.comments = f"Written by {info.creator}."
    props.language = info.language
    props.identifier = info.pack_id
    props.keywords = f"pack ID {info.pack_id}" if info.pack_id else ""
    props.created = props.modified = info.utc()
    props.revision = 1
    props.category = "Evidence log"


def _language(doc: DocxDocument, language: str) -> None:
    """British English for spelling and hyphenation: in the defaults and in Normal."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    targets = []
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    targets.append(doc.styles["Normal"].element.get_or_add_rPr())
    for rpr in targets:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), "ar-SA")
        rpr.append(lang)


def _cant_split(tr: object) -> None:
    from docx.oxml import OxmlElement

    tr_pr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))
