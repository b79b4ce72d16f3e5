"""The Plans & reviews page's layout: the objectives on the left; on the right the SMART
form, the PDCA reviews with the measure's chart, and the improvements. ``plans.py`` fills it
and saves each form through actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.improvements import ImprovementTableModel
from ..models.plans import ObjectiveTableModel, ReviewTableModel
from ..widgets import common
from ..widgets.charts import ChartView
from ..widgets.improvement_form import ImprovementForm
from ..widgets.objective_form import ObjectiveForm
from ..widgets.record_view import empty_message, hint, table_view
from ..widgets.review_form import ReviewForm
from .base import PageView

REVIEWS_TAB = 1
IMPROVEMENTS_TAB = 2


class PlansView(PageView):
    title = "Plans & reviews"
    object_name = "plans_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Plans & reviews")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(common.page_title(self.tr("Plans & reviews")), 1)
        self.new_button = QPushButton(self.tr("&New objective"))
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(hint(self.tr(
            "Set SMART objectives for a customer or a group, then review them with Plan-Do-Check-Act "
            "using your numbers."
        )))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = ObjectiveTableModel(self)
        self.table = table_view(self.model, self.tr("Objectives"), self)
        empty_message(self.table, self.tr("No objectives yet. Press New objective to set a SMART goal with "
                                          "your assessor."))
        splitter.addWidget(self.table)

        self.tabs = QTabWidget()
        self.form = ObjectiveForm()
        scroll = common.scroll_area(self.tr("Objective details"))
        scroll.setWidget(self.form)
        self.tabs.addTab(scroll, self.tr("Objective (SMART)"))

        reviews = QWidget()
        reviews_layout = QVBoxLayout(reviews)
        self.chart = ChartView(self.tr("Measure over time"))
        reviews_layout.addWidget(self.chart, 2)
        bar = QHBoxLayout()
        self.new_review_button = QPushButton(self.tr("New &review"))
        bar.addWidget(self.new_review_button)
        bar.addStretch(1)
        reviews_layout.addLayout(bar)
        self.review_model = ReviewTableModel(self)
        self.review_table = table_view(self.review_model, self.tr("Reviews of this objective"), reviews)
        empty_message(self.review_table, self.tr("No reviews of this objective yet. Press New review after "
                                                 "you check progress (plan, do, check, act)."))
        self.review_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        reviews_layout.addWidget(self.review_table, 1)
        self.review_form = ReviewForm()
        review_scroll = common.scroll_area(self.tr("Review details"))
        review_scroll.setWidget(self.review_form)
        reviews_layout.addWidget(review_scroll, 2)
        self.tabs.addTab(reviews, self.tr("Reviews (PDCA)"))
        self.tabs.addTab(self._improvements_tab(), self.tr("Improvements"))
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 700])
        layout.addWidget(splitter, 1)
        self.tabs.setTabEnabled(REVIEWS_TAB, False)

    def _improvements_tab(self) -> QWidget:
        tab = QWidget()
        tab_layout = QVBoxLayout(tab)
        tab_layout.addWidget(hint(self.tr(
            "Changes you made because of feedback or a plan, measured before and after. They are not "
            "tied to the objective picked on the left."
        )))
        bar = QHBoxLayout()
        self.new_improvement_button = QPushButton(self.tr("New &improvement"))
        bar.addWidget(self.new_improvement_button)
        bar.addStretch(1)
        tab_layout.addLayout(bar)
        self.improvement_model = ImprovementTableModel(self)
        self.improvement_table = table_view(self.improvement_model, self.tr("Improvements"), tab)
        tab_layout.addWidget(self.improvement_table, 1)
        self.improvement_form = ImprovementForm()
        tab_layout.addWidget(common.scroll_area(self.tr("Improvement details"), self.improvement_form), 2)
        return tab
