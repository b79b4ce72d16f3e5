"""The interaction form as typed sections: drafts journals already keep still load and come
back the same, each section's fields reach the saved records, and what counts as worth keeping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from journal_app.journal.records import Boundaries, Complaint, Criterion, Interaction, Offer, Rights, Star
from journal_app.ui.widgets.interaction_form import InteractionForm

BST = timezone(timedelta(hours=1))
NOW = datetime(2026, 10, 6, 16, 30, tzinfo=BST)
CRITERIA = [("unit-1/1.1", Criterion(code="1.1", text="Deal with a complaint")),
            ("unit-1/1.2", Criterion(code="1.2", text="Make an offer"))]

# Every key a draft has held since rights and boundaries were added ("marking"), as the
# journal stores it: a learner's half-typed entry must come back exactly as they left it.
FULL_DRAFT = {
    "editing": None,
    "customer": None,
    "new_customer": {"name": "Mrs Okafor", "kind": "internal", "segment": "key"},
    "kind": "complaint",
    "channel": "phone",
    "when": "2026-10-05T14:30:00",
    "summary": "Van not ready when promised",
    "star": {"situation": "Busy Monday", "task": "Calm her down", "action": "Listened", "result": "Calmer"},
    "reflection": "Ring before the deadline next time",
    "adaptation": "Slowed down",
    "techniques": ["active listening", "empathy"],
    "complaint": {"acknowledge": "Repeated it back", "apologise": "Said sorry", "act": "Courtesy car",
                  "assure": "Checked the rota"},
    "offer": {"what": "Valet", "need": "Clean van", "benefit": "Ready for work", "accepted": True},
    "resolved": True,
    "criteria": ["unit-1/1.1"],
    "promises": [{"kind": "follow-up", "text": "Ring back Friday", "due": "2026-10-09"},
                 {"kind": "promise", "text": "Email the invoice", "due": "2026-10-07"}],
    "marking": {"consumer_right": "reasonable-care-and-skill", "consumer_notes": "Service not done on time",
                "personal_data": "Phone number", "data_handling": "Kept in the job card only",
                "declined": "A free service", "why": "Policy"},
}


@pytest.fixture
def form(qtbot) -> InteractionForm:
    form = InteractionForm()
    qtbot.addWidget(form)
    form.set_choices([], CRITERIA)
    form.start_new(NOW)
    return form


def test_a_draft_in_the_shape_journals_keep_comes_back_unchanged(form):
    form.load_draft(FULL_DRAFT, NOW)
    assert form.draft() == FULL_DRAFT
    # and the learner sees it: the new customer, the complaint, the reflection opened
    assert form.what_happened.new_name.text() == "Mrs Okafor" and form.what_happened.adding_customer()
    assert form.summary.toPlainText() == "Van not ready when promised"
    assert form.more_toggle.isChecked()
    assert not form.complaint.isHidden() and form.offer.isHidden()
    assert [row.text.text() for row in form.promise_rows] == ["Ring back Friday", "Email the invoice"]
    assert form.rights.consumer_right.currentText() == "Service with reasonable care and skill"


def test_an_older_draft_without_marking_or_promise_kinds_still_loads(form):
    older = {"editing": None, "customer": None, "new_customer": None, "kind": "enquiry", "channel": "email",
             "when": "2026-10-06T16:30:00+01:00", "summary": "Asked about opening hours",
             "star": {"situation": "", "task": "", "action": "", "result": ""}, "reflection": "",
             "adaptation": "", "techniques": ["open questions"],
             "complaint": {"acknowledge": "", "apologise": "", "act": "", "assure": ""},
             "offer": {"what": "", "need": "", "benefit": "", "accepted": False}, "resolved": False,
             "criteria": [], "promises": [{"text": "Send the leaflet", "due": "2026-10-08"}]}
    form.load_draft(older, NOW)
    draft = form.draft()
    assert draft["summary"] == "Asked about opening hours" and draft["channel"] == "email"
    assert draft["when"] == "2026-10-06T16:30:00"  # wall-clock, as typed
    assert draft["techniques"] == ["open questions"]
    assert draft["promises"] == [{"kind": "promise", "text": "Send the leaflet", "due": "2026-10-08"}]
    assert draft["marking"] == {"consumer_right": None, "consumer_notes": "", "personal_data": "",
                                "data_handling": "", "declined": "", "why": ""}
    assert form.more_toggle.isChecked()  # a ticked technique is reflection worth showing


def test_each_section_reaches_the_saved_interaction(form):
    saved = Interaction(
        id="i-1", customer=None, at="2026-10-05T14:30:00+01:00", channel="phone", kind="complaint",
        summary="Van not ready", star=Star("Busy", "Calm her", "Listened", "Calmer"), reflection="Ring first",
        techniques=["empathy"], adaptation="Slower", complaint=Complaint("Heard", "Sorry", "Car", "Rota"),
        offer=Offer("Valet", "Clean", "Ready", True), resolved_first_contact=True, criteria=["unit-1/1.2"],
        rights=Rights("as-described", "Not as advertised", "", ""),
        boundaries=Boundaries("Free service", "Policy"))
    form.load(saved, [], NOW)
    interaction, new_customer, promises = form.collect(BST)
    assert new_customer is None and promises == []
    assert interaction.to_dict() == saved.to_dict()


def test_typing_only_in_the_offer_is_worth_keeping(form, qtbot):
    form.show()
    qtbot.waitExposed(form)
    assert not form.has_content()
    form.kind.setCurrentIndex(form.kind.findData("sale"))
    QTest.keyClick(form.more_toggle, Qt.Key.Key_Space)
    form.offer.need.setFocus()
    QTest.keyClicks(form.offer.need, "Needed the van clean for work")
    assert form.has_content()
    assert form.draft()["offer"] == {"what": "", "need": "Needed the van clean for work", "benefit": "",
                                     "accepted": False}


def test_picking_a_kind_or_channel_alone_is_not_worth_keeping(form, qtbot):
    form.show()
    qtbot.waitExposed(form)
    form.kind.setFocus()
    QTest.keyClick(form.kind, Qt.Key.Key_Down)
    form.what_happened.channel.setFocus()
    QTest.keyClick(form.what_happened.channel, Qt.Key.Key_Down)
    assert form.draft()["kind"] != "enquiry" and form.draft()["channel"] != "face-to-face"
    assert not form.has_content()
    QTest.keyClicks(form.summary, "Asked about tyres")
    assert form.has_content()
