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
    assert page.trend.series_count() >= 2
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
