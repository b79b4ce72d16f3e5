"""The Evidence page: items with witness testimony and links, encrypted attachments (add, drop,
preview, save a copy), and the criteria coverage map with click-through."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from journal_app.journal.records import Evidence, Interaction, Witness
from journal_app.ui.models.evidence import CoverageRow, CoverageTableModel, EvidenceTableModel
from journal_app.ui.pages.evidence import EvidencePage
from journal_app.ui.widgets import attachment_panel


def _page(qtbot, context):
    page = EvidencePage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _png(tmp_path, name="photo.png"):
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_add_a_witness_testimony_linked_to_an_interaction(qtbot, context, clock):
    interaction = context.journal.interactions.add(
        Interaction(at=clock.now.isoformat(), summary="Calmed an upset customer"))
    page = _page(qtbot, context)
    page.new_evidence()
    form = page.form
    assert not page.attachment.add_button.isEnabled()  # save first, then attach
    form.kind.setCurrentIndex(form.kind.findData("witness-testimony"))
    assert form.witness_box.isVisibleTo(page)
    qtbot.keyClicks(form.title, "Supervisor's testimony")
    form.witness_name.setText("Jo Bloggs")
    form.witness_role.setText("Service manager")
    form.witness_statement.setPlainText("I watched Sam handle a complaint calmly.")
    form.witness_signed.setChecked(True)
    form.interactions.item(0).setCheckState(Qt.CheckState.Checked)
    form.criteria.item(0).setCheckState(Qt.CheckState.Checked)
    form.buttons.accepted.emit()

    [stored] = context.journal.evidence.all()
    assert stored.witness == Witness(
        "Jo Bloggs", "Service manager", "I watched Sam handle a complaint calmly.", True)
    assert stored.interactions == [interaction.id]
    assert stored.criteria == [context.journal.criteria()[0][0]]
    assert stored.at == "2026-10-06"
    assert page.model.rowCount() == 1 and page.attachment.add_button.isEnabled()
    assert context.saves == 1


def test_attach_preview_save_a_copy_and_remove(qtbot, context, tmp_path, monkeypatch):
    item = context.journal.evidence.add(Evidence(kind="photo", title="Tidy desk"))
    page = _page(qtbot, context)
    page.show_record("evidence", item.id)
    source = _png(tmp_path)
    monkeypatch.setattr(attachment_panel, "pick_file_to_attach", lambda parent: source)
    page.attachment.add_button.click()

    stored = context.journal.evidence.get(item.id)
    assert stored.file is not None and stored.file.name == "photo.png"
    assert stored.file.media_type == "image/png"
    assert "photo.png" in page.attachment.details.text()
    assert page.attachment.preview.pixmap() is not None and not page.attachment.preview.pixmap().isNull()

    target = tmp_path / "out" / "copy.png"
    target.parent.mkdir()
    opened = []
    monkeypatch.setattr(attachment_panel, "pick_save_path", lambda parent, name: target)
    monkeypatch.setattr(attachment_panel, "open_path", lambda path: opened.append(path) or True)
    page.attachment.open_button.click()
    assert target.read_bytes() == source.read_bytes()
    assert opened == [target]

    page.attachment.remove_button.click()
    assert context.journal.evidence.get(item.id).file is None


def test_drop_a_file_onto_the_panel(qtbot, context, tmp_path):
    item = context.journal.evidence.add(Evidence(kind="document", title="Rota"))
    page = _page(qtbot, context)
    page.show_record("evidence", item.id)
    note = tmp_path / "notes.txt"
    note.write_text("Meeting notes", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note))])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.attachment.dropEvent(event)
    stored = context.journal.evidence.get(item.id)
    assert stored.file is not None and stored.file.name == "notes.txt"
    assert not page.attachment.preview.isVisibleTo(page)  # not an image: details only


def test_coverage_map_colours_and_click_through(qtbot, context, clock):
    journal = context.journal
    ref = journal.criteria()[0][0]
    interaction = journal.interactions.add(Interaction(at=clock.now.isoformat(), summary="Helped",
                                                       criteria=[ref]))
    page = _page(qtbot, context)
    page.tabs.setCurrentIndex(1)
    coverage = page.coverage
    rows = coverage.model.rows()
    assert len(rows) == len(journal.criteria())
    first = next(r for r in rows if r.criterion == ref)
    assert first.status == "some"
    assert any(r.status == "none" for r in rows)
    assert "amber" in coverage.summary.text()
    coverage.table.selectRow(next(i for i in range(coverage.table.model().rowCount())
                                  if coverage.table.model().index(i, 0).data() == first.code))
    assert coverage.supporting.count() == 1
    opened = []
    context.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    coverage.supporting.itemActivated.emit(coverage.supporting.item(0))
    assert opened == [("interaction", interaction.id)]


def test_delete_evidence(qtbot, context):
    item = context.journal.evidence.add(Evidence(kind="email", title="Thanks"))
    page = _page(qtbot, context)
    page.show_record("evidence", item.id)
    assert page.delete_selected()
    assert context.journal.evidence.count() == 0 and page.model.rowCount() == 0


def test_models_pass_the_model_tester(qtmodeltester):
    items = EvidenceTableModel()
    items.set_rows([Evidence(kind="email", title="a", criteria=["crm-unit:1.1"]), Evidence(kind="photo")])
    qtmodeltester.check(items)
    coverage = CoverageTableModel()
    coverage.set_rows([CoverageRow("crm-unit:1.1", "1.1", "Identify", "none", ()),
                       CoverageRow("crm-unit:1.2", "1.2", "Prioritise", "green", (("evidence", "e1", "x"),))])
    qtmodeltester.check(coverage)
    assert coverage.index(1, 2).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_witness_relationship_and_date_signed_are_typed_saved_and_loaded(shell, qtbot):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.gui.keyboard_support import show_active

    ALT = Qt.KeyboardModifier.AltModifier

    def focused():
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def press(key, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(focused(), key, modifier)
        QApplication.processEvents()

    def type_text(text):
        QTest.keyClicks(focused(), text)
        QApplication.processEvents()

    show_active(qtbot, shell)
    shell.show_page("evidence")
    page = shell.pages["evidence"]
    page.new_evidence()
    form = page.form
    qtbot.waitUntil(lambda: focused() is form.title)
    type_text("Supervisor's testimony")
    press(Qt.Key.Key_K, ALT)
    assert focused() is form.kind
    for _ in range(3):  # other → document → photo → witness testimony
        press(Qt.Key.Key_Up)
    assert form.kind.currentData() == "witness-testimony", form.kind.currentData()
    assert form.witness_box.isVisibleTo(page)
    press(Qt.Key.Key_W, ALT)
    assert focused() is form.witness_name
    type_text("Jo Bloggs")
    press(Qt.Key.Key_H, ALT)  # Relations&hip to you
    assert focused() is form.witness_relationship
    assert form.witness_relationship.accessibleName() == "Relationship to you"
    type_text("My line manager")
    press(Qt.Key.Key_O, ALT)  # Signed &on
    assert form.witness_signed_on.isAncestorOf(focused())
    assert form.witness_signed_on.accessibleName() == "Date signed"
    type_text("2/10/2026")
    press(Qt.Key.Key_Tab)
    save = form.buttons.button(form.buttons.StandardButton.Save)
    for _ in range(30):
        if focused() is save:
            break
        press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Space)

    [stored] = shell.context.journal.evidence.all()
    assert stored.witness.name == "Jo Bloggs"
    assert stored.witness.relationship == "My line manager"
    assert stored.witness.signed_on == "2026-10-02"

    page.new_evidence()
    assert form.witness_relationship.text() == ""
    assert form.witness_signed_on.value() is None  # unset until picked
    assert page.show_record("evidence", stored.id)
    assert form.witness_relationship.text() == "My line manager"
    assert form.witness_signed_on.value() == "2026-10-02"


def test_date_signed_stays_unset_when_not_picked(qtbot, context):
    page = _page(qtbot, context)
    page.new_evidence()
    form = page.form
    form.kind.setCurrentIndex(form.kind.findData("witness-testimony"))
    qtbot.keyClicks(form.title, "Testimony")
    qtbot.keyClicks(form.witness_relationship, "Mentor")
    form.buttons.accepted.emit()
    [stored] = context.journal.evidence.all()
    assert stored.witness.relationship == "Mentor"
    assert stored.witness.signed_on is None


def test_the_evidence_form_with_a_witness_has_its_own_letters(shell, qtbot, clock):
    from tests.gui.keyboard_support import filled_shell
    from tests.gui.test_mnemonics import assert_no_clash, visible_mnemonics

    filled_shell(qtbot, shell, clock)
    shell.show_page("evidence")
    page = shell.pages["evidence"]
    page.new_evidence()
    page.form.kind.setCurrentIndex(page.form.kind.findData("witness-testimony"))
    assert_no_clash(shell, "evidence form with a witness")
    letters = visible_mnemonics(shell)
    assert letters["h"] == ["Relations&hip to you:"] and letters["o"] == ["Signed &on:"]
