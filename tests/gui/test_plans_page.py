"""Plans & reviews: the SMART checks per letter, saving objectives, PDCA reviews and the trend."""

from __future__ import annotations

from journal_app.journal.records import Objective, Review
from journal_app.services.rules.smart import check_objective, is_smart
from journal_app.ui.models.plans import ObjectiveRow, ObjectiveTableModel, ReviewTableModel
from journal_app.ui.pages.plans import PlansPage


def _page(qtbot, context):
    page = PlansPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_each_letter_turns_green_as_it_is_filled_in(qtbot, context):
    page = _page(qtbot, context)
    page.new_objective()
    checks = page.form.checks
    assert checks.passed() == dict.fromkeys("SMART", False)
    assert "Add a metric, a baseline and a target" in checks.advice["M"].text()

    page.form.specific.setPlainText("Call every key customer back within a day of a complaint")
    page.form.metric_name.setText("% called back in 24h")
    page.form.baseline.setText("40")
    assert not checks.passed()["M"]  # a target is still missing
    page.form.target.setText("90")
    page.form.achievable.setPlainText("My supervisor gives me an hour each afternoon")
    page.form.relevant.setPlainText("Key customers said waiting is what annoys them most")
    assert checks.passed() == {"S": True, "M": True, "A": True, "R": True, "T": False}
    page.form.due.set_value("2026-12-18")
    page.form.review.set_value("2026-11-13")
    assert all(checks.passed().values())
    assert "✓" in checks.marks["T"].text()


def test_save_an_objective_and_review_it(qtbot, context):
    page = _page(qtbot, context)
    page.new_objective()
    page.form.specific.setPlainText("Raise CSAT for service desk customers")
    page.form.metric_name.setText("CSAT")
    page.form.baseline.setText("3.8")
    page.form.target.setText("4.5")
    page.form.due.set_value("2027-01-31")
    page.form.buttons.accepted.emit()
    [stored] = context.journal.objectives.all()
    assert (stored.baseline, stored.target, stored.due) == (3.8, 4.5, "2027-01-31")
    assert page.model.rowCount() == 1
    assert page.tabs.isTabEnabled(1)

    page.new_review()
    page.review_form.metric_value.setText("4.1")
    page.review_form.check.setPlainText("Scores went up after the call-backs")
    page.review_form.act.setPlainText("Keep call-backs; add a text message")
    page.review_form.buttons.accepted.emit()
    [review] = context.journal.reviews.all()
    assert review.objective == stored.id and review.metric_value == 4.1 and review.at == "2026-10-06"
    assert page.review_model.rowCount() == 1
    # The chart shows the measured line plus the baseline and target lines.
    assert page.chart.series_count() == 3
    assert context.saves == 2


def test_a_bad_number_is_refused_plainly(qtbot, context, shown_errors):
    page = _page(qtbot, context)
    page.new_objective()
    page.form.specific.setPlainText("Something")
    page.form.target.setText("lots")
    page.form.buttons.accepted.emit()
    assert len(shown_errors) == 1 and "target" in str(shown_errors[0])
    assert context.journal.objectives.count() == 0


def test_show_record_opens_a_review(qtbot, context):
    o = context.journal.objectives.add(Objective(specific="x", metric="NPS", target=50))
    r = context.journal.reviews.add(Review(objective=o.id, at="2026-10-01", metric_value=20))
    page = _page(qtbot, context)
    assert page.show_record("review", r.id)
    assert page.tabs.currentIndex() == 1
    assert page.review_form.metric_value.text() == "20"
    page.clear()
    assert page.model.rowCount() == 0 and page.review_model.rowCount() == 0


def test_smart_rules():
    good = Objective(specific="Call key customers back within a day", metric="calls", baseline=1, target=5,
                     achievable="yes", relevant="yes", due="2026-12-01", review="2026-11-01")
    assert is_smart(good)
    late_review = Objective(**{**good.to_dict(), "review": "2027-01-01"})
    t = check_objective(late_review)[-1]
    assert not t.ok and "after the due date" in t.advice
    same = Objective(**{**good.to_dict(), "target": 1})
    assert not check_objective(same)[1].ok


def test_models_pass_the_model_tester(qtmodeltester):
    objectives = ObjectiveTableModel()
    objectives.set_rows([ObjectiveRow(Objective(specific="a", target=2), "", 1),
                         ObjectiveRow(Objective(specific="b"), "Customer A", 0)])
    qtmodeltester.check(objectives)
    reviews = ReviewTableModel()
    reviews.set_rows([Review(objective="o", at="2026-10-01", metric_value=3),
                      Review(objective="o", at="2026-10-02")])
    qtmodeltester.check(reviews)
