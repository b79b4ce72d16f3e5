"""Joining the PDFs two processes drew (``pdf_join``), read back with pypdf and drawn with
poppler's pdftoppm: every page in the asked order with its own text, fonts and chart, the
first file's information kept, a file a strict reader accepts, bookmarks that lead to the
right pages; and anything that isn't a plain Qt PDF refused with ValueError, never joined
into a wrong file."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal_app.services.export import pdf, pdf_join, pdf_outline
from journal_app.services.export.blocks import Chart, Paragraph, Section, Series, Title
from journal_app.services.export.docinfo import DocumentInfo

# ALPHA has 4 pages (cover, contents, 2 sections), BETA 5 (cover, contents, 3 sections, its
# second section with a chart). Interleaved, every page used once, the chart page last.
ORDER = [(0, 0), (1, 0), (1, 1), (0, 1), (1, 4), (0, 3), (1, 2), (0, 2), (1, 3)]
CHART_PAGE = (1, 3)


def _blocks(tag: str, sections: int, chart: bool = False) -> list:
    blocks: list = [Title(f"Document {tag}")]
    for n in range(sections):
        blocks.append(Section(f"{tag.title()} section {n}", f"{tag.lower()}-{n}"))
        blocks.append(Paragraph(f"{tag}-S{n} " + "A sentence about the placement (with brackets). " * 12))
        if chart and n == 1:
            blocks.append(Chart("Interactions per week", "stacked-bars", ["1 Nov", "8 Nov", "15 Nov"],
                                [Series("Sales", [1, 3, 2]), Series("Complaints", [0, 1, 1])], 0, 4))
    return blocks


@dataclass
class Source:
    data: bytes  # exactly as Qt's PDF writer wrote it
    outline: list[tuple[str, int]]
    texts: list[str]


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    """Two small packs drawn by ``pdf.render``, taken before the bookmarks are added (the
    join is given Qt's own files; the bookmarks come after it)."""
    made: list[Source] = []
    with pytest.MonkeyPatch.context() as patch:
        outlines: list[list[tuple[str, int]]] = []

        def unfinished(data: bytes, info: DocumentInfo, outline: list[tuple[str, int]]) -> bytes:
            outlines.append(outline)
            return data

        patch.setattr(pdf, "finish", unfinished)
        for tag, sections, chart in (("ALPHA", 2, False), ("BETA", 3, True)):
            data = pdf.render(_blocks(tag, sections, chart), f"{tag.title()} pack")
            made.append(Source(data, outlines[-1], _texts(data)))
    assert [len(s.texts) for s in made] == [4, 5]
    return made


@pytest.fixture(scope="module")
def joined(sources: list[Source]) -> bytes:
    return pdf_join.join([s.data for s in sources], ORDER)


def _reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data), strict=True)


def _texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text())).strip()
            for page in _reader(data).pages]


# --- a join of two files -----------------------------------------------------------------------
def test_the_pages_come_in_the_asked_order_each_with_its_own_text(sources, joined) -> None:
    texts = _texts(joined)
    assert len(texts) == len(ORDER) == 9
    for n, ((which, page), text) in enumerate(zip(ORDER, texts, strict=True)):
        expected = sources[which].texts[page]
        assert text, f"page {n + 1} has no text"
        assert text == expected, f"page {n + 1} should be page {page + 1} of file {which}"
    # and the pages are the ones they say they are, by their own words
    assert texts[0].startswith("Document ALPHA") and texts[1].startswith("Document BETA")
    assert texts[4].startswith("Beta section 2 BETA-S2 A sentence about the placement (with brackets).")
    assert "Page 3 of 4" in texts[7] and "Page 4 of 5" in texts[8]


def test_the_chart_and_the_fonts_travel_with_their_pages(sources, joined) -> None:
    reader = _reader(joined)
    chart_page = reader.pages[ORDER.index(CHART_PAGE)]
    images = [name for name, obj in chart_page["/Resources"].get("/XObject", {}).items()
              if obj.get_object()["/Subtype"] == "/Image"]
    assert images, "the chart's image is missing from its page"
    for n, page in enumerate(reader.pages):
        fonts = page["/Resources"]["/Font"]
        assert len(fonts) >= 1, f"page {n + 1} lost its fonts"
        for font in fonts.values():
            assert font.get_object()["/Type"] == "/Font"


def test_the_first_files_information_catalog_and_id_are_kept(sources, joined) -> None:
    alpha, result = _reader(sources[0].data), _reader(joined)
    assert result.metadata == alpha.metadata
    assert result.metadata.title == "Alpha pack"
    assert result.trailer["/ID"] == alpha.trailer["/ID"]
    first, catalog = alpha.trailer["/Root"], result.trailer["/Root"]
    assert sorted(catalog.keys()) == sorted(first.keys())
    assert catalog["/Metadata"].get_object().get_data() == first["/Metadata"].get_object().get_data()
    assert result.xmp_metadata.dc_title == {"x-default": "Alpha pack"}
    assert catalog["/Pages"]["/Count"] == len(catalog["/Pages"]["/Kids"]) == 9


def test_the_joined_file_is_well_formed(joined) -> None:
    """What a strict reader checks, and what it forgives: every row of the cross-reference
    table points at its object, every reference leads to an object, every page hangs from
    the one page tree."""
    reader = _reader(joined)
    assert len(reader.pages) == 9
    start = int(re.findall(rb"startxref\s+(\d+)", joined)[-1])
    table = re.match(rb"xref\n0 (\d+)\n", joined[start:])
    assert table is not None and b"/Prev" not in joined[start:]
    count = int(table.group(1))
    rows = joined[start + table.end(): start + table.end() + 20 * count]
    assert rows[:20] == b"0000000000 65535 f \n"
    for number in range(1, count):
        row = rows[20 * number: 20 * number + 20]
        assert row.endswith(b" 00000 n \n"), (number, row)
        assert joined[int(row[:10]):].startswith(b"%d 0 obj" % number), number
    assert re.search(rb"/Size %d\b" % count, joined[start:])
    # references outside stream data (the streams are compressed)
    bare = re.sub(rb"stream\r?\n.*?endstream", b"", joined, flags=re.DOTALL)
    for number in {int(n) for n in re.findall(rb"\b(\d+) 0 R\b", bare)}:
        assert 0 < number < count, number
    tree = reader.trailer["/Root"]["/Pages"]
    for page in reader.pages:
        assert page["/Parent"] == tree
        assert page["/Type"] == "/Page"
    assert joined.startswith(b"%PDF-1.4\n") and joined.endswith(b"%%EOF\n")


def _draw(data: bytes, page: int, folder: Path) -> bytes:
    """One page drawn by poppler, as grey pixels."""
    source = folder / "in.pdf"
    source.write_bytes(data)
    done = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "30", "-gray", str(source),
                           str(folder / "out")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    drawn = sorted(folder.glob("out*.pgm"))
    assert len(drawn) == 1
    pixels = drawn[0].read_bytes()
    drawn[0].unlink()
    return pixels


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_draws_the_first_and_last_joined_pages_like_the_originals(sources, joined, tmp_path) -> None:
    for position in (0, len(ORDER) - 1):
        which, page = ORDER[position]
        ours = _draw(joined, position + 1, tmp_path)
        theirs = _draw(sources[which].data, page + 1, tmp_path)
        assert ours == theirs, f"page {position + 1} is drawn differently after the join"
        header_end = ours.index(b"255\n") + 4
        assert min(ours[header_end:]) < 128, f"page {position + 1} is blank"  # text and chart ink


def test_bookmarks_added_to_a_joined_file_lead_to_the_right_pages(sources, joined) -> None:
    outline = [("Cover", 0)]
    for which, source in enumerate(sources):
        outline += [(title, ORDER.index((which, page))) for title, page in source.outline
                    if title not in ("Cover", "Contents")]
    assert len(outline) == 6
    finished = pdf_outline.add(joined, DocumentInfo(title="Joined pack"), outline)
    reader = _reader(finished)
    marks = [(mark["/Title"], reader.get_destination_page_number(mark)) for mark in reader.outline]
    assert marks == outline
    texts = _texts(finished)
    for title, page in outline[1:]:
        assert texts[page].startswith(title), (title, page)
    assert reader.metadata.title == "Joined pack"
    assert len(reader.pages) == 9


# --- what isn't a plain Qt PDF is refused -------------------------------------------------------
def _same_length(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with the first ``old`` replaced by ``new`` of the same length (so that the
    cross-reference table still points at every object)."""
    assert len(old) == len(new) and old in data
    return data.replace(old, new, 1)


def _first_page(data: bytes) -> tuple[int, bytes]:
    """The number and dictionary of the first page object."""
    found = re.search(rb"\n(\d+) 0 obj\n(<<\n/Type /Page\n.*?>>)\nendobj", data, re.DOTALL)
    assert found is not None
    return int(found.group(1)), found.group(2)


def _kids(data: bytes) -> bytes:
    found = re.search(rb"/Kids\s*\[([^\]]*)\]", data)
    assert found is not None
    return found.group(1)


def _missing(data: bytes, digits: int) -> bytes:
    """An object number with this many digits that the file doesn't have."""
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    number = 10 ** digits - 1
    assert number >= size
    return b"%d" % number


def _reference_to_nothing_in_a_page(data: bytes) -> bytes:
    _, page = _first_page(data)
    contents = re.search(rb"/Contents (\d+) 0 R", page)
    assert contents is not None
    return _same_length(data, contents.group(0),
                        b"/Contents %s 0 R" % _missing(data, len(contents.group(1))))


def _reference_to_nothing_in_the_page_tree(data: bytes) -> bytes:
    kids = _kids(data)
    second = re.findall(rb"\d+", kids)[2]  # "N 0 R N 0 R": the second page's number
    return _same_length(data, kids, kids.replace(second + b" 0 R", _missing(data, len(second)) + b" 0 R", 1))


def _second_row_moved(data: bytes) -> bytes:
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    row_at = data.index(b"\n", data.index(b"\n", start) + 1) + 1 + 20  # the row of object 1
    row = data[row_at: row_at + 20]
    return data[:row_at] + b"%010d" % (int(row[:10]) + 3) + data[row_at + 10:]


def _bytes_inserted(data: bytes) -> bytes:
    """A comment put in the middle: the objects after it are no longer where the table says,
    though the table itself is found (startxref moved on with it)."""
    middle = len(data) // 2
    extra = b"\n% a comment nobody expected\n"
    at = data.rindex(b"startxref")
    start = int(re.match(rb"startxref\s+(\d+)", data[at:]).group(1))  # type: ignore[union-attr]
    tail = b"startxref\n%d\n%%%%EOF\n" % (start + len(extra))
    return data[:middle] + extra + data[middle:at] + tail


def _updated(outline_length: int):
    def update(data: bytes) -> bytes:
        marks = [(f"Mark {n}", n % 4) for n in range(outline_length)]
        return pdf_outline.add(data, DocumentInfo(title="T"), marks)
    return update


HOSTILE = {
    "not a PDF": lambda data: b"Dear assessor, here is my evidence.\n" * 40,
    "an empty file": lambda data: b"",
    "a quarter of the file": lambda data: data[: len(data) // 4],
    "half of the file": lambda data: data[: len(data) // 2],
    "all but the trailer": lambda data: data[: data.rindex(b"trailer")],
    "all but the last digits of startxref": lambda data: data[: data.rindex(b"startxref") + 12],
    "bytes inserted in the middle": _bytes_inserted,
    "a cross-reference row pointing at the wrong place": _second_row_moved,
    "an incremental update with a few bookmarks": _updated(3),
    "an incremental update with many bookmarks": _updated(40),
    "a page refers to an object that isn't there": _reference_to_nothing_in_a_page,
}


@pytest.mark.parametrize("which", [0, 1], ids=["first file", "second file"])
@pytest.mark.parametrize("damage", list(HOSTILE), ids=list(HOSTILE))
def test_a_file_that_isnt_a_plain_qt_pdf_is_refused(sources, damage: str, which: int) -> None:
    files = [s.data for s in sources]
    files[which] = HOSTILE[damage](files[which])
    with pytest.raises(ValueError):
        pdf_join.join(files, ORDER)


@pytest.mark.parametrize("page", [(0, 4), (0, -1), (1, 5), (2, 0), (-1, 0)])
def test_a_page_that_isnt_there_is_refused(sources, page: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="no page"):
        pdf_join.join([s.data for s in sources], [*ORDER, page])


def test_a_page_tree_entry_that_isnt_there_is_refused(sources) -> None:
    files = [sources[0].data, _reference_to_nothing_in_the_page_tree(sources[1].data)]
    with pytest.raises(ValueError):
        pdf_join.join(files, ORDER)


def test_a_reference_of_another_generation_is_refused(sources) -> None:
    _, page = _first_page(sources[1].data)
    contents = re.search(rb"/Contents (\d+) 0 R", page)
    assert contents is not None
    files = [sources[0].data, _same_length(sources[1].data, contents.group(0),
                                           b"/Contents %s 1 R" % contents.group(1))]
    with pytest.raises(ValueError):
        pdf_join.join(files, ORDER)


def test_a_page_tree_entry_that_isnt_a_page_is_refused(sources) -> None:
    kids = _kids(sources[1].data)
    second = re.findall(rb"\d+", kids)[2]
    catalog = re.findall(rb"/Root (\d+) 0 R", sources[1].data)[-1]
    swapped = kids.replace(second + b" 0 R", catalog.rjust(len(second)) + b" 0 R", 1)
    files = [sources[0].data, _same_length(sources[1].data, kids, swapped)]
    with pytest.raises(ValueError):
        pdf_join.join(files, ORDER)
