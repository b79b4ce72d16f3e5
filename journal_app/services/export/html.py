"""The evidence pack as one self-contained HTML file: inline styles, inline SVG charts, no scripts.

Everything the learner typed is escaped, and text blocks carry ``dir="auto"`` so
right-to-left writing displays the right way round. It prints well: each section
starts on a new page and tables repeat their header rows; where the browser supports
page margin boxes, every printed page says "Page x of y". A contents list after the
cover links to each section, and the head records the author, pack ID and export time.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from . import charts
from .blocks import Block, Cell, Chart, Fields, Heading, Metrics, Paragraph, Section, Table, Title
from .colours import STATUS_TEXT, TINTS
from .docinfo import DocumentInfo
from .layout import header_widths

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1d2433; line-height: 1.45;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; font-size: 15px; background: #fff; }
h1 { font-size: 2.2rem; margin: 3rem 0 .3rem; color: #12355b; }
h2 { font-size: 1.5rem; color: #12355b; border-bottom: 3px solid #12355b; padding-bottom: .2rem;
  margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .1rem; color: #12355b; }
.subtitle { font-size: 1.25rem; color: #44546a; margin: 0 0 2rem; }
.meta, .muted { color: #5b6575; font-size: .9rem; margin: 0 0 .4rem; }
.empty { color: #5b6575; font-style: italic; padding: .8rem; background: #f3f5f8; border-radius: 4px; }
.note { background: #eef4fb; border-left: 4px solid #12355b; padding: .6rem .8rem; }
p, td, dd { overflow-wrap: anywhere; white-space: pre-wrap; }
th { overflow-wrap: normal; word-break: normal; hyphens: manual; }
dl.fields { display: grid; grid-template-columns: 14rem 1fr; gap: .15rem 1rem; margin: .3rem 0 1rem; }
dl.fields dt { font-weight: 600; color: #34405a; }
dl.fields dd { margin: 0; }
.metrics { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
.metric { border: 1px solid #c9d3e0; border-radius: 6px; padding: .5rem .8rem; min-width: 8.5rem; }
.metric .value { font-size: 1.5rem; font-weight: 700; color: #12355b; display: block; }
.metric .label { font-size: .85rem; color: #34405a; display: block; }
.metric .note { font-size: .8rem; color: #5b6575; display: block; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; font-size: .92rem; }
table.small { font-size: .8rem; }
th { background: #12355b; color: #fff; text-align: left; padding: .35rem .5rem; }
td { border: 1px solid #c9d3e0; padding: .35rem .5rem; vertical-align: top; }
tbody tr:nth-child(even) td { background: #f7f9fc; }
td.status { font-weight: 600; }
caption { text-align: left; color: #5b6575; font-size: .9rem; padding-bottom: .3rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e1e6ee; }
nav.contents ol { columns: 2; padding-left: 1.4rem; }
nav.contents a { color: #12355b; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { break-before: page; page-break-before: always; }
  h3, dl.fields dt { break-after: avoid; page-break-after: avoid; }
  tr, figure, .metric { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  nav.contents { break-before: page; page-break-before: always; }
  @page { size: A4; margin: 16mm 14mm 18mm;
    @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #5b6575; }
    @bottom-left { font-size: 8pt; color: #5b6575; } }
}
"""


def render(blocks: Iterable[Block], title: str, info: DocumentInfo | None = None) -> str:
    blocks = list(blocks)
    info = info or DocumentInfo(title=title)
    pack_css = ""
    if info.pack_id:
        pack_css = f'<style>@page {{ @bottom-left {{ content: "Pack ID {escape(info.pack_id)}"; }} }}</style>'
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(info.language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="author" content="{escape(info.author)}">' if info.author else "",
        f'<meta name="generator" content="{escape(info.creator)}">',
        f'<meta name="dcterms.created" content="{info.created.isoformat(timespec="seconds")}">',
        f'<meta name="dcterms.language" content="{escape(info.language)}">',
        f'<meta name="pack-id" content="{escape(info.pack_id)}">' if info.pack_id else "",
        f"<title>{escape(title)}</title><style>{CSS}</style>{pack_css}</head><body><header>",
    ]
    sections = [b for b in blocks if isinstance(b, Section)]
    in_section = False
    for block in blocks:
        if isinstance(block, Section):
            out.append("</section>" if in_section else "</header>" + _contents(sections))
            in_section = True
            out.append(f'<section id="{escape(block.anchor)}"><h2>{escape(block.title)}</h2>')
            if block.intro:
                out.append(f'<p class="muted">{escape(block.intro)}</p>')
        else:
            out.append(_block(block))
    out.append("</section>" if in_section else "</header>")
    out.append("</body></html>")
    return "\n".join(out)


def _contents(sections: list[Section]) -> str:
    items = "".join(f'<li><a href="#{escape(s.anchor)}">{escape(s.title)}</a></li>' for s in sections)
    return f'<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def _block(block: Block) -> str:
    if isinstance(block, Title):
        return f'<h1>{escape(block.text)}</h1><p class="subtitle" dir="auto">{escape(block.subtitle)}</p>'
    if isinstance(block, Heading):
        meta = f'<p class="meta" dir="auto">{escape(block.meta)}</p>' if block.meta else ""
        return f'<h3 dir="auto">{escape(block.text)}</h3>{meta}'
    if isinstance(block, Paragraph):
        cls = f' class="{block.style}"' if block.style else ""
        return f'<p{cls} dir="auto">{escape(block.text)}</p>'
    if isinstance(block, Fields):
        rows = "".join(
            f"<dt>{escape(label)}</dt><dd dir=\"auto\">{escape(value)}</dd>"
            for label, value in block.rows if value.strip()
        )
        return f'<dl class="fields">{rows}</dl>' if rows else ""
    if isinstance(block, Metrics):
        items = "".join(
            f'<div class="metric"><span class="value">{escape(m.value)}</span>'
            f'<span class="label">{escape(m.label)}</span>'
            + (f'<span class="note">{escape(m.note)}</span>' if m.note else "") + "</div>"
            for m in block.items
        )
        return f'<div class="metrics">{items}</div>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        svg = charts.svg(block).replace("<svg ", f'<svg role="img" aria-label="{escape(block.title)}" ', 1)
        desc = (f'<figcaption class="muted">{escape(block.description)}</figcaption>'
                if block.description else "")
        return f"<figure>{svg}{desc}</figure>"
    raise TypeError(f"unknown block {type(block).__name__}")


def _table(table: Table) -> str:
    cls = ' class="small"' if table.small else ""
    cols = ""
    if table.widths and table.columns:
        widths = header_widths(table.columns, table.widths)
        cols = "<colgroup>" + "".join(f'<col style="width:{w:.1f}%">' for w in widths) + "</colgroup>"
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    return f"<table{cls}>{caption}{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(cell: Cell) -> str:
    if cell.status is None:
        return f'<td dir="auto">{escape(cell.text)}</td>'
    return (f'<td class="status" style="background:{TINTS[cell.status]};color:{STATUS_TEXT[cell.status]}">'
            f"{escape(cell.text)}</td>")
