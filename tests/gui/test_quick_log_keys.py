"""The quick log by keyboard only, from the main window: the Tab order follows what is shown
(who, what, the promise, Save) and the optional reflection comes after Save.

Only QTest key events drive the editor. ``Keys`` counts every key that is not part of the
typed text; the reference task (a new customer, a kind, a channel, a one-sentence summary,
one promise with a due date, saved) must take at most 60 of them.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Mrs Okafor"
SUMMARY = "Rang to complain her car was not ready on time."
PROMISE = "Ring her back with the repair date"
KEY_BUDGET = 60


class Keys:
    """The learner's hands: key presses beyond typed text are counted."""

    def __init__(self) -> None:
        self.presses = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(focused(), key, modifier)
        self.presses += 1
        QApplication.processEvents()  # as between a learner's keystrokes (new rows are shown)

    def type(self, text: str) -> None:
        QTest.keyClicks(focused(), text)
        QApplication.processEvents()

    def tab_out_of(self, field: QWidget, limit: int = 12) -> None:
        """Tab until the focus leaves ``field`` (a date-time field may take one Tab or several)."""
        while inside(focused(), field):
            assert limit > 0, "Tab never left the field"
            self.press(Key.Key_Tab)
            limit -= 1


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def inside(widget: QWidget, field: QWidget) -> bool:
    return widget is field or field.isAncestorOf(widget)


def _open_editor(shell, qtbot, keys: Keys):
    shell.show()
    shell.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell)
    keys.press(Key.Key_N, CTRL)  # Journal › New interaction
    editor = shell.pages["interactions"].editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.form.customer)
    return editor


def _expected_stops(editor) -> list[tuple[str, QWidget]]:
    form = editor.form
    what = form.what_happened
    row = form.promise_rows[0]
    stops = [
        ("Customer", form.customer), ("New customer…", what.new_customer_button),
        ("Kind", form.kind), ("Channel", what.channel), ("When", what.when), ("Summary", form.summary),
        ("Resolved", what.resolved), ("Promise text", row.text), ("Promise due", row.due),
        ("Promise kind", row.kind), ("Remove promise", row.remove),
        ("Add another promise", form.promises.add_button), ("Save", editor.save_button),
        ("Save and log another", editor.save_another_button), ("Cancel", editor.cancel_button),
        ("Reflection", form.more_toggle),
    ]
    if not form.more.isHidden():
        stops += [(f"STAR {part}", box) for part, box in form.reflection.star.items()]
        stops += [("Differently", form.reflection.differently), ("Adapted", form.reflection.adaptation)]
        stops += [(f"Technique {name}", box) for name, box in form.reflection.techniques.items()]
        if not form.complaint.isHidden():
            stops += [(f"4 As {step}", box) for step, box in form.complaint.four_as.items()]
        if not form.offer.isHidden():
            stops += [("Offer", form.offer.what), ("Offer need", form.offer.need),
                      ("Offer benefit", form.offer.benefit), ("Offer accepted", form.offer.accepted)]
        stops += [("Criteria", form.criteria.picker)]
    return [*stops, ("Attach evidence", editor.attach_button)]


def _walk_tab_order(editor, count: int) -> list[str]:
    """Tab from Customer; each focused widget is named by the field it belongs to (a field
    made of several parts, like a date, is one stop however many Tabs it takes)."""
    expected = _expected_stops(editor)
    seen: list[str] = []
    QTest.keyClick(focused(), Key.Key_C, Qt.KeyboardModifier.AltModifier)  # "&Customer:"
    assert focused() is editor.form.customer
    for _ in range(count * 8):
        widget = focused()
        name = next((label for label, field in expected if inside(widget, field)),
                    f"{type(widget).__name__} {widget.objectName()!r} {widget.accessibleName()!r}")
        if not seen or seen[-1] != name:
            seen.append(name)
        if len(seen) > count:
            break
        QTest.keyClick(widget, Key.Key_Tab)
    return seen[:count]


def test_tab_order_is_the_quick_log_then_save_then_the_reflection(shell, qtbot):
    keys = Keys()
    editor = _open_editor(shell, qtbot, keys)
    expected = [label for label, _field in _expected_stops(editor)]
    assert _walk_tab_order(editor, len(expected)) == expected
    assert expected[:16] == [
        "Customer", "New customer…", "Kind", "Channel", "When", "Summary", "Resolved",
        "Promise text", "Promise due", "Promise kind", "Remove promise", "Add another promise",
        "Save", "Save and log another", "Cancel", "Reflection",
    ]

    # Opening the reflection (Space on its toggle) puts its fields after Save, before Attach.
    form = editor.form
    while focused() is not form.more_toggle:
        QTest.keyClick(focused(), Key.Key_Tab)
    QTest.keyClick(form.more_toggle, Key.Key_Space)
    assert not form.more.isHidden()
    expected = [label for label, _field in _expected_stops(editor)]
    assert "STAR situation" in expected and expected[-1] == "Attach evidence"
    assert _walk_tab_order(editor, len(expected)) == expected


def test_a_second_promise_row_comes_before_save(shell, qtbot):
    keys = Keys()
    editor = _open_editor(shell, qtbot, keys)
    form = editor.form
    while focused() is not form.promises.add_button:
        keys.press(Key.Key_Tab)
    keys.press(Key.Key_Space)  # + Add a promise or follow-up
    assert len(form.promise_rows) == 2 and focused() is form.promise_rows[1].text
    second = form.promise_rows[1]
    seen = []
    for _ in range(20):
        if focused() is editor.save_button:
            break
        seen.append(next(name for name, field in (("text", second.text), ("due", second.due),
                                                  ("kind", second.kind), ("remove", second.remove),
                                                  ("add", form.promises.add_button))
                         if inside(focused(), field)))
        keys.press(Key.Key_Tab)
    assert focused() is editor.save_button
    assert list(dict.fromkeys(seen)) == ["text", "due", "kind", "remove", "add"]


def test_the_reference_quick_log_takes_at_most_60_keys(shell, qtbot, clock):
    keys = Keys()
    editor = _open_editor(shell, qtbot, keys)
    form = editor.form
    keys.press(Key.Key_Tab)  # → New customer…
    assert focused() is form.what_happened.new_customer_button
    keys.press(Key.Key_Space)
    qtbot.waitUntil(lambda: focused() is form.what_happened.new_name)
    keys.type(NAME)
    while focused() is not form.kind:  # past "internal or external" and segment
        keys.press(Key.Key_Tab)
    for _ in range(3):  # enquiry → sale → service → complaint
        keys.press(Key.Key_Down)
    assert form.kind.currentData() == "complaint"
    keys.press(Key.Key_Tab)
    assert focused() is form.what_happened.channel
    keys.press(Key.Key_Down)  # face-to-face → phone
    assert form.what_happened.channel.currentData() == "phone"
    keys.press(Key.Key_Tab)
    keys.tab_out_of(form.what_happened.when)
    assert focused() is form.summary
    keys.type(SUMMARY)
    keys.press(Key.Key_Tab)
    assert focused() is form.what_happened.resolved
    keys.press(Key.Key_Tab)
    assert focused() is form.promise_rows[0].text
    keys.type(PROMISE)  # due by: tomorrow, already filled in
    keys.press(Key.Key_S, CTRL)
    print(f"reference quick log: {keys.presses} keys beyond the typed text")
    assert keys.presses <= KEY_BUDGET, keys.presses

    journal = shell.context.journal
    [interaction] = journal.interactions.all()
    assert interaction.summary == SUMMARY
    assert interaction.kind == "complaint" and interaction.channel == "phone"
    customer = journal.customers.get(interaction.customer)
    assert customer.name == NAME
    [promise] = journal.promises.all()
    assert promise.text == PROMISE
    assert promise.interaction == interaction.id and promise.customer == customer.id
    assert promise.due == (clock.now + timedelta(days=1)).date().isoformat()
    assert not shell.pages["interactions"].editing  # back on the list
    # …and told what was saved, in words (real names: this is the unlocked window)
    assert shell.statusBar().currentMessage() == f"Saved: Complaint with {NAME}, and 1 promise."
    assert shell.pages["interactions"].count_label.text() == "1 interaction"
    shell.lock()
    assert shell.statusBar().currentMessage() == ""  # no name left on screen once locked


def test_saving_without_a_summary_puts_the_keyboard_in_the_summary(shell, qtbot):
    keys = Keys()
    editor = _open_editor(shell, qtbot, keys)
    keys.press(Key.Key_S, CTRL)
    assert editor.error_label.isVisible() and "summary" in editor.error_label.text()
    assert focused() is editor.form.summary
    keys.type(SUMMARY)
    keys.press(Key.Key_S, CTRL)
    assert shell.statusBar().currentMessage() == "Saved: Enquiry."


def test_a_promise_date_that_isnt_one_puts_the_keyboard_back_in_it(shell, qtbot):
    keys = Keys()
    editor = _open_editor(shell, qtbot, keys)
    form = editor.form
    for _ in range(12):
        if focused() is form.summary:
            break
        keys.press(Key.Key_Tab)
    keys.type(SUMMARY)
    keys.press(Key.Key_Tab)
    keys.press(Key.Key_Tab)
    assert focused() is form.promise_rows[0].text
    keys.type(PROMISE)
    keys.press(Key.Key_Tab)
    due = form.promise_rows[0].due
    assert inside(focused(), due)
    keys.press(Key.Key_A, CTRL)
    keys.type("the 45th")
    keys.press(Key.Key_Tab)
    keys.press(Key.Key_S, CTRL)
    assert editor.error_label.isVisible()
    assert inside(focused(), due), focused()
    assert not shell.context.journal.interactions.all()
