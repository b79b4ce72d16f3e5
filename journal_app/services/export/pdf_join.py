"""Several PDFs written by Qt's PDF writer joined into one, pages in any order.

A long pack is drawn by two processes at once (``pdf_share``), each into its own PDF; this
module puts their pages together. Qt writes a plain PDF 1.4 file: numbered objects one
after another, one cross-reference table, no object streams, and references (``12 0 R``)
only in dictionaries and arrays, never inside stream data. So a join is: keep every
object of every file, give them new numbers, point each page at one shared page tree, and
write a new cross-reference table. Fonts and images stay with the pages that use them;
nothing is decompressed or redrawn.

Anything that doesn't look the way Qt writes it raises ``ValueError``, and the caller then
draws the pack in one process instead: a join never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_OBJECT = re.compile(rb"(\d+) 0 obj\b")
# A literal string (skipped whole, so nothing in it is taken for a reference) or a reference.
_REFERENCE = re.compile(rb"(\((?:\\.|[^\\()])*\))|\b(\d+) (\d+) R\b", re.DOTALL)
_STREAM = re.compile(rb">>\s*stream\r?\n")


@dataclass
class _File:
    objects: dict[int, bytes]  # number -> everything between "N 0 obj" and "endobj"
    root: int
    pages: int
    info: int | None
    kids: list[int]
    header: bytes
    trailer_id: bytes | None


def join(pdfs: Sequence[bytes], order: Sequence[tuple[int, int]]) -> bytes:
    """One PDF whose pages are ``order``: (which of ``pdfs``, 0-based page in it), in turn.

    The first file's catalog, document information and metadata are kept; the other files
    lend only their pages and what those pages use."""
    files = [_read(pdf) for pdf in pdfs]
    first = files[0]
    numbers: list[dict[int, int]] = []
    next_number = 1
    for n, file in enumerate(files):
        dropped = {file.root, file.pages} | ({file.info} if file.info is not None else set())
        if n > 0:
            dropped |= _catalog_refs(file)
        mapping: dict[int, int] = {}
        for number in sorted(file.objects):
            if n > 0 and number in dropped:
                continue
            mapping[number] = next_number
            next_number += 1
        if n > 0:
            mapping[file.pages] = numbers[0][first.pages]  # every page hangs from the first tree
        numbers.append(mapping)

    out = bytearray(first.header)
    offsets: dict[int, int] = {}
    for n, file in enumerate(files):
        renumber = _renumberer(numbers[n])
        for number, body in sorted(file.objects.items()):
            if number not in numbers[n] or (n > 0 and number == file.pages):
                continue
            new = numbers[n][number]
            if n == 0 and number == first.pages:
                kids = []
                for which, page in order:
                    if not 0 <= which < len(files) or not 0 <= page < len(files[which].kids):
                        raise ValueError(f"no page {page} in PDF {which}")
                    kids.append(numbers[which][files[which].kids[page]])
                body = (b"\n<<\n/Type /Pages\n/Kids [\n" + b"".join(b"%d 0 R\n" % k for k in kids)
                        + b"]\n/Count %d\n>>\n" % len(kids))
            else:
                body = _renumber_body(body, renumber)
            offsets[new] = len(out)
            out += b"%d 0 obj" % new + body + b"endobj\n"
    xref_at = len(out)
    size = next_number
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number not in offsets:
            raise ValueError(f"object {number} was not written")
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n" % (size, numbers[0][first.root])
    if first.info is not None:
        out += b"/Info %d 0 R\n" % numbers[0][first.info]
    if first.trailer_id is not None:
        out += b"/ID " + first.trailer_id + b"\n"
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _renumberer(mapping: dict[int, int]) -> Callable[[re.Match[bytes]], bytes]:
    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(1) is not None:
            return match.group(1)
        number = int(match.group(2))
        if match.group(3) != b"0":  # Qt never reuses an object number, so never writes another generation
            raise ValueError(f"a reference to object {number} of generation {match.group(3).decode()}")
        if number not in mapping:
            raise ValueError(f"a reference to object {number}, which is not carried over")
        return b"%d 0 R" % mapping[number]

    return replace


def _renumber_body(body: bytes, replace: Callable[[re.Match[bytes]], bytes]) -> bytes:
    """The object with its references renumbered, in its dictionary only (stream data is
    copied byte for byte)."""
    stream = _STREAM.search(body)
    if stream is None:
        return _REFERENCE.sub(replace, body)
    return _REFERENCE.sub(replace, body[: stream.end()]) + body[stream.end():]


def _catalog_refs(file: _File) -> set[int]:
    """Objects only the catalog refers to (the metadata, the named destinations)."""
    return {int(n) for n in re.findall(rb"/(?:Metadata|Names) (\d+) 0 R", file.objects[file.root])}


def _read(pdf: bytes) -> _File:
    """The objects of a Qt-written PDF, found through its cross-reference table."""
    start = re.findall(rb"startxref\s+(\d+)", pdf[-1024:])
    if not start:
        raise ValueError("no startxref")
    xref_at = int(start[-1])
    table = re.match(rb"xref\s+0 (\d+)\s+", pdf[xref_at:])
    if table is None:
        raise ValueError("not a single cross-reference table")
    count = int(table.group(1))
    rows_at = xref_at + table.end()
    rows = pdf[rows_at: rows_at + 20 * count]
    offsets: list[tuple[int, int]] = []
    for number in range(1, count):
        row = rows[20 * number: 20 * number + 20]
        if len(row) != 20:
            raise ValueError("a short cross-reference table")
        if row[17:18] == b"n":
            offsets.append((int(row[:10]), number))
    trailer = pdf[rows_at + 20 * count:]
    if b"/Prev" in trailer[: trailer.find(b"startxref") if b"startxref" in trailer else 400]:
        raise ValueError("an incrementally updated file")
    root = re.search(rb"/Root (\d+) 0 R", trailer)
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    ident = re.search(rb"/ID (\[[^\]]*\])", trailer)
    if root is None:
        raise ValueError("no catalog")
    offsets.sort()
    ends = [offset for offset, _ in offsets[1:]] + [xref_at]
    objects: dict[int, bytes] = {}
    for (offset, number), end in zip(offsets, ends, strict=True):
        head = _OBJECT.match(pdf, offset)
        body_end = pdf.rfind(b"endobj", offset, end)
        if head is None or int(head.group(1)) != number or body_end < 0:
            raise ValueError(f"object {number} is not where the table says")
        objects[number] = pdf[head.end(): body_end]
    root_number = int(root.group(1))
    pages = re.search(rb"/Pages (\d+) 0 R", objects.get(root_number, b""))
    if pages is None or int(pages.group(1)) not in objects:
        raise ValueError("no page tree")
    pages_number = int(pages.group(1))
    kids_list = re.search(rb"/Kids\s*\[([^\]]*)\]", objects[pages_number])
    if kids_list is None:
        raise ValueError("no list of pages")
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", kids_list.group(1))]
    for kid in kids:  # a flat tree of pages, as Qt writes it: each entry a page that is there
        if not re.match(rb"\s*<<\s*/Type /Page\b(?!s)", objects.get(kid, b"")):
            raise ValueError(f"page tree entry {kid} is not a page")
    return _File(objects, root_number, pages_number, int(info.group(1)) if info else None, kids,
                 pdf[: offsets[0][0]] if offsets else b"%PDF-1.4\n",
                 ident.group(1) if ident else None)
