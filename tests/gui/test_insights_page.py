"""Insights: the four cards, the trend chart, interactions per week by kind and the RATER chart."""

from __future__ import annotations

from datetime import timedelta

from journal_app.journal.records import Feedback, Interaction, Promise
from journal_app.ui.pages.insights import InsightsPage


def _seed(journal, clock):
    now = clock.now
    for days, kind, resolved in ((1, "complaint", True), (2, "enquiry", True), (9, "complaint", False),
                                 (40, "sale", True)):
        journal.interactions.add(Interaction(at=(now - timedelta(days=days)).isoformat(), kind=kind,
                                             resolved_first_contact=resolved))
    for days, nps, csat, dimension in ((1, 10, 5, "empathy"), (2, 9, 4, "reliability"), (3, 3, 2, "empathy")):
        journal.feedback.add(Feedback(at=(now - timedelta(days=days)).isoformat(), nps=nps, csat=csat,
                                      dimension=dimension))
    journal.promises.add(Promise(text="a", due="2026-10-01", status="kept",
                                 closed_at="2026-10-01T10:00:00+01:00"))
    journal.promises.add(Promise(text="b", due="2026-10-02", status="broken",
                                 closed_at="2026-10-03T10:00:00+01:00"))


def test_cards_and_charts_show_the_measures(qtbot, context, clock):
    _seed(context.journal, clock)
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    cards = page.cards
    assert cards["nps"].value_label.text() == "+33"  # 2 promoters, 1 detractor of 3
    assert cards["csat"].value_label.text() == "67%"
    assert cards["kept"].value_label.text() == "50%"
    assert cards["fcr"].value_label.text() not in ("", "—")
    assert page.per_week.series_count() == 1 and page.rater.series_count() == 1
    assert len(page.trend.series_names()) >= 2
    assert page.data.rater_counts[page.data.rater_labels.index("Empathy")] == 2
    assert "4 interactions" in page.status.text()

    page.period.setCurrentIndex(page.period.findData("4w"))  # the sale 40 days ago drops out
    assert "3 interactions" in page.status.text()


def test_an_empty_journal_explains_itself(qtbot, context):
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.cards["nps"].value_label.text() == "—"
    assert "Nothing logged" in page.status.text()
    page.clear()
    assert page.data is None


def _one_month(journal, clock):
    """Four days of October: interactions, promises and feedback all inside one month."""
    now = clock.now
    for days, kind in ((1, "complaint"), (2, "enquiry"), (3, "sale"), (5, "complaint")):
        journal.interactions.add(Interaction(at=(now - timedelta(days=days)).isoformat(), kind=kind,
                                             resolved_first_contact=True))
    for days, nps, csat in ((1, 10, 5), (4, 6, 3)):
        journal.feedback.add(Feedback(at=(now - timedelta(days=days)).isoformat(), nps=nps, csat=csat,
                                      dimension="empathy"))
    journal.promises.add(Promise(text="a", due="2026-10-02", status="kept",
                                 closed_at="2026-10-02T10:00:00+01:00"))


def test_one_month_of_data_is_grouped_bars_with_one_label(qtbot, context, clock):
    from PySide6.QtCharts import QLineSeries

    _one_month(context.journal, clock)
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.trend.x_labels() == ["Oct 2026"]  # one month: one label, never repeated
    assert not [s for s in page.trend.chart().series() if isinstance(s, QLineSeries)], \
        "one month drawn as dots stacked in one column"
    assert set(page.trend.series_names()) == {"NPS", "CSAT %", "First contact %", "Kept %"}
    weeks = page.per_week.x_labels()
    assert weeks and len(weeks) == len(set(weeks))
    assert page.status.text() == "4 interactions in this period."


def test_three_months_are_lines_over_month_labels(qtbot, context, clock):
    from PySide6.QtCharts import QLineSeries

    now = clock.now
    for days in (1, 35, 66):
        context.journal.feedback.add(Feedback(at=(now - timedelta(days=days)).isoformat(), nps=9, csat=4))
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.trend.x_labels() == ["Aug 2026", "Sep 2026", "Oct 2026"]
    assert any(isinstance(s, QLineSeries) for s in page.trend.chart().series())


def test_one_interaction_is_not_plural(qtbot, context, clock):
    context.journal.interactions.add(Interaction(at=(clock.now - timedelta(days=1)).isoformat(), kind="sale"))
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.status.text() == "1 interaction in this period."


def test_alt_t_shows_every_chart_as_a_table_a_screen_reader_can_read(qtbot, context, clock):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.keyboard_support import show_active

    _one_month(context.journal, clock)
    page = InsightsPage(context)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    page.refresh()
    assert not any(panel.showing_table() for panel in page.panels)
    QTest.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(page.as_tables, Qt.Key.Key_Space)
    assert all(panel.showing_table() and panel.table.isVisible() for panel in page.panels)
    trend = page.panels[0].table
    assert trend.accessibleName() == "Scores over time (by month), as a table"
    model = trend.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Month", "NPS", "CSAT %", "First contact %", "Kept %"]
    assert [model.index(0, c).data() for c in range(model.columnCount())] == ["Oct 2026", "0", "50", "100",
                                                                              "100"]
    week = page.panels[1].table.model()
    assert week.headerData(0, Qt.Orientation.Horizontal) == "Week of"
    rater = page.panels[2].table.model()
    assert rater.headerData(0, Qt.Orientation.Horizontal) == "RATER dimension"
    rows = {rater.index(r, 0).data(): rater.index(r, 1).data() for r in range(rater.rowCount())}
    assert rows["Empathy"] == "2"
    QTest.keyClick(page.as_tables, Qt.Key.Key_Space)
    assert not any(panel.showing_table() for panel in page.panels)


def test_both_themes_draw_the_series_in_the_one_colour_blind_safe_order(qtbot, context, clock):
    from journal_app.services.export.colours import CHART_COLOURS
    from journal_app.ui import theme

    _one_month(context.journal, clock)
    seen = {}
    for scheme in ("light", "dark"):
        page = InsightsPage(context)
        for chart in (page.trend, page.per_week):
            chart.setPalette(theme.palette_for(scheme))  # each chart picks its theme from its palette
        qtbot.addWidget(page)
        page.refresh()
        assert page.trend.chart().theme() == (page.trend.chart().ChartTheme.ChartThemeDark if scheme == "dark"
                                              else page.trend.chart().ChartTheme.ChartThemeLight)
        seen[scheme] = (page.trend.colours(), page.per_week.colours())
    assert seen["light"] == seen["dark"]
    trend, per_week = seen["light"]
    assert trend == [c.lower() for c in CHART_COLOURS[:4]]
    assert per_week == [c.lower() for c in CHART_COLOURS[:3]]
