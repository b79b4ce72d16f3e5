"""The evidence pack as a Word document (python-docx), for e-portfolios that want .docx.

Word refuses control characters that XML can't hold, so all text is cleaned first;
charts are PNGs made from the same SVG as the HTML pack, with their text
alternative in the picture's description.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from . import docx_xml
from .blocks import Block, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import ACCENT
from .docx_xml import clean


def render(blocks: Iterable[Block], title: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    doc.core_properties.title = clean(title)
    doc.core_properties.author = "Placement Journal"
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    _page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    accent = RGBColor.from_string(ACCENT[1:])
    for block in blocks:
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
            if block.intro:
                _muted(doc.add_paragraph(clean(block.intro)))
        elif isinstance(block, Heading):
            doc.add_heading(clean(block.text), level=3)
            if block.meta:
                _muted(doc.add_paragraph(clean(block.meta)))
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


def _muted(paragraph, italic: bool = False) -> None:  # a docx paragraph
    from docx.shared import RGBColor

    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0x5B, 0x65, 0x75)
        run.italic = italic


def _metrics(doc, block: Metrics, accent) -> None:  # docx objects
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=len(block.items))
    table.style = "Table Grid"
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


def _table(doc, block: Table) -> None:  # a docx document
    if block.caption:
        _muted(doc.add_paragraph(clean(block.caption)))
    _append(doc, docx_xml.table(block))
    doc.add_paragraph()


def _append(doc, xml: str) -> None:  # a docx document
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    body = doc.element.body
    element = parse_xml(xml)
    end = body.find(qn("w:sectPr"))
    if end is not None:
        end.addprevious(element)
    else:
        body.append(element)


def _page_numbers(section) -> None:  # a docx section
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.text = "Page "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
