"""Reading a PDF pack back with pypdf, as an assessor's tools would: each page's text and the
bookmarks, and the numbering every pack must carry."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader


def open_pdf(data: bytes | Path) -> PdfReader:
    """A strict reader: a pack pypdf would only read by guessing is a broken pack."""
    return PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data, strict=True)


def read(data: bytes | Path) -> tuple[list[str], list[tuple[str, int]]]:
    """Each page's text (spaces evened out) and each bookmark with its 0-based page."""
    reader = open_pdf(data)
    pages = [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text())).replace("\u200b", "")
             for page in reader.pages]
    return pages, outline(reader)


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    found = []
    for mark in reader.outline:
        assert not isinstance(mark, list), "the pack's bookmarks are one flat list"
        page = reader.get_destination_page_number(mark)
        assert page is not None, f"the bookmark {mark['/Title']} leads nowhere"
        found.append((str(mark["/Title"]), page))
    return found


def assert_numbered(pages: list[str], marks: list[tuple[str, int]]) -> None:
    """"Page x of y" at the foot of every page, and the contents and bookmarks point at the
    page each section starts on."""
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"Page {number} of {total}( Pack ID PJ-[0-9A-F]+)?$", text.rstrip()), text[-80:]
    assert pages[1].startswith("Contents")
    listed = re.findall(r"([A-Z][a-z][^0-9]+?) (\d+)(?= [A-Z]| Page)", pages[1].split("Contents", 1)[1])
    assert len(listed) >= 8
    for title, page in listed:
        assert pages[int(page) - 1].startswith(title.strip()), (title, page)
    found = dict(marks)
    assert found["Cover"] == 0 and found["Contents"] == 1
    for title, page in listed:
        assert found[title.strip()] == int(page) - 1
