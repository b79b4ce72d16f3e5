"""The editors for what the marking points ask for, driven only by QTest key events: rights and
law and boundaries in the interaction editor, a promise's response target, a plan's actions and
service model, and an improvement record on the Plans page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from journal_app.journal.records import Feedback, Interaction, Objective, Promise

from .keyboard_support import show_active

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)
    QApplication.processEvents()


def tab_to(widget: QWidget, limit: int = 80) -> None:
    while not (focused() is widget or widget.isAncestorOf(focused())):
        assert limit > 0, f"Tab never reached {widget.accessibleName()!r}"
        press(Key.Key_Tab)
        limit -= 1


def test_rights_and_boundaries_are_typed_for_a_complaint_and_saved(shell, qtbot):
    show_active(qtbot, shell)
    press(Key.Key_N, CTRL)
    editor = shell.pages["interactions"].editor
    form = editor.form
    qtbot.waitUntil(lambda: focused() is form.customer)
    press(Key.Key_K, ALT)
    for _ in range(3):  # enquiry → sale → service → complaint
        press(Key.Key_Down)
    press(Key.Key_M, ALT)
    type_text("Tyres fitted last week already flat")
    assert not form.rights.isVisible()  # optional, with the reflection: hidden in the quick log
    tab_to(form.more_toggle)
    press(Key.Key_Space)
    assert form.rights.isVisible()
    press(Key.Key_I, ALT)  # Consumer r&ight at stake
    assert focused() is form.rights.consumer_right
    press(Key.Key_Down)  # (none recorded) → satisfactory quality
    press(Key.Key_Down)  # → fit for purpose
    press(Key.Key_U, ALT)
    type_text("Tyres should last more than a week")
    press(Key.Key_V, ALT)
    type_text("Her phone number")
    press(Key.Key_L, ALT)
    type_text("Kept it on the job card only")
    press(Key.Key_B, ALT)
    type_text("A free replacement set before the inspection")
    press(Key.Key_Y, ALT)
    type_text("The manufacturer has to inspect them first")
    press(Key.Key_S, CTRL)

    [saved] = shell.context.journal.interactions.all()
    assert saved.kind == "complaint"
    assert saved.rights.consumer_right == "fit-for-purpose"
    assert saved.rights.consumer_notes == "Tyres should last more than a week"
    assert saved.rights.personal_data == "Her phone number"
    assert saved.rights.data_handling == "Kept it on the job card only"
    assert saved.boundaries.declined == "A free replacement set before the inspection"
    assert saved.boundaries.why == "The manufacturer has to inspect them first"


def test_rights_are_asked_only_for_complaints_and_sales(shell, qtbot):
    show_active(qtbot, shell)
    press(Key.Key_N, CTRL)
    form = shell.pages["interactions"].editor.form
    form.show_reflection(True)
    assert form.kind.currentData() == "enquiry" and not form.rights.isVisible()
    form.kind.setFocus()
    press(Key.Key_Down)  # → sale
    assert form.rights.isVisible()
    press(Key.Key_Down)  # → service
    assert not form.rights.isVisible()


def test_a_promise_gets_a_response_target_and_shows_how_fast_it_was_answered(shell, qtbot):
    journal = shell.context.journal
    i = journal.interactions.add(Interaction(at="2026-10-01T09:30:00+01:00", summary="Call"))
    p = journal.promises.add(Promise(interaction=i.id, text="Ring back", due="2026-10-02", status="kept",
                                     closed_at="2026-10-01T12:30:00+01:00"))
    show_active(qtbot, shell)
    shell.open_record("promise", p.id)
    page = shell.pages["promises"]
    page.edit_selected()
    form = page.form
    qtbot.waitUntil(lambda: form.isVisible())
    assert form.response.text() == "Answered in 3 hours."
    press(Key.Key_T, ALT)  # Response &target
    assert focused() is form.target
    type_text("2")
    press(Key.Key_Tab)
    press(Key.Key_Down)  # hours → days
    tab_to(form.buttons.button(form.buttons.StandardButton.Save))
    press(Key.Key_Space)
    assert journal.promises.get(p.id).response_target_hours == 48
    page.edit_selected()
    assert form.response.text() == "Answered in 3 hours: within the 2 days target."


def test_a_plan_gets_actions_and_its_service_model_by_keyboard(qtbot, context):
    from journal_app.ui.pages.plans import PlansPage

    journal = context.journal
    objective = journal.objectives.add(Objective(specific="Win back the fleet account", metric="CSAT"))
    page = PlansPage(context)
    qtbot.addWidget(page)
    page.refresh()
    page.show_record("objective", objective.id)
    show_active(qtbot, page)
    form = page.form
    press(Key.Key_D, ALT)  # Service model, &dimension
    assert focused() is form.service_model.dimension
    press(Key.Key_Down)  # (not chosen yet) → reliability
    press(Key.Key_Y, ALT)
    type_text("They left after two late vans")
    press(Key.Key_P, ALT)  # "+ Add a &plan action" is pressed
    qtbot.waitUntil(lambda: len(form.plan_actions.rows) == 1)
    [row] = form.plan_actions.rows
    qtbot.waitUntil(lambda: focused() is row.what)
    type_text("Call the fleet manager every Monday")
    press(Key.Key_Tab)
    type_text("Me")
    press(Key.Key_Tab)
    tab_to(row.by)
    type_text("5 Oct 2026")
    tab_to(row.resources)
    type_text("Call list")
    press(Key.Key_Tab)
    assert focused() is row.done
    tab_to(form.buttons)
    press(Key.Key_Space)

    stored = journal.objectives.get(objective.id)
    assert stored.service_model.dimension == "reliability"
    assert stored.service_model.why == "They left after two late vans"
    [action] = stored.actions
    assert (action.what, action.who, action.by, action.resources, action.done) == (
        "Call the fleet manager every Monday", "Me", "2026-10-05", "Call list", False)


def test_an_improvement_is_recorded_on_the_plans_page_by_keyboard(qtbot, context):
    from journal_app.ui.pages.plans import IMPROVEMENTS_TAB, PlansPage

    journal = context.journal
    journal.feedback.add(Feedback(at="2026-10-05T12:00:00+01:00", comment="Nobody rang me back"))
    page = PlansPage(context)
    qtbot.addWidget(page)
    page.refresh()
    page.tabs.setCurrentIndex(IMPROVEMENTS_TAB)
    show_active(qtbot, page)
    press(Key.Key_I, ALT)  # New &improvement
    form = page.improvement_form
    qtbot.waitUntil(lambda: focused() is form.change)
    type_text("Text every customer when the car is ready")
    press(Key.Key_M, ALT)
    type_text("CSAT")
    press(Key.Key_B, ALT)
    type_text("3.6")
    press(Key.Key_A, ALT)
    type_text("4.4")
    press(Key.Key_F, ALT)
    press(Key.Key_Down)  # the one feedback item
    press(Key.Key_S, ALT)  # &Save improvement
    qtbot.waitUntil(lambda: journal.improvements.count() == 1)

    [stored] = journal.improvements.all()
    assert stored.change == "Text every customer when the car is ready"
    assert (stored.measure, stored.before, stored.after) == ("CSAT", 3.6, 4.4)
    assert stored.feedback == journal.feedback.all()[0].id
    assert page.improvement_model.rowCount() == 1
    assert page.improvement_model.data(page.improvement_model.index(0, 2)) == "3.6 → 4.4"


def test_insights_shows_repeat_customers_and_responses_within_target(qtbot, context, clock):
    from journal_app.journal.records import Customer
    from journal_app.ui.pages.insights import InsightsPage

    journal = context.journal
    ann, bob = (journal.customers.add(Customer(name=n)) for n in ("Ann", "Bob"))
    first = journal.interactions.add(Interaction(customer=ann.id, at="2026-10-01T09:00:00+01:00"))
    journal.interactions.add(Interaction(customer=ann.id, at="2026-10-02T09:00:00+01:00"))
    journal.interactions.add(Interaction(customer=bob.id, at="2026-10-03T09:00:00+01:00"))
    for closed in ("2026-10-01T11:00:00+01:00", "2026-10-02T11:00:00+01:00"):
        journal.promises.add(Promise(interaction=first.id, text="Ring back", due="2026-10-02", status="kept",
                                     closed_at=closed, response_target_hours=4))
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None)
    assert page.cards["repeat"].value_label.text() == "50%"
    assert page.cards["repeat"].toolTip() == "1 of 2 customers"
    assert page.cards["target"].value_label.text() == "50%"
    assert page.cards["target"].toolTip() == "1 of 2 within target"


def test_the_export_preview_reads_the_new_free_text(context):
    from journal_app.journal.records import Boundaries, Improvement, PlanAction, Rights, ServiceModel
    from journal_app.ui.models.redaction_preview import exported_texts

    journal = context.journal
    journal.interactions.add(Interaction(at="2026-10-01T09:00:00+01:00", kind="sale",
                                         rights=Rights(personal_data="Ring 07700 900123"),
                                         boundaries=Boundaries("No discount for Mr Jones", "Policy")))
    journal.objectives.add(Objective(actions=[PlanAction(what="Visit Mr Jones")],
                                     service_model=ServiceModel("empathy", "Mr Jones felt ignored")))
    journal.improvements.add(Improvement(change="Call Mr Jones first", started="2026-10-02"))
    texts = set(exported_texts(journal))
    assert {"Ring 07700 900123", "No discount for Mr Jones", "Visit Mr Jones", "Mr Jones felt ignored",
            "Call Mr Jones first"} <= texts
