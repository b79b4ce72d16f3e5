"""The CSV pack carries what the marking points ask for, read back with ``csv``: plan actions and
the service model, response targets and times, rights and law, boundaries, improvements, the
learner's identity and the witness's relationship and date signed — pseudonymised like the rest."""

from __future__ import annotations

import dataclasses

from journal_app.journal.records import Learner, Witness
from journal_app.services.export.pack import export_pack

from .export_pack_data import ASSESSOR, LEARNER, WITNESS
from .test_export_pack import NOW, _assert_no_personal_data, csv_tables
from .test_marking_pack import marked  # noqa: F401  (the fixture)


def _identity(journal) -> None:
    learner = journal.learner()
    journal.set_learner(dataclasses.replace(
        learner, uln="1234567890", programme_code="ST0072", employer="Northside Motors Ltd",
        iqa="Rita Quality"))


def _sign(journal) -> str:
    testimony = next(e for e in journal.evidence.all() if e.witness)
    assert testimony.witness is not None
    testimony.witness = dataclasses.replace(testimony.witness, relationship="My line manager",
                                            signed_on="2026-10-07")
    journal.evidence.update(testimony)
    return testimony.id


def test_csv_pack_holds_each_marking_point_without_identities(marked, tmp_path) -> None:  # noqa: F811
    _identity(marked)
    testimony_id = _sign(marked)
    tables = csv_tables(export_pack(marked, "csv", tmp_path / "pack.zip", now=NOW))

    # Plan actions, one row each, and the service model on the plan.
    [plan] = tables["plans"]
    assert plan["service_model_dimension"] == "responsiveness"
    assert plan["service_model_why"] == "She complained about waiting, a responsiveness gap"
    assert plan["actions"] == "2"
    actions = tables["plan_actions"]
    assert [(a["objective"], a["action"]) for a in actions] == [(plan["ref"], "1"), (plan["ref"], "2")]
    assert actions[0]["what"] == "Ring Customer A before each car is ready"
    first = actions[0]
    assert (first["who"], first["by"], first["resources"]) == ("Me", "2026-11-01", "Workshop board")
    assert actions[0]["status"] == "Overdue since 1 Nov 2026" and actions[0]["done"] == "no"
    assert actions[1]["status"] == "Done" and actions[1]["done"] == "yes"

    # Response targets and the measured response times against them.
    promises = tables["promises"]
    assert {p["response_target_hours"] for p in promises} == {"8"}
    assert sorted(p["within_target"] for p in promises) == ["", "no", "yes"]
    for promise in promises:
        if promise["within_target"]:
            taken = float(promise["response_hours"])
            assert (taken <= 8) == (promise["within_target"] == "yes")
        else:
            assert promise["response_hours"] == "" and promise["closed"] == ""

    # Rights and law, and boundaries, on the interaction they belong to.
    complaint = next(r for r in tables["interactions"] if r["consumer_right"])
    assert complaint["consumer_right"] == "reasonable-care-and-skill"
    assert complaint["consumer_right_notes"] == "The service overran the time agreed"
    assert "[phone]" in complaint["personal_data"]
    assert complaint["data_handling"] == "Only on the job card, not on paper"
    assert complaint["declined_or_scoped"] == "A free courtesy car for Customer A"
    assert complaint["why_declined"] == "Only offered on warranty work"
    others = [r for r in tables["interactions"] if r is not complaint]
    assert others and all(r["consumer_right"] == r["declined_or_scoped"] == "" for r in others)

    # Improvements with before, after and what prompted them.
    [improvement] = tables["improvements"]
    assert improvement["change"] == "Ring customers before the promised time"
    assert (improvement["measure"], improvement["before"], improvement["after"]) == ("CSAT", "3.8", "4.6")
    assert float(improvement["difference"]) == 0.8
    assert (improvement["started"], improvement["measured"]) == ("2026-10-06", "2026-12-01")
    assert improvement["feedback"] and improvement["objective"] == plan["ref"]
    assert "Aisha" not in improvement["why"]

    # The learner's identity, and the witness's relationship and date signed.
    [learner] = tables["learner"]
    assert (learner["learner"], learner["uln"]) == (LEARNER, "1234567890")
    assert learner["programme_code"] == "ST0072"
    assert (learner["employer"], learner["assessor"], learner["iqa"]) == (
        "Northside Motors Ltd", ASSESSOR, "Rita Quality")
    assert (learner["placement_start"], learner["placement_end"]) == ("2026-09-01", "2027-06-30")
    assert learner["pack_id"].startswith("PJ-") and learner["real_names"] == "no"
    testimony = next(e for e in tables["evidence"] if e["ref"] == testimony_id)
    assert testimony["witness_name"] == WITNESS
    assert testimony["witness_relationship"] == "My line manager"
    assert testimony["witness_signed_on"] == "2026-10-07"

    everything = " ".join(" ".join(row.values()) for rows in tables.values() for row in rows)
    _assert_no_personal_data(everything)


def test_csv_gaps_are_empty_cells_not_missing_columns(memory_journal, tmp_path) -> None:
    from .export_pack_data import populate

    populate(memory_journal)
    memory_journal.set_learner(Learner(name=LEARNER))
    tables = csv_tables(export_pack(memory_journal, "csv", tmp_path / "pack.zip", now=NOW))
    assert tables["plan_actions"] == [] and tables["improvements"] == []
    [plan] = tables["plans"]
    assert (plan["service_model_dimension"], plan["service_model_why"], plan["actions"]) == ("", "", "0")
    assert all(p["response_target_hours"] == p["within_target"] == "" for p in tables["promises"])
    [learner] = tables["learner"]
    assert learner["uln"] == learner["iqa"] == learner["employer"] == ""
    testimony = next(e for e in tables["evidence"] if e["witness_name"])
    assert testimony["witness_relationship"] == testimony["witness_signed_on"] == ""


def test_a_witness_relationship_with_a_customer_name_is_redacted(marked, tmp_path) -> None:  # noqa: F811
    testimony = next(e for e in marked.evidence.all() if e.witness)
    testimony.witness = dataclasses.replace(testimony.witness or Witness(),
                                            relationship="Works with Aisha Patel's husband")
    marked.evidence.update(testimony)
    tables = csv_tables(export_pack(marked, "csv", tmp_path / "pack.zip", now=NOW))
    row = next(e for e in tables["evidence"] if e["ref"] == testimony.id)
    assert "Aisha" not in row["witness_relationship"] and "Patel" not in row["witness_relationship"]
    assert row["witness_relationship"].startswith("Works with")
