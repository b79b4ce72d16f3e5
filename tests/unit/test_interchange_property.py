"""Any valid document imported and exported again gives back the same records, ids and all."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal_app.journal import records as r
from journal_app.journal.journal import Journal, builtin_framework
from journal_app.services.exchange.interchange import export_document, import_document

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
SHORT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
IDS = st.text("abcdefghij0123456789-", min_size=1, max_size=8)
CRITERIA = st.lists(
    st.sampled_from(["crm-unit:1.1", "crm-unit:2.3", "crm-unit:4.1"]), unique=True, max_size=2
)


@st.composite
def moments(draw) -> str:
    base = datetime(2026, 9, 1, tzinfo=timezone(timedelta(hours=draw(st.sampled_from([0, 1, -5])))))
    return (base + timedelta(minutes=draw(st.integers(0, 400_000)))).isoformat()


@st.composite
def days(draw) -> str:
    return (datetime(2026, 9, 1) + timedelta(days=draw(st.integers(0, 400)))).date().isoformat()


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def documents(draw) -> dict:
    customer_ids = draw(st.lists(IDS, unique=True, min_size=1, max_size=4))
    customers = [{
        "id": cid, "name": draw(TEXT.filter(str.strip)), "kind": draw(st.sampled_from(r.CUSTOMER_KINDS)),
        "organisation": draw(SHORT), "segment": draw(st.sampled_from(r.SEGMENTS)), "needs": draw(TEXT),
        "communication": draw(TEXT), "contact": draw(TEXT), "notes": draw(TEXT),
    } for cid in customer_ids]
    interaction_ids = draw(st.lists(IDS, unique=True, max_size=4))
    block = st.fixed_dictionaries
    interactions = [{
        "id": iid, "customer": draw(_maybe(st.sampled_from(customer_ids))), "at": draw(moments()),
        "channel": draw(st.sampled_from(r.CHANNELS)), "kind": draw(st.sampled_from(r.INTERACTION_KINDS)),
        "summary": draw(TEXT),
        "star": draw(block({k: TEXT for k in ("situation", "task", "action", "result")})),
        "reflection": draw(TEXT), "techniques": draw(st.lists(SHORT, max_size=3)), "adaptation": draw(TEXT),
        "complaint": draw(_maybe(block({k: TEXT for k in ("acknowledge", "apologise", "act", "assure")}))),
        "offer": draw(_maybe(block(
            {"what": TEXT, "need": TEXT, "benefit": TEXT, "accepted": st.booleans()}))),
        "resolved_first_contact": draw(st.booleans()), "criteria": draw(CRITERIA),
    } for iid in interaction_ids]
    any_interaction = _maybe(st.sampled_from(interaction_ids)) if interaction_ids else st.none()
    promises = [{
        "id": f"p{n}", "customer": draw(_maybe(st.sampled_from(customer_ids))),
        "interaction": draw(any_interaction), "kind": draw(st.sampled_from(r.PROMISE_KINDS)),
        "text": draw(TEXT.filter(str.strip)), "due": draw(days()),
        "status": draw(st.sampled_from(r.PROMISE_STATUSES)), "closed_at": draw(_maybe(moments())),
        "outcome": draw(TEXT),
    } for n in range(draw(st.integers(0, 3)))]
    feedback = [{
        "id": f"f{n}", "customer": draw(_maybe(st.sampled_from(customer_ids))),
        "interaction": draw(any_interaction), "at": draw(moments()),
        "source": draw(st.sampled_from(r.FEEDBACK_SOURCES)), "nps": draw(_maybe(st.integers(0, 10))),
        "csat": draw(_maybe(st.integers(1, 5))), "comment": draw(TEXT),
        "dimension": draw(_maybe(st.sampled_from(r.RATER))), "action_taken": draw(TEXT),
    } for n in range(draw(st.integers(0, 3)))]
    hours = [{
        "id": f"h{n}", "date": draw(days()), "minutes": draw(st.integers(1, 1440)), "activity": draw(TEXT),
        "off_the_job": draw(st.booleans()), "criteria": draw(CRITERIA),
    } for n in range(draw(st.integers(0, 2)))]
    objectives = [{
        "id": "o1", "customer": draw(_maybe(st.sampled_from(customer_ids))),
        "segment": draw(_maybe(st.sampled_from(r.SEGMENTS))), "specific": draw(TEXT), "metric": draw(SHORT),
        "baseline": draw(_maybe(st.floats(-1e6, 1e6))), "target": draw(_maybe(st.floats(-1e6, 1e6))),
        "achievable": draw(TEXT), "relevant": draw(TEXT), "due": draw(_maybe(days())),
        "review": draw(_maybe(days())), "status": draw(st.sampled_from(r.OBJECTIVE_STATUSES)),
        "criteria": draw(CRITERIA),
    }] if draw(st.booleans()) else []
    reviews = [{
        "id": "r1", "objective": "o1", "at": draw(days()), "plan": draw(TEXT), "do": draw(TEXT),
        "check": draw(TEXT), "act": draw(TEXT), "metric_value": draw(_maybe(st.floats(-1e6, 1e6))),
    }] if objectives else []
    return {
        "format": "placement-journal", "version": 1, "customers": customers, "interactions": interactions,
        "promises": promises, "feedback": feedback, "evidence": [], "objectives": objectives,
        "reviews": reviews, "hours": hours,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_round_trip(doc):
    journal = Journal.new_database()
    journal.add_framework(builtin_framework(), builtin=True)
    try:
        import_document(journal, json.loads(json.dumps(doc)))
        out = export_document(journal)
        for key in ("customers", "interactions", "promises", "feedback", "objectives", "reviews", "hours"):
            assert out[key] == doc[key], key
        # And once more: a second import of the export changes nothing.
        summary = import_document(journal, out)
        assert summary.count("added") == 0 and summary.count("updated") == 0
    finally:
        journal.db.close()
