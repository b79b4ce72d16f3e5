"""The pack's marking-points section, read back from each format: plan actions and the service
model, response times against target, rights and law, boundaries, improvements and the
repeat-customer rate with its definition — and explicit gaps where nothing is recorded."""

from __future__ import annotations

import dataclasses

import pytest

from journal_app.journal.records import Boundaries, Improvement, Interaction, PlanAction, Rights, ServiceModel
from journal_app.services.export.pack import export_pack

from .export_pack_data import populate
from .test_export_pack import NOW, READERS, _assert_no_personal_data


@pytest.fixture
def marked(memory_journal):
    journal = memory_journal
    ids = populate(journal)
    complaint = journal.interactions.get(ids["complaint"])
    journal.interactions.add(Interaction(customer=ids["patel"], at="2026-11-25T10:00:00+00:00",
                                         kind="follow-up", summary="Checked the car was running well"))
    journal.interactions.update(dataclasses.replace(
        complaint,
        rights=Rights("reasonable-care-and-skill", "The service overran the time agreed",
                      "Mrs Patel's mobile number 07700 900123", "Only on the job card, not on paper"),
        boundaries=Boundaries("A free courtesy car for Aisha", "Only offered on warranty work"),
    ))
    [objective] = journal.objectives.all()
    journal.objectives.update(dataclasses.replace(
        objective,
        actions=[PlanAction(what="Ring Mrs Patel before each car is ready", who="Me", by="2026-11-01",
                            resources="Workshop board"),
                 PlanAction(what="Send a service summary e-mail", by="2026-10-15", done=True)],
        service_model=ServiceModel("responsiveness", "She complained about waiting, a responsiveness gap"),
    ))
    for promise in journal.promises.all():
        journal.promises.update(dataclasses.replace(promise, response_target_hours=8))
    [praise, _late] = journal.feedback.all()
    journal.improvements.add(Improvement(
        change="Ring customers before the promised time", why="Aisha Patel waited for news",
        measure="CSAT", before=3.8, after=4.6, started="2026-10-06", measured="2026-12-01",
        feedback=praise.id, objective=objective.id,
    ))
    return journal


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_pack_evidences_each_marking_point_without_identities(marked, tmp_path, fmt: str) -> None:
    text = READERS[fmt](export_pack(marked, fmt, tmp_path / f"pack.{fmt}", now=NOW))
    for expected in (
        "Plans in action, service levels, rights and improvements",
        # 1. plan actions and the service model
        "Ring Customer A before each car is ready", "Workshop board", "Overdue since 1 Nov 2026", "Done",
        "Responsiveness", "She complained about waiting, a responsiveness gap",
        # 2. service levels
        "Response time = when a promise", "1 of 2 within target", "Within target", "Outside target",
        "Still open", "8 hours",
        # 3. rights and law
        "Service with reasonable care and skill (Consumer Rights Act 2015)",
        "Only on the job card, not on paper", "Recorded on 1 of 2 complaints and sales",
        # 4. boundaries
        "Boundaries and expectations", "Only offered on warranty work",
        # 5. improvements
        "Ring customers before the promised time", "Feedback of 5 Oct 2026", "+0.8",
        "Changed 6 Oct 2026", "Measured 1 Dec 2026",
        # 6. loyalty, with its definition
        "Repeat-customer rate = customers with two or more interactions", "Repeat-customer rate",
        "1 of 3 customers",
    ):
        assert expected in text, expected
    _assert_no_personal_data(text)


def test_gaps_are_shown_not_dropped(memory_journal, tmp_path) -> None:
    populate(memory_journal)
    text = READERS["html"](export_pack(memory_journal, "html", tmp_path / "pack.html", now=NOW))
    for gap in ("No actions recorded for this plan.", "Service model (RATER) Not recorded",
                "No promise or follow-up has a response target recorded.",
                "Recorded on 0 of 2 complaints and sales",
                "No consumer right or data-protection handling recorded yet.",
                "No boundaries or expectations recorded yet.", "No improvements recorded yet."):
        assert gap in text, gap
