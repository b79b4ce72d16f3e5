"""The evidence pack as PDF, laid out by Qt's own text engine (QTextDocument + QPdfWriter).

- ``pdf_markup`` writes each part of the pack (the cover, then one part per section) in
  the subset of HTML Qt reads;
- ``pdf_draw`` lays each part out as its own document (every section starts a page
  anyway, so no page ever spans two documents), cuts it into pages (``pdf_pages``: never
  inside a table row, never straight after a heading) and draws each page with "Page x
  of y" and the pack ID;
- a long pack is shared with a second process (``pdf_share``) and the two files joined
  (``pdf_join``);
- the contents page is one more small document laid out after the others, so its page
  numbers are the real ones; it is drawn after the cover;
- bookmarks (the PDF outline), the document information (title, author, creation date)
  and the language (en-GB) are added as an incremental update of Qt's file (``pdf_outline``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .docinfo import DocumentInfo
from .pdf_markup import markup_parts

if TYPE_CHECKING:
    from .blocks import Block, Chart
    from .pdf_share import Helper


def render(blocks: Iterable[Block], title: str, info: DocumentInfo | None = None) -> bytes:
    """The PDF's bytes: A4, 2 cm margins, "Page x of y" on every page, contents after the
    cover, a bookmark per section, and the document information in en-GB."""
    return render_pieces([list(blocks)], info or DocumentInfo(title=title))


def hand_over(helper: Helper, pieces: list[tuple[int, list[Block]]], info: DocumentInfo) -> None:
    """Give these (index, piece) of the pack to the helper process as soon as they are
    written, so that it lays them out while this process writes the rest."""
    from .pdf_share import HelperFailed

    parts: dict[tuple[int, int], str] = {}
    images: dict[str, Chart] = {}
    for index, blocks in pieces:
        texts, named = markup_parts(blocks, f"chart-{index}-")
        parts |= {(index, n): text for n, text in enumerate(texts)}
        images |= dict(named)
    if parts:
        with contextlib.suppress(HelperFailed):  # render_pieces finds out again, and draws it all here
            helper.take(parts, images, info)


def render_pieces(pieces: list[list[Block]], info: DocumentInfo, helper: Helper | None = None) -> bytes:
    """The PDF of the pack made of these pieces (one per section builder, in order).

    With a ``helper`` process (``pdf_share``), about half the parts are laid out and drawn
    there at the same time and the two files joined (``pdf_join``); if that fails for any
    reason, the whole pack is drawn here."""
    from .pdf_share import HelperFailed

    if helper is not None:
        try:
            return _render(pieces, info, helper)
        except (HelperFailed, ValueError):
            pass
    return _render(pieces, info, None)


def _render(pieces: list[list[Block]], info: DocumentInfo, helper: Helper | None) -> bytes:
    from . import pdf_join
    from .pdf_draw import PageKey, PartKey, Share
    from .pdf_share import split, weight

    given = set(helper.given) if helper is not None else set()
    parts: dict[PartKey, str] = {}
    images: dict[str, Chart] = {}
    for index, piece in enumerate(pieces):
        if (index, 0) in given:
            continue  # the helper has it already
        texts, named = markup_parts(piece, f"chart-{index}-")
        parts |= {(index, n): text for n, text in enumerate(texts)}
        images |= dict(named)
    away: set[PartKey] = set()
    if helper is not None:
        more = split({key: weight(text) for key, text in parts.items()}, helper.given)
        if more:
            helper.take({key: parts[key] for key in more}, _used(images, (parts[key] for key in more)), info)
        away = set(helper.given)
    share = Share(info)
    here = {key: text for key, text in parts.items() if key not in away}
    layout = dict(share.lay_out(here, _used(images, here.values())))
    if helper is not None and away:
        layout |= helper.laid_out()
    # Pages counted in the order of the parts, before the contents are put in after the cover.
    first_page: dict[PartKey, int] = {}
    counted = 0
    sections: list[tuple[str, int]] = []
    for key in sorted(layout):
        pages, found = layout[key]
        first_page[key] = counted
        sections += [(name, counted + page) for name, page in found]
        counted += pages
    cover_pages = sections[0][1] if sections else counted
    contents_pages = share.add_contents(sections) if sections else 0
    total = counted + contents_pages

    def number(key: PartKey, page: int) -> int:  # 1-based, in the finished PDF
        n = first_page[key] + page
        return n + 1 + (contents_pages if n >= cover_pages else 0)

    numbered: list[list[tuple[PageKey, int]]] = [[], []]
    for key in sorted(layout):
        numbered[key in away] += [(("part", *key, page), number(key, page)) for page in range(layout[key][0])]
    numbered[0] += [(("contents", page), cover_pages + page + 1) for page in range(contents_pages)]
    numbered[0].sort(key=lambda item: item[1])
    outline = [("Cover", 0)]
    if contents_pages:
        outline.append(("Contents", cover_pages))
    outline += [(name, page + (contents_pages if page >= cover_pages else 0)) for name, page in sections]
    if helper is None or not away:
        return finish(share.draw(numbered[0], total), info, outline)
    helper.start_drawing(numbered[1], total)
    ours = share.draw(numbered[0], total)
    theirs = helper.drawn()
    where = {number: (0, n) for n, (_, number) in enumerate(numbered[0])}
    where |= {number: (1, n) for n, (_, number) in enumerate(numbered[1])}
    return finish(pdf_join.join([ours, theirs], [where[n] for n in range(1, total + 1)]), info, outline)


def _used(images: dict[str, Chart], parts: Iterable[str]) -> dict[str, Chart]:
    """The charts these parts show."""
    text = "".join(parts)
    return {name: chart for name, chart in images.items() if f'src="{name}"' in text}


def finish(pdf: bytes, info: DocumentInfo, outline: list[tuple[str, int]]) -> bytes:
    """Qt's PDF with bookmarks, document information and language added (pdf_outline)."""
    from . import pdf_outline

    return pdf_outline.add(pdf, info, outline)
