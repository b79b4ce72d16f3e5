"""The Insights page's layout: the period, the KPI cards, the charts (or their tables) and
what the numbers mean. ``insights.py`` works the figures out and hands them to ``show_figures``."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..formatting import count_of
from ..models.insights import InsightData
from ..widgets import common
from ..widgets.charts import ChartPanel, ChartView
from ..widgets.common import Card
from ..widgets.record_view import combo, hint
from .base import PageView

PERIODS = (("4w", 28), ("3m", 91), ("6m", 182), ("all", 0))


class InsightsView(PageView):
    title = "Insights"
    object_name = "insights_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Insights")
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(common.page_title(self.tr("Insights")), 1)
        period_label = QLabel(self.tr("&Period:"))
        names = {"4w": self.tr("Last 4 weeks"), "3m": self.tr("Last 3 months"),
                 "6m": self.tr("Last 6 months"),
                 "all": self.tr("Whole placement")}
        self.period = combo([(key, names[key]) for key, _days in PERIODS], self.tr("Period"))
        self.period.setCurrentIndex(3)
        period_label.setBuddy(self.period)
        top.addWidget(period_label)
        top.addWidget(self.period)
        self.as_tables = QCheckBox(self.tr("Show charts as &tables"))
        self.as_tables.setToolTip(self.tr("The numbers behind each chart, as tables a screen reader reads"))
        top.addWidget(self.as_tables)
        outer.addLayout(top)

        body = QWidget()
        layout = QVBoxLayout(body)
        cards = QHBoxLayout()
        self.cards = {
            "nps": Card(self.tr("Net Promoter Score (−100 to 100)")),
            "csat": Card(self.tr("Customer satisfaction (CSAT, % 4 or 5 out of 5)")),
            "fcr": Card(self.tr("Resolved at first contact")),
            "kept": Card(self.tr("Promises kept on time")),
        }
        for card in self.cards.values():
            cards.addWidget(card)
        layout.addLayout(cards)
        more_cards = QHBoxLayout()
        self.cards["repeat"] = Card(self.tr("Repeat customers (loyalty): seen twice or more"))
        self.cards["target"] = Card(self.tr("Promises answered within their response target"))
        for key in ("repeat", "target"):
            more_cards.addWidget(self.cards[key])
        more_cards.addStretch(1)
        layout.addLayout(more_cards)
        self.status = hint("")
        layout.addWidget(self.status)
        grid = QGridLayout()
        self.trend = ChartView(self.tr("Scores over time (by month)"))
        self.per_week = ChartView(self.tr("Interactions per week, by kind"))
        self.rater = ChartView(self.tr("Feedback by RATER dimension"))
        self.trend.setMinimumHeight(260)
        self.trend.setMaximumHeight(320)
        for chart in (self.per_week, self.rater):
            chart.setMinimumHeight(260)
        self.panels = [ChartPanel(chart) for chart in (self.trend, self.per_week, self.rater)]
        grid.addWidget(self.panels[0], 0, 0, 1, 2)
        grid.addWidget(self.panels[1], 1, 0)
        grid.addWidget(self.panels[2], 1, 1)
        layout.addLayout(grid, 1)
        layout.addWidget(hint(self.tr(
            "Satisfaction is not loyalty: look at NPS (would they recommend you?) next to CSAT (were they "
            "happy this time?) and repeat customers (customers with two or more interactions in the period, "
            "out of all customers seen). Trends over time show improvement better than one number."
        )))
        scroll = common.scroll_area(self.tr("Insights: cards and charts"), tab_stop=True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

    # --- display helpers ---------------------------------------------------------------
    def show_tables(self, on: bool) -> None:
        """Each chart as the table of numbers behind it (for screen readers), or as a chart."""
        for panel in self.panels:
            panel.show_table(on)

    def show_figures(self, data: InsightData) -> None:
        """The cards, the charts and the line under the cards, for figures already worked out."""
        def answers(n: int) -> str:
            return self.tr("from %1").replace("%1", count_of(n, self.tr("answer"), self.tr("answers")))

        self.cards["nps"].set_value(_signed(data.nps), answers(data.nps_count))
        self.cards["csat"].set_value(_percent(data.csat), answers(data.csat_count))
        issues = self.tr("of %1").replace("%1", count_of(data.fcr_count, self.tr("issue"), self.tr("issues")))
        self.cards["fcr"].set_value(_percent(data.fcr), issues)
        self.cards["kept"].set_value(_percent(data.kept), self.tr("of %1 due").replace(
            "%1", count_of(data.kept_count, self.tr("promise"), self.tr("promises"))))
        self.cards["repeat"].set_value(_percent(data.repeat), self.tr("%1 of %2").replace(
            "%1", str(data.repeat_customers)).replace(
            "%2", count_of(data.customers_seen, self.tr("customer"), self.tr("customers"))))
        self.cards["target"].set_value(_percent(data.within_target), data.within_target_text)
        names = {"nps": "NPS", "csat": "CSAT %", "fcr": self.tr("First contact %"), "kept": self.tr("Kept %")}
        lines = {names[key]: points for key, points in data.trends.items() if points}
        if lines:
            negative = any(value < 0 for points in lines.values() for _day, value in points)
            self.trend.show_lines(lines, y_range=(-100, 100) if negative else (0, 100), by_month=True,
                                  few_as_bars=True)
        else:
            self.trend.show_nothing(self.tr("no scores in this period yet"))
        self.per_week.show_bars(data.week_labels, data.per_week, self.tr("Interactions"), self.tr("Week of"))
        self.rater.show_bars(data.rater_labels, {self.tr("Feedback"): data.rater_counts}, self.tr("Comments"),
                             self.tr("RATER dimension"))
        if data.interactions == 0 and data.nps_count == 0 and data.csat_count == 0:
            self.status.setText(self.tr("Nothing logged in this period yet. Log interactions and feedback to "
                                        "see your numbers here."))
        else:
            self.status.setText(self.tr("%1 in this period.").replace(
                "%1", count_of(data.interactions, self.tr("interaction"), self.tr("interactions"))))

    def clear_figures(self) -> None:
        for card in self.cards.values():
            card.set_value("—")
        for chart in (self.trend, self.per_week, self.rater):
            chart.show_nothing()
        self.status.setText("")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"
