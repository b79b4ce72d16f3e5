"""Charts for the evidence pack, drawn as SVG (no Qt needed) and rasterised to PNG for PDF and Word.

The HTML pack inlines the SVG, so it stays sharp when printed; the Word pack embeds a
PNG and the PDF pack an image drawn from the same SVG through QtSvg, imported only here
and only when a picture is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from .blocks import Chart
from .colours import CHART_COLOURS

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 44, 40, 74
# Colour-blind-safe palette (Okabe–Ito), readable on white and in greyscale print.
PALETTE = CHART_COLOURS
FONT = "DejaVu Sans, Segoe UI, Arial, sans-serif"
MAX_LABELS = 12
LABEL_CHAR_PX = 6.6  # about how wide one character of an 11 px axis label is


def svg(chart: Chart) -> str:
    """The chart as a standalone SVG document."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" font-size="12">',
        f"<title>{escape(chart.title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold" fill="#1a2b3c">'
        f"{escape(chart.title)}</text>",
    ]
    span = (chart.y_max - chart.y_min) or 1.0

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - chart.y_min) / span * plot_h

    for tick in _ticks(chart.y_min, chart.y_max):
        y = y_of(tick)
        colour = "#888888" if tick == 0 else "#dddddd"
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="{colour}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444444">'
                     f"{tick:g}{escape(chart.unit)}</text>")
    n = max(len(chart.labels), 1)
    step = plot_w / n
    if chart.kind == "stacked-bars":
        parts += _bars(chart, step, y_of)
    else:
        parts += _lines(chart, step, y_of)
    # Never more labels than fit side by side, and a label the same as the last one shown
    # (several weeks of one month) is left out: each reads once, none overlap.
    widest = max((len(label) for label in chart.labels), default=0) * LABEL_CHAR_PX + 10
    every = max(math.ceil(n / MAX_LABELS), math.ceil(widest / step), 1)
    shown = None
    for i, label in enumerate(chart.labels):
        if i % every or label == shown:
            continue
        shown = label
        x = LEFT + step * (i + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#444444" '
                     f'font-size="11">{escape(label)}</text>')
    parts += _legend(chart)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    unit = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / unit) * unit
    out, value = [], first
    while value <= hi + 1e-9:
        out.append(round(value, 6))
        value += unit
    return out


def _lines(chart: Chart, step: float, y_of: Callable[[float], float]) -> list[str]:
    parts = []
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append((LEFT + step * (i + 0.5), y_of(value)))
        dash = ' stroke-dasharray="6,3"' if k % 2 else ""
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                             f'stroke-width="2.5"{dash}/>')
            for x, y in run:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    return parts


def _bars(chart: Chart, step: float, y_of: Callable[[float], float]) -> list[str]:
    parts = []
    width = max(step * 0.7, 1.0)
    base = [0.0] * len(chart.labels)
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        for i, value in enumerate(series.values):
            if not value:
                continue
            top, bottom = y_of(base[i] + value), y_of(base[i])
            x = LEFT + step * i + (step - width) / 2
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" '
                         f'fill="{colour}"/>')
            base[i] += value
    return parts


def _legend(chart: Chart) -> list[str]:
    parts, x = [], float(LEFT)
    y = HEIGHT - 22
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        label = escape(series.name)
        parts.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 17:.1f}" y="{y}" fill="#222222">{label}</text>')
        x += 34 + 7.2 * len(series.name)
    return parts


def png(chart: Chart, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (needs Qt; safe on any thread and without a display)."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image(chart, scale).save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 wants str here; its stub says bytes
    return bytes(buffer.data().data())


def image(chart: Chart, scale: float = 2.0) -> QImage:
    """The chart drawn on a white QImage (the PDF takes it as it is, with no PNG in between)."""
    from .qt import ensure_app

    ensure_app()
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg(chart).encode("utf-8")))
    picture = QImage(int(WIDTH * scale), int(HEIGHT * scale), QImage.Format.Format_ARGB32)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, picture.width(), picture.height()))
    painter.end()
    return picture
