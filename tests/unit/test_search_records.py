"""Full-text search: ranked, with snippets, any script, and never an error on odd input."""

from __future__ import annotations

import pytest

from journal_app.journal.records import Customer, Evidence, Feedback, Interaction, Star, Witness
from journal_app.journal.search import MARK_END, MARK_START


@pytest.fixture
def filled(memory_journal):
    j = memory_journal
    j.customers.add(Customer(id="c1", name="Mrs Zoë Patel", notes="Fleet of three vans"))
    j.customers.add(Customer(id="c2", name="李雷", notes="我是李雷的同事"))
    j.interactions.add(Interaction(
        id="i1", customer="c1", at="2026-10-01T16:10:00+01:00", summary="Van not ready at four",
        star=Star(situation="The brake discs were worn", result="Ready at ten next day"),
        reflection="Ring her at two when a part is late",
    ))
    j.interactions.add(Interaction(id="i2", at="2026-10-02T09:00:00+01:00", summary="Parts order",
                                   reflection="Van mentioned once in passing"))
    j.feedback.add(Feedback(id="f1", at="2026-10-05T12:00:00+01:00", comment="Third late van!",
                            action_taken="2pm check on every job"))
    witness = Witness(name="Karen Whitfield", statement="Handled the brake complaint")
    j.evidence.add(Evidence(id="e1", title="Testimony", witness=witness))
    return j


def test_every_free_text_field_is_searchable(filled):
    assert {h.record_id for h in filled.search("brake")} == {"i1", "e1"}
    assert [h.record_id for h in filled.search("2pm")] == ["f1"]
    assert [h.record_id for h in filled.search("whitfield")] == ["e1"]
    assert [h.record_id for h in filled.search("fleet")] == ["c1"]


def test_a_word_in_the_title_ranks_first_and_snippets_mark_the_match(filled):
    hits = {h.record_id: h for h in filled.search("van")}
    order = list(hits)
    assert set(order[:2]) == {"i1", "f1"}  # "van" in their titles
    assert order.index("i2") > 1  # only in the body
    assert f"{MARK_START}Van{MARK_END}" in hits["i1"].snippet
    assert hits["i1"].title == "Van not ready at four"
    assert "[Van]" in hits["i1"].plain_snippet()


@pytest.mark.parametrize("query", ["zoe", "Zoë", "ZOE", "zoë"])
def test_accents_do_not_matter(filled, query):
    assert [h.record_id for h in filled.search(query)] == ["c1"]


def test_chinese_names_are_found_inside_longer_text(filled):
    assert {h.record_id for h in filled.search("李雷")} == {"c2"}
    [hit] = filled.search("同事")
    assert f"{MARK_START}同事{MARK_END}" in hit.snippet


@pytest.mark.parametrize("query", [
    '"unbalanced', "van AND", "-", "NEAR(", "*", "OR", "van NOT", "(", ")", "^", '"', "''", "a:b",
    "van -ready", "title:van", "NEAR(van four, 3)", "\\", "%", "_", "   ", "", "{col}:x", "van*",
])
def test_fts_syntax_is_never_an_error(filled, query):
    hits = filled.search(query)
    assert isinstance(hits, list)


def test_operators_are_plain_words(filled):
    assert [h.record_id for h in filled.search("NEAR(four")] == []
    assert [h.record_id for h in filled.search("four AND")] == []  # AND is a word nobody wrote
    assert [h.record_id for h in filled.search('"four')] == ["i1"]


def test_last_word_matches_as_you_type(filled):
    assert [h.record_id for h in filled.search("whitf")] == ["e1"]


def test_edits_and_deletes_update_the_index(filled):
    record = filled.interactions.get("i2")
    filled.interactions.update(Interaction(**{**record.__dict__, "summary": "Wheel nuts", "reflection": ""}))
    assert "i2" not in {h.record_id for h in filled.search("van")}
    assert [h.record_id for h in filled.search("wheel")] == ["i2"]
    filled.interactions.delete("i2")
    assert filled.search("wheel") == []
    assert filled.db.execute("SELECT count(*) FROM search_keys").fetchone()[0] == \
        filled.db.execute("SELECT count(*) FROM search_index").fetchone()[0]


def test_limit_is_respected(filled):
    assert len(filled.search("van", limit=1)) == 1
    assert filled.search("van", limit=0) == []
