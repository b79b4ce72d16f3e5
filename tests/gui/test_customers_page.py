"""The Customers page: add and edit a customer, filter the list, read their journey."""

from __future__ import annotations

from PySide6.QtCore import Qt

from journal_app.journal.records import Customer, Feedback, Interaction, Promise
from journal_app.ui.models.customers import CustomerRow, CustomerTableModel, TimelineModel, journey
from journal_app.ui.pages.customers import CustomersPage


def _page(qtbot, context):
    page = CustomersPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _names(page: CustomersPage) -> list[str]:
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_add_a_customer_from_the_form(qtbot, context):
    page = _page(qtbot, context)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.form
    qtbot.keyClicks(page.form.name, "Mrs A. Patel")
    page.form.segment.setCurrentIndex(page.form.segment.findData("key"))
    page.form.needs.setPlainText("Needs her car back by Friday for the school run")
    page.form.communication.setPlainText("Phone, short and clear")
    page.form.buttons.button(page.form.buttons.StandardButton.Save).click()

    assert _names(page) == ["Mrs A. Patel"]
    assert context.journal.customers.count() == 1
    assert context.saves == 1
    # The new customer is selected and their journey shows needs and style at the top.
    assert page.stack.currentWidget() is page.journey
    assert "school run" in page.journey.needs.text()
    assert "short and clear" in page.journey.style_label.text()
    assert "Key customer" in page.journey.summary.text()


def test_a_customer_needs_a_name(qtbot, context, shown_errors):
    page = _page(qtbot, context)
    page.new_customer()
    page.form.buttons.button(page.form.buttons.StandardButton.Save).click()
    assert len(shown_errors) == 1
    assert "name" in str(shown_errors[0])
    assert context.journal.customers.count() == 0
    assert page.stack.currentWidget() is page.form  # what was typed stays on screen


def test_edit_keeps_the_pseudonym(qtbot, context):
    stored = context.journal.customers.add(Customer(name="Dan Smith", segment="growth"))
    page = _page(qtbot, context)
    assert page.show_record("customer", stored.id)
    page.edit_selected()
    page.form.organisation.setText("Smith Haulage")
    page.form.buttons.button(page.form.buttons.StandardButton.Save).click()
    again = context.journal.customers.get(stored.id)
    assert again.organisation == "Smith Haulage"
    assert again.pseudonym == stored.pseudonym
    assert again.edits == 1


def test_filters_by_segment_and_kind(qtbot, context):
    journal = context.journal
    journal.customers.add(Customer(name="Key External", segment="key"))
    journal.customers.add(Customer(name="Parts Department", kind="internal", segment="maintain"))
    journal.customers.add(Customer(name="Walk In", segment="occasional"))
    page = _page(qtbot, context)
    assert sorted(_names(page)) == ["Key External", "Parts Department", "Walk In"]
    page.segment.setCurrentIndex(page.segment.findData("key"))
    assert _names(page) == ["Key External"]
    page.segment.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("internal"))
    assert _names(page) == ["Parts Department"]
    page.kind.setCurrentIndex(0)
    page.search.setText("walk")
    assert _names(page) == ["Walk In"]
    assert page.count.text() == "1 of 3 customers"


def test_journey_lists_touchpoints_promises_and_feedback(qtbot, context, clock):
    journal = context.journal
    c = journal.customers.add(Customer(name="Mrs A. Patel"))
    i = journal.interactions.add(Interaction(customer=c.id, at=clock.now.isoformat(), kind="complaint",
                                             channel="phone", summary="Car not ready"))
    journal.promises.add(Promise(customer=c.id, interaction=i.id, text="Call back by 5pm", due="2026-10-07"))
    journal.feedback.add(Feedback(customer=c.id, at=clock.now.isoformat(), nps=9, comment="Helpful"))
    other = journal.customers.add(Customer(name="Someone Else"))
    journal.interactions.add(Interaction(customer=other.id, at=clock.now.isoformat(), summary="Not hers"))
    page = _page(qtbot, context)
    page.show_record("customer", c.id)
    rows = page.journey.model.rows()
    assert {r.record_type for r in rows} == {"interaction", "promise", "feedback"}
    assert rows[0].record_type == "promise"  # due tomorrow: newest first
    texts = " ".join(r.detail for r in rows)
    assert "Car not ready" in texts and "Not hers" not in texts
    assert any("NPS 9" in r.detail for r in rows)
    # The list shows the last contact date and the count of interactions.
    model = page.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Mrs A. Patel")
    assert model.index(row, page.model.column_index("last_contact")).data() == "6 Oct 2026"
    assert model.index(row, page.model.column_index("interactions")).data() == "1"

    opened = []
    context.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    page.journey.table.activated.emit(page.journey.table.model().index(0, 0))
    assert opened and opened[0][0] == "promise"


def test_clear_drops_everything(qtbot, context):
    stored = context.journal.customers.add(Customer(name="Mrs A. Patel"))
    page = _page(qtbot, context)
    page.show_record("customer", stored.id)
    page.clear()
    assert page.model.rowCount() == 0
    assert page.journey.model.rowCount() == 0
    assert page.journey.name.text() == ""


def test_models_pass_the_model_tester(qtmodeltester, clock):
    model = CustomerTableModel()
    model.set_rows([CustomerRow(Customer(name="A", pseudonym="Customer A"), clock.now.isoformat(), 3),
                    CustomerRow(Customer(name="B", pseudonym="Customer B"), "", 0)])
    qtmodeltester.check(model)
    timeline = TimelineModel()
    timeline.set_rows(journey([Interaction(at=clock.now.isoformat(), summary="x")],
                              [Promise(text="y", due="2026-10-09")], []))
    qtmodeltester.check(timeline)


def _focused():
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def _press(key, modifier=Qt.KeyboardModifier.NoModifier):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.keyClick(_focused(), key, modifier)
    QApplication.processEvents()


def _type(text):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.keyClicks(_focused(), text)
    QApplication.processEvents()


def _tab_to_save(form):
    save = form.buttons.button(form.buttons.StandardButton.Save)
    for _ in range(30):
        if _focused() is save:
            return
        _press(Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached Save")


def test_why_this_segment_is_typed_saved_and_shown_again(shell, qtbot):
    from tests.gui.keyboard_support import show_active

    ALT = Qt.KeyboardModifier.AltModifier
    show_active(qtbot, shell)
    shell.show_page("customers")
    page = shell.pages["customers"]
    _press(Qt.Key.Key_N, ALT)  # &New customer
    form = page.form
    qtbot.waitUntil(lambda: _focused() is form.name)
    _type("Mrs A. Patel")
    _press(Qt.Key.Key_S, ALT)  # &Segment
    assert _focused() is form.segment
    _press(Qt.Key.Key_Up)
    _press(Qt.Key.Key_Up)
    _press(Qt.Key.Key_Up)  # to the top of the list: key
    _press(Qt.Key.Key_Tab)  # the reason comes right after the segment
    assert _focused() is form.segment_reason
    assert form.segment_reason.accessibleName() == "Why this segment"
    _type("Three cars on the fleet, books every service")
    _tab_to_save(form)
    _press(Qt.Key.Key_Space)

    [stored] = shell.context.journal.customers.all()
    assert stored.segment == "key"
    assert stored.extra["segment_reason"] == "Three cars on the fleet, books every service"

    page.show_record("customer", stored.id)
    page.edit_selected()
    assert form.segment_reason.toPlainText() == "Three cars on the fleet, books every service"
    form.segment_reason.setFocus()
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _press(Qt.Key.Key_Delete)  # emptied: the reason is dropped, other kept keys stay
    _tab_to_save(form)
    _press(Qt.Key.Key_Space)
    again = shell.context.journal.customers.get(stored.id)
    assert "segment_reason" not in again.extra
    page.new_customer()
    assert form.segment_reason.toPlainText() == ""  # a new customer starts without one


def test_an_imported_reason_and_other_kept_keys_survive_an_edit(qtbot, context):
    stored = context.journal.customers.add(Customer(
        name="Dan Smith", segment="growth", extra={"segment_reason": "Opening a second depot", "fleet": "4"}))
    page = _page(qtbot, context)
    page.show_record("customer", stored.id)
    page.edit_selected()
    assert page.form.segment_reason.toPlainText() == "Opening a second depot"
    qtbot.keyClicks(page.form.organisation, "Smith Haulage")
    page.form.buttons.button(page.form.buttons.StandardButton.Save).click()
    again = context.journal.customers.get(stored.id)
    assert again.extra == {"segment_reason": "Opening a second depot", "fleet": "4"}
    assert again.organisation == "Smith Haulage"


def test_the_customer_form_has_its_own_letters(shell, qtbot, clock):
    from tests.gui.keyboard_support import filled_shell
    from tests.gui.test_mnemonics import assert_no_clash, visible_mnemonics

    filled_shell(qtbot, shell, clock)
    shell.show_page("customers")
    shell.pages["customers"].new_customer()
    assert_no_clash(shell, "customer form")
    assert visible_mnemonics(shell)["w"] == ["&Why this segment:"]
