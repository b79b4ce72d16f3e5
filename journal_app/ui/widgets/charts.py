"""Small QtCharts helpers: a trend chart over months or days and a (stacked) bar chart.

Charts follow the window's palette so they read in light and dark themes; series take the
colour-blind-safe set the exported packs use too (``CHART_COLOURS``), in the same order in both.
Every chart also fills a data table (``table_model``) with the numbers it draws, which
``ChartPanel`` shows instead of the picture when the learner asks for tables: the text
alternative a screen reader reads.

Axes suit short periods: dates become one category per distinct day or month (never a label
twice), and with fewer than three of them the trend is drawn as grouped bars, not dots stacked
in one column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStackedWidget, QTableView, QWidget

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
        self.table_model = QStandardItemModel(self)
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

    def chart_name(self) -> str:
        return self._name

    def _fill_table(self, first: str, rows: Sequence[str],
                    columns: Mapping[str, Sequence[float | None]]) -> None:
        """The table behind the chart: one row per category, one column per series."""
        model = self.table_model
        model.clear()
        model.setHorizontalHeaderLabels([first, *columns])
        for n, row in enumerate(rows):
            cells = [QStandardItem(row)]
            for values in columns.values():
                value = values[n] if n < len(values) else None
                cells.append(QStandardItem("—" if value is None else f"{round(value, 1):g}"))
            for cell in cells:
                cell.setEditable(False)
            model.appendRow(cells)

    def show_nothing(self, message: str = "") -> None:
        chart = self._fresh()
        chart.legend().hide()
        self.table_model.clear()
        self.table_model.setHorizontalHeaderLabels([message or _tr("No numbers yet")])
        if message:
            chart.setTitle(f"{self._name}: {message}")

    def show_lines(self, lines: Mapping[str, Sequence[tuple[date, float]]], y_title: str = "",
                   y_range: tuple[float, float] | None = None, by_month: bool = False,
                   few_as_bars: bool = False) -> None:
        """One line per name; points are (day, value), ``by_month`` labels them "Nov 2026".
        With ``few_as_bars``, fewer than three distinct days are grouped bars (not dots stacked
        in one column). Nothing to draw → an empty chart."""
        chart = self._fresh()
        points = [p for line in lines.values() for p in line]
        if not points:
            self.show_nothing()
            return
        days = sorted({d for d, _ in points})
        labels = [_label(d, by_month) for d in days]
        columns = {name: [dict(line).get(d) for d in days] for name, line in lines.items()}
        self._fill_table(_tr("Month") if by_month else _tr("Day"), labels, columns)
        x_axis = QBarCategoryAxis()
        x_axis.append(labels)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%g")
        if y_title:
            y_axis.setTitleText(y_title)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars_instead = few_as_bars and len(days) < 3
        if bars_instead:
            bars = QBarSeries()
            for n, (name, values) in enumerate(columns.items()):
                bar = QBarSet(name)
                bar.setColor(QColor(_colour(n)))
                bar.setBorderColor(QColor(_colour(n)))
                bar.append([0.0 if v is None else float(v) for v in values])
                bars.append(bar)
            chart.addSeries(bars)
            bars.attachAxis(x_axis)
            bars.attachAxis(y_axis)
        else:
            for n, (name, values) in enumerate(columns.items()):
                series = QLineSeries()
                series.setName(name)
                pen = QPen(QColor(_colour(n)))
                pen.setWidthF(2.0)
                series.setPen(pen)
                series.setColor(QColor(_colour(n)))
                series.setPointsVisible(True)
                for index, value in enumerate(values):
                    if value is not None:
                        series.append(float(index), float(value))
                chart.addSeries(series)
                series.attachAxis(x_axis)
                series.attachAxis(y_axis)
        values_seen = [v for _, v in points]
        if y_range:
            low = min(y_range[0], 0.0) if bars_instead else y_range[0]
            y_axis.setRange(low, y_range[1])
            y_axis.setTickCount(5)
        else:
            pad = max(1.0, (max(values_seen) - min(values_seen)) * 0.1)
            low = min(values_seen) - pad
            y_axis.setRange(min(low, 0.0) if bars_instead else low, max(values_seen) + pad)
        chart.legend().setVisible(len(lines) > 1)

    def show_bars(self, categories: list[str], sets: dict[str, list[float]], y_title: str = "",
                  category: str = "") -> None:
        """Stacked bars: one set per name, one value per category."""
        chart = self._fresh()
        if not categories or not any(any(v for v in values) for values in sets.values()):
            self.show_nothing()
            return
        self._fill_table(category or _tr("Category"), categories, sets)
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

    def series_names(self) -> list[str]:
        """The names of what is drawn: each line, or each set of bars."""
        names: list[str] = []
        for series in self.chart().series():
            if isinstance(series, (QBarSeries, QStackedBarSeries)):
                names.extend(bar.label() for bar in series.barSets())
            else:
                names.append(series.name())
        return names

    def colours(self) -> list[str]:
        """The colour of each line or set of bars, in order, as "#rrggbb"."""
        found: list[str] = []
        for series in self.chart().series():
            if isinstance(series, (QBarSeries, QStackedBarSeries)):
                found.extend(bar.color().name() for bar in series.barSets())
            elif isinstance(series, QLineSeries):
                found.append(series.color().name())
        return found

    def x_labels(self) -> list[str]:
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        return list(axes[0].categories()) if axes and isinstance(axes[0], QBarCategoryAxis) else []


class ChartPanel(QStackedWidget):
    """A chart, or the same numbers as a table a screen reader can read (``show_table``)."""

    def __init__(self, chart: ChartView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.table = QTableView()
        self.table.setModel(chart.table_model)
        self.table.setAccessibleName(_tr("{name}, as a table").format(name=chart.chart_name()))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on; arrows move between cells
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.addWidget(chart)
        self.addWidget(self.table)
        self.setMinimumHeight(chart.minimumHeight())

    def show_table(self, on: bool) -> None:
        self.setCurrentWidget(self.table if on else self.chart)

    def showing_table(self) -> bool:
        return self.currentWidget() is self.table


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChartView", text)


def _label(day: date, by_month: bool) -> str:
    return f"{day:%b %Y}" if by_month else f"{day.day} {day:%b}"


def _colour(n: int) -> str:
    return CHART_COLOURS[n % len(CHART_COLOURS)]

