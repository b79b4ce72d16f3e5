"""How the evidence pack is drawn, read back with independent tools (pypdf, python-docx,
zipfile, html.parser): page x of y, contents with page numbers, bookmarks, metadata in
en-GB with the export time, and a layout that never splits a table row or strands a heading."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal_app.services.export import charts, docx, html, pdf
from journal_app.services.export.blocks import (
    Cell,
    Chart,
    Fields,
    Heading,
    Paragraph,
    Section,
    Series,
    Table,
    Title,
)
from journal_app.services.export.docinfo import DocumentInfo
from journal_app.services.export.pack import export_pack

from .export_pack_data import LEARNER, populate
from .pdf_reading import assert_numbered, read

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def filled(memory_journal):
    populate(memory_journal)
    return memory_journal


def _pages(path_or_bytes: Path | bytes) -> list[str]:
    return read(path_or_bytes)[0]


# --- PDF ------------------------------------------------------------------------------------
def test_every_pdf_page_says_page_x_of_y_and_contents_give_real_page_numbers(filled, tmp_path: Path) -> None:
    pages, marks = read(export_pack(filled, "pdf", tmp_path / "pack.pdf", now=NOW))
    assert len(pages) > 5
    assert_numbered(pages, marks)


def test_pdf_metadata_is_en_gb_with_the_export_time(filled, tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(export_pack(filled, "pdf", tmp_path / "pack.pdf", now=NOW))
    meta = reader.metadata
    assert meta.title == f"Evidence log — {LEARNER}"
    assert meta.author == LEARNER
    assert meta.creator.startswith("Placement Journal")
    assert meta.creation_date == NOW and meta.modification_date == NOW
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    xmp = reader.xmp_metadata
    assert xmp.xmp_create_date == NOW.replace(tzinfo=None) or xmp.xmp_create_date == NOW
    assert xmp.dc_language == ["en-GB"] and xmp.dc_creator == [LEARNER]


def _long_table(rows: int = 60) -> list:
    body = [[Cell(f"ROW{n:02d}START " + "words " * (n % 7 * 9) + f"ROW{n:02d}END"), Cell(f"value {n}")]
            for n in range(rows)]
    return [Title("Layout"), Section("Rows", "rows"), Table(["Description", "Value"], body, [80, 20])]


def test_no_pdf_table_row_is_split_across_pages_and_headers_repeat() -> None:
    pages = _pages(pdf.render(_long_table(), "Layout"))
    assert len(pages) >= 3
    for n in range(60):
        where = [i for i, text in enumerate(pages) if f"ROW{n:02d}START" in text]
        ends = [i for i, text in enumerate(pages) if f"ROW{n:02d}END" in text]
        assert where == ends and len(where) == 1, f"row {n} is split: starts on {where}, ends on {ends}"
    assert pages[1].startswith("Contents")
    for text in pages[3:]:  # every page of the table starts with its header row again
        assert text.startswith("Description Value"), text[:60]


def test_a_pdf_heading_is_never_the_last_thing_on_a_page() -> None:
    blocks: list = [Title("Layout"), Section("Accounts", "accounts")]
    for n in range(40):
        blocks.append(Heading(f"HEADING{n:02d} account", f"meta line {n}"))
        blocks.append(Paragraph(f"PARA{n:02d} " + "A sentence of reflection. " * (5 + n % 11 * 4)))
    pages = _pages(pdf.render(blocks, "Layout"))
    assert len(pages) >= 4
    for text in pages:
        body = re.sub(r" ?Page \d+ of \d+$", "", text.rstrip())
        last = re.findall(r"HEADING(\d\d)", body)
        if last:
            # the heading's own paragraph starts on the same page
            assert f"PARA{last[-1]}" in body.split(f"HEADING{last[-1]}")[-1], body[-120:]


def test_pdf_table_header_words_are_never_broken() -> None:
    columns = ["Responsiveness", "Interactions", "Complaints", "Reliability", "Ref"]
    blocks = [Title("Layout"), Section("Narrow", "narrow"),
              Table(columns, [[Cell("x")] * 5], [8, 8, 8, 8, 68])]
    text = _pages(pdf.render(blocks, "Layout"))[2]
    for word in columns:
        assert word in text, f"{word} was broken: {text[:200]}"


def test_a_very_long_word_still_wraps_inside_the_page() -> None:
    word = "x" * 500
    from pypdf import PdfReader

    blocks = [Title("Layout"), Section("S", "s"), Paragraph(word)]
    reader = PdfReader(io.BytesIO(pdf.render(blocks, "Layout")))
    text = reader.pages[2].extract_text().replace("\u200b", "").replace("\n", "")
    assert "x" * 500 in re.sub(r"\s", "", text)


# --- Word -----------------------------------------------------------------------------------
def _docx_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_word_pack_has_page_x_of_y_contents_and_true_properties(filled, tmp_path: Path) -> None:
    import docx as python_docx

    out = export_pack(filled, "docx", tmp_path / "pack.docx", now=NOW)
    data = out.read_bytes()
    footer = _footers(data)
    footer_text = re.sub(r"<[^>]+>", "", footer)
    assert re.search(r'w:instr=" PAGE "', footer) and re.search(r'w:instr=" NUMPAGES "', footer)
    assert "Page 1 of 1" in footer_text  # shown until Word fills in the fields
    document = _docx_xml(data, "word/document.xml")
    assert "<w:updateFields" in _docx_xml(data, "word/settings.xml")
    word = python_docx.Document(out)
    paragraphs = [p.text for p in word.paragraphs]
    contents_at = paragraphs.index("Contents")
    sections = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert len(sections) >= 8
    # each contents line: the section's title, then its page number as a PAGEREF field to a
    # bookmark on that section's heading (filled in by Word on opening, by LibreOffice itself)
    listed = paragraphs[contents_at + 1 : contents_at + 1 + len(sections)]
    assert [line.split("\t")[0] for line in listed] == sections
    headings = [p for p in word.paragraphs if p.style.name == "Heading 1"]
    for n, heading in enumerate(headings):
        marks = heading._p.findall(f"{W}bookmarkStart")
        assert [m.get(f"{W}name") for m in marks] == [f"_TocPack{n + 1:02d}"]
        assert f" PAGEREF _TocPack{n + 1:02d} \\h " in document
    props = word.core_properties
    assert props.created == NOW and props.modified == NOW
    assert props.language == "en-GB" and props.author == LEARNER
    styles = _docx_xml(data, "word/styles.xml")
    assert 'w:val="en-GB"' in styles and "en-US" not in styles


def test_word_rows_never_split_and_headings_keep_with_next(filled, tmp_path: Path) -> None:
    import docx as python_docx

    word = python_docx.Document(export_pack(filled, "docx", tmp_path / "pack.docx", now=NOW))
    rows = [row for table in word.tables for row in table.rows]
    assert len(rows) > 20
    for row in rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(f"{W}cantSplit") is not None
    headings = [p for p in word.paragraphs if p.style.name in ("Heading 1", "Heading 3")]
    assert len(headings) > 10
    assert all(p.paragraph_format.keep_with_next for p in headings)


def test_word_table_columns_fit_their_header_words() -> None:
    import docx as python_docx

    columns = ["Responsiveness", "Interactions", "Ref"]
    data = docx.render([Title("T"), Section("S", "s"), Table(columns, [[Cell("x")] * 3], [5, 5, 90])], "T")
    table = python_docx.Document(io.BytesIO(data)).tables[0]
    widths = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
    # 14 characters of 8.5 pt bold need well over 2.5 cm (1418 twips) with the cell padding
    assert widths[0] > 1418 and widths[1] > 1300 and sum(widths) <= 9865


# --- HTML -----------------------------------------------------------------------------------
class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.meta: dict[str, str] = {}
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # HTMLParser's signature
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "section":
            self.ids.append(a.get("id", ""))


def test_html_pack_is_en_gb_dated_with_contents_and_page_numbers_in_print(filled, tmp_path: Path) -> None:
    out = export_pack(filled, "html", tmp_path / "pack.html", now=NOW)
    page = out.read_text("utf-8")
    head = _Head()
    head.feed(page)
    assert head.lang == "en-GB"
    assert head.meta["dcterms.created"] == "2026-12-10T09:00:00+00:00"
    assert head.meta["author"] == LEARNER
    assert head.links == head.ids and len(head.ids) >= 8  # contents links to every section, in order
    assert 'content: "Page " counter(page) " of " counter(pages)' in page


def test_html_header_cells_never_break_words() -> None:
    page = html.render([Title("T"), Section("S", "s"), Table(["Responsiveness", "Ref"], [[Cell("x")] * 2],
                                                                [5, 95])], "T")
    assert re.search(r"th \{[^}]*overflow-wrap: normal", page)
    widths = [float(w) for w in re.findall(r'<col style="width:([\d.]+)%">', page)]
    assert widths[0] > 15


# --- charts ---------------------------------------------------------------------------------
def _axis_labels(svg: str) -> list[str]:
    return re.findall(r'<text [^>]*font-size="11">([^<]*)</text>', svg)


def test_chart_axis_shows_each_label_once_and_never_crowded() -> None:
    short = Chart("Per week", "stacked-bars", ["Nov 2026", "Nov 2026", "Nov 2026", "Dec 2026"],
                  [Series("Sales", [1, 2, 3, 4])], 0, 4)
    labels = _axis_labels(charts.svg(short))
    assert labels == ["Nov 2026", "Dec 2026"]
    weeks = [f"{d} Oct 2026" for d in range(1, 31)]
    crowded = Chart("Per week", "stacked-bars", weeks, [Series("Sales", [1] * 30)], 0, 1)
    shown = _axis_labels(charts.svg(crowded))
    assert 2 <= len(shown) <= 8  # each "10 Oct 2026" needs about 70 px of the 620 px axis
    assert len(set(shown)) == len(shown)


def _footers(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if "footer" in n)


def test_the_pack_id_is_on_every_page_of_each_format() -> None:
    info = DocumentInfo(title="T", author="A", pack_id="PJ-0123456789", created=NOW)
    blocks = [Title("T"), Section("S", "s"), Fields([("Field", "value")])]
    pages = _pages(pdf.render(blocks, "T", info))
    assert all("Pack ID PJ-0123456789" in text for text in pages)
    assert "Pack ID PJ-0123456789" in re.sub(r"<[^>]+>", "", _footers(docx.render(blocks, "T", info)))
    page = html.render(blocks, "T", info)
    assert 'content="PJ-0123456789"' in page and '"Pack ID PJ-0123456789"' in page
