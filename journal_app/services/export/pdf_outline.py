"""Bookmarks, document information and language for the PDF pack, added as an incremental
update (PDF 1.4, section 3.4.5): Qt's bytes stay exactly as written and a few new objects,
a cross-reference section and a trailer follow them. Qt's PDF writer has no outline API,
and reading the whole file back with a PDF library to add twenty small objects would cost
more than drawing the pages.

If the file doesn't look the way Qt writes it, it is returned unchanged (still a valid PDF,
without bookmarks) rather than risk a damaged one.
"""

from __future__ import annotations

import re

from .docinfo import DocumentInfo


def _text(value: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte-order mark, as hex (nothing to escape)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _last_int(pattern: bytes, data: bytes) -> int | None:
    found = re.findall(pattern, data)
    return int(found[-1]) if found else None


def add(pdf: bytes, info: DocumentInfo, outline: list[tuple[str, int]]) -> bytes:
    """``pdf`` with an outline entry per (title, 0-based page), the document information
    (title, author, subject, creator, creation date) and its language set."""
    tail = pdf[-4096:]
    size = _last_int(rb"/Size (\d+)", tail)
    root = _last_int(rb"/Root (\d+) 0 R", tail)
    start = _last_int(rb"startxref\s+(\d+)", tail)
    ids = re.findall(rb"/ID (\[[^\]]*\])", tail)
    if size is None or root is None or start is None:
        return pdf
    catalog = re.search(rb"\n%d 0 obj\s*<<(.*?)>>\s*endobj" % root, pdf, re.DOTALL)
    if catalog is None or b"<<" in catalog.group(1):
        return pdf
    pages_ref = re.search(rb"/Pages (\d+) 0 R", catalog.group(1))
    if pages_ref is None:
        return pdf
    pages = re.search(rb"\n%s 0 obj\s*<<(.*?)>>\s*endobj" % pages_ref.group(1), pdf, re.DOTALL)
    if pages is None:
        return pdf
    kids_list = re.search(rb"/Kids\s*\[([^\]]*)\]", pages.group(1))
    if kids_list is None:
        return pdf
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", kids_list.group(1))]
    items = [(title, kids[page]) for title, page in outline if 0 <= page < len(kids)]

    objects: dict[int, bytes] = {}
    info_number, outlines_number = size, size + 1
    first_item = size + 2
    objects[info_number] = b"".join([
        b"<<\n/Title ", _text(info.title), b"\n/Author ", _text(info.author or "Placement Journal"),
        b"\n/Subject ", _text(info.subject), b"\n/Creator ", _text(info.creator),
        b"\n/Producer ", _text(info.creator),
        *([b"\n/Keywords ", _text(f"pack ID {info.pack_id}")] if info.pack_id else []),
        b"\n/CreationDate (", info.pdf_date().encode("ascii"), b")\n/ModDate (",
        info.pdf_date().encode("ascii"), b")\n/Trapped /False\n>>",
    ])
    numbers = [first_item + n for n in range(len(items))]
    if items:
        objects[outlines_number] = (b"<<\n/Type /Outlines\n/First %d 0 R\n/Last %d 0 R\n/Count %d\n>>"
                                    % (numbers[0], numbers[-1], len(items)))
    for n, ((title, page), number) in enumerate(zip(items, numbers, strict=True)):
        links = b"".join([
            b"\n/Prev %d 0 R" % numbers[n - 1] if n > 0 else b"",
            b"\n/Next %d 0 R" % numbers[n + 1] if n + 1 < len(numbers) else b"",
        ])
        objects[number] = (b"<<\n/Title " + _text(title) + b"\n/Parent %d 0 R" % outlines_number + links
                           + b"\n/Dest [%d 0 R /Fit]\n>>" % page)
    body = re.sub(rb"/(PageMode|Outlines|Lang)\b[^/]*", b"", catalog.group(1)).rstrip()
    objects[root] = (b"<<" + body + b"\n/Lang " + _text(info.language)
                     + (b"\n/Outlines %d 0 R\n/PageMode /UseOutlines" % outlines_number if items else b"")
                     + b"\n>>")

    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"  # the head of the free list, as readers expect
    for first, run in _runs(sorted(offsets)):
        out += b"%d %d\n" % (first, len(run))
        for number in run:
            out += b"%010d 00000 n \n" % offsets[number]
    new_size = max(size, max(offsets) + 1)
    numbers_ = (new_size, root, info_number, start)
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/Prev %d\n" % numbers_
    out += (b"/ID " + ids[-1] + b"\n" if ids else b"") + b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive object numbers grouped, one cross-reference subsection each."""
    runs: list[tuple[int, list[int]]] = []
    for number in numbers:
        if runs and runs[-1][1][-1] + 1 == number:
            runs[-1][1].append(number)
        else:
            runs.append((number, [number]))
    return runs
