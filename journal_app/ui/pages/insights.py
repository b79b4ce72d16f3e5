"""Insights: the numbers a learner quotes (NPS, CSAT, first-contact resolution, promise-kept rate)
as cards and trends, interactions per week by kind, and the RATER breakdown.

The figures come from the KPI service; they are computed off the GUI thread
because a long placement can hold thousands of interactions.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from ..models.insights import InsightData, insight_data
from ..widgets import common
from ..widgets.record_view import today
from .base import Page
from .insights_view import PERIODS, InsightsView


class InsightsPage(Page, InsightsView):
    """Works the figures out off the GUI thread for the chosen period and shows them."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: InsightData | None = None
        self.period.currentIndexChanged.connect(self.refresh)
        self.as_tables.toggled.connect(self.show_tables)

    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        start, end = self.period_range()
        self.status.setText(self.tr("Working out your numbers…"))
        self.context.read("insights", lambda copy: insight_data(copy, start, end), self.show_data,
                          lambda error: common.show_error(self, error))

    def period_range(self) -> tuple[date | None, date]:
        end = today(self.context)
        days = dict(PERIODS)[self.period.currentData()]
        return (end - timedelta(days=days) if days else None), end

    def show_data(self, data: InsightData) -> None:
        self.data = data
        self.show_figures(data)

    def clear(self) -> None:
        self.data = None
        self.clear_figures()
