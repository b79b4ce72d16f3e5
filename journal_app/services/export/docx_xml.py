"""WordprocessingML for the big, repetitive parts of the Word pack (tables and labelled fields).

python-docx builds documents one element at a time through many lookups; for a
pack of a thousand interactions that takes tens of seconds. Writing these parts
as XML text and parsing them once is about ten times faster and gives the same
document.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .blocks import Cell, Table
from .colours import ACCENT, STATUS_TEXT, TINTS
from .layout import header_widths

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEXT_WIDTH_TWIPS = 9865  # 17.4 cm: A4 less 1.8 cm margins each side
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def run(text: str, *, bold: bool = False, half_points: int | None = None, colour: str | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/>"
    if colour:
        props += f'<w:color w:val="{colour.lstrip("#")}"/>'
    if half_points:
        props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = clean(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def field_paragraph(label: str, value: str) -> str:
    """"Label: value" with the label in bold, as a standalone paragraph."""
    return (f'<w:p {W}><w:pPr><w:spacing w:after="40"/></w:pPr>'
            f"{run(label + ': ', bold=True)}{run(value)}</w:p>")


def table(block: Table) -> str:
    size = 15 if block.small else 17  # half-points: 7.5 pt and 8.5 pt
    count = len(block.columns)
    widths = header_widths(block.columns, block.widths) if count else []
    twips = [int(TEXT_WIDTH_TWIPS * w / 100) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    header = "".join(
        _cell(Cell(name), t, size, fill=ACCENT, colour="#ffffff", bold=True)
        for name, t in zip(block.columns, twips, strict=False)
    )
    # No row is split across pages (cantSplit); the header row repeats on every page.
    rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>']
    for row in block.rows:
        cells = "".join(
            _cell(c, t, size, fill=TINTS.get(c.status or ""), colour=STATUS_TEXT.get(c.status or ""),
                  bold=c.status is not None)
            for c, t in zip(row, twips, strict=False)
        )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return (
        f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/>'
        # a little room above and below each cell's text, so it doesn't touch the lines
        f'<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _cell(cell: Cell, twips: int, size: int, *, fill: str | None, colour: str | None, bold: bool) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>' if fill else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f"{run(cell.text, bold=bold, half_points=size, colour=colour)}</w:p></w:tc>")


def simple_field(instruction: str, shown: str, *, half_points: int | None = None) -> str:
    """A Word field (PAGE, NUMPAGES…) with the text shown until Word updates it."""
    return (f'<w:fldSimple w:instr=" {escape(instruction)} ">'
            f"{run(shown, half_points=half_points)}</w:fldSimple>")


def bookmark_name(n: int) -> str:
    """The hidden bookmark on the ``n``-th section heading (0-based), which the contents
    page refers to."""
    return f"_TocPack{n + 1:02d}"


def bookmark(n: int) -> str:
    return (f'<w:bookmarkStart {W} w:id="{900 + n}" w:name="{bookmark_name(n)}"/>'
            f'<w:bookmarkEnd {W} w:id="{900 + n}"/>')


def contents_field(titles: list[str]) -> list[str]:
    """The contents: a paragraph per section, its title, a dotted leader and a PAGEREF field
    to the bookmark on its heading. Word fills the page numbers in when it updates the
    fields on opening; LibreOffice works them out itself. (A TOC field's stored text is
    shown as it is by LibreOffice, so the numbers would stay blank there.)"""
    out = []
    for n, title in enumerate(titles):
        page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark_name(n)} \\h </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                '<w:r><w:t></w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        out.append(f'<w:p {W}><w:pPr><w:pStyle w:val="TOC1"/>'
                   f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
                   f'<w:spacing w:after="60"/></w:pPr>{run(title)}<w:r><w:tab/></w:r>{page}</w:p>')
    return out
