"""Small QtCharts helpers: a line chart over dates and a (stacked) bar chart.

Charts follow the window's palette so they read in light and dark themes; series take the
colour-blind-safe set the exported packs use too (``CHART_COLOURS``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ..palette import CHART_COLOURS


def _dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


class ChartView(QChartView):
    """A chart with an accessible name and colours matched to the palette."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._name = name
        self.show_nothing()

    def _fresh(self) -> QChart:
        """The view's one chart, emptied (reused rather than replaced, so Qt never frees it twice)."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)  # ownership returns to Python, which frees it
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if _dark(self) else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle(self._name)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().show()
        return chart

    def show_nothing(self, message: str = "") -> None:
        chart = self._fresh()
        chart.legend().hide()
        if message:
            chart.setTitle(f"{self._name}: {message}")

    def show_lines(self, lines: Mapping[str, Sequence[tuple[date, float]]], y_title: str = "",
                   y_range: tuple[float, float] | None = None) -> None:
        """One line per name; points are (day, value). Nothing to draw → an empty chart."""
        chart = self._fresh()
        points = [p for line in lines.values() for p in line]
        if not points:
            chart.legend().hide()
            return
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%g")
        if y_title:
            y_axis.setTitleText(y_title)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for n, (name, line) in enumerate(lines.items()):
            series = QLineSeries()
            series.setName(name)
            pen = QPen(QColor(_colour(n)))
            pen.setWidthF(2.0)
            series.setPen(pen)
            series.setColor(QColor(_colour(n)))
            series.setPointsVisible(True)
            for day, value in line:
                series.append(_ms(day), value)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        days = [d for d, _ in points]
        low, high = min(days), max(days)
        if low == high:
            x_axis.setRange(_qdt(low, -1), _qdt(high, 1))
        else:
            x_axis.setRange(_qdt(low), _qdt(high))
        values = [v for _, v in points]
        if y_range:
            y_axis.setRange(*y_range)
            y_axis.setTickCount(5)
        else:
            pad = max(1.0, (max(values) - min(values)) * 0.1)
            y_axis.setRange(min(values) - pad, max(values) + pad)
        chart.legend().setVisible(len(lines) > 1)

    def show_bars(self, categories: list[str], sets: dict[str, list[float]], y_title: str = "") -> None:
        """Stacked bars: one set per name, one value per category."""
        chart = self._fresh()
        if not categories or not any(any(v for v in values) for values in sets.values()):
            chart.legend().hide()
            return
        series = QStackedBarSeries()
        for n, (name, values) in enumerate(sets.items()):
            bar = QBarSet(name)
            bar.setColor(QColor(_colour(n)))
            bar.setBorderColor(QColor(_colour(n)))
            bar.append(list(values))
            series.append(bar)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(categories)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        if y_title:
            y_axis.setTitleText(y_title)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        top = max(sum(values[i] for values in sets.values()) for i in range(len(categories)))
        # Whole-number ticks: counts of things are never fractional.
        step = max(1, math.ceil(top / 8))
        rounded = max(1, math.ceil(top / step)) * step
        y_axis.setRange(0, rounded)
        y_axis.setTickCount(rounded // step + 1)
        chart.legend().setVisible(len(sets) > 1)

    def series_count(self) -> int:
        return len(self.chart().series())


def _colour(n: int) -> str:
    return CHART_COLOURS[n % len(CHART_COLOURS)]


def _qdt(day: date, shift_days: int = 0) -> QDateTime:
    from datetime import timedelta

    moment = datetime.combine(day + timedelta(days=shift_days), time(12))
    return QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))


def _ms(day: date) -> float:
    return float(datetime.combine(day, time(12)).timestamp() * 1000)
