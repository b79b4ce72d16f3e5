"""Import and JSON export in the interchange format: round trips, re-imports, extras, files."""

from __future__ import annotations

import base64
import dataclasses
import json

import pytest

from journal_app.errors import ImportRefused
from journal_app.journal import audit
from journal_app.journal.attachments import read_attachment
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer, Interaction
from journal_app.services.exchange.interchange import (
    export_document,
    import_document,
    import_framework,
    load_json_file,
)

from ..conftest import PASSPHRASE
from .interchange_support import PER_RECORD, TESTIMONY, spec_example, without_files


def test_the_spec_example_comes_back_exactly(journal):
    doc = spec_example()
    summary = import_document(journal, doc)
    assert summary.added["interactions"] == 1 and summary.files == 1

    out = export_document(journal)
    for key in PER_RECORD:
        assert out[key] == doc[key], key
    assert out["learner"] == doc["learner"]
    assert (out["format"], out["version"]) == ("placement-journal", 1)
    # The file's framework merges into the built-in one: its criterion is there, none lost.
    [framework] = out["frameworks"]
    assert framework["criteria"][0] == doc["frameworks"][0]["criteria"][0]
    assert len(framework["criteria"]) > 1
    assert read_attachment(journal, "e1") == TESTIMONY


def test_export_always_writes_every_key_of_the_format(memory_journal):
    memory_journal.customers.add(Customer(id="c1", name="Tom"))
    memory_journal.interactions.add(Interaction(id="i1", customer="c1", at="2026-10-01T09:30:00+01:00"))
    out = export_document(memory_journal)
    example = spec_example()
    for key in ("customers", "interactions"):
        assert list(out[key][0]) == list(example[key][0])
    assert out["interactions"][0]["complaint"] is None and out["interactions"][0]["offer"] is None
    assert "pseudonym" not in out["customers"][0]
    assert out["journal"]["records"]["customers"]["c1"]["pseudonym"] == "Customer A"


def test_reimport_updates_and_never_duplicates(journal, clock):
    import_document(journal, spec_example())
    again = import_document(journal, spec_example())
    assert again.count("added") == 0 and again.count("updated") == 0
    assert journal.customers.count() == 1 and journal.evidence.count() == 1

    changed = spec_example()
    changed["customers"][0]["needs"] = "Van back the same day"
    clock.advance(days=1)
    summary = import_document(journal, changed)
    assert summary.updated == {"customers": 1}
    customer = journal.customers.get("c1")
    assert customer.needs == "Van back the same day" and customer.edits == 1
    assert journal.customers.history("c1")[0]["data"]["needs"] == ""


def test_full_backup_round_trip_keeps_pseudonyms_times_and_history(journal, clock, tmp_path):
    tom = journal.customers.add(Customer(name="Tom Hughes"))
    ellis = journal.customers.add(Customer(name="Margaret Ellis"))
    clock.advance(days=2)
    journal.customers.update(dataclasses.replace(ellis, needs="Write the price down"))
    journal.set_setting("reminders.enabled", False)
    doc = export_document(journal)

    other, _key = Journal.create(tmp_path / "copy.pjournal", PASSPHRASE, clock=clock)
    try:
        import_document(other, json.loads(json.dumps(doc)))
        copy = other.customers.get(ellis.id)
        assert copy.pseudonym == "Customer B" and copy.edits == 1
        assert copy.created_at == ellis.created_at
        assert other.customers.history(ellis.id)[0]["data"]["needs"] == ""
        assert other.customers.get(tom.id).pseudonym == "Customer A"
        assert other.setting("reminders.enabled") is False
        again = export_document(other)
        for key in PER_RECORD:
            assert again[key] == doc[key], key
        assert other.customers.add(Customer(name="New")).pseudonym == "Customer C"
    finally:
        other.close()


def test_unknown_keys_are_kept_on_records_and_warned_elsewhere(journal):
    doc = spec_example()
    doc["customers"][0]["loyalty_card"] = "NM-2231"
    doc["interactions"][0]["star"]["mood"] = "tense"
    doc["dashboard_colour"] = "blue"
    summary = import_document(journal, doc)
    assert journal.customers.get("c1").extra == {"loyalty_card": "NM-2231"}
    assert export_document(journal)["customers"][0]["loyalty_card"] == "NM-2231"
    assert "interactions[0].star.mood: unknown key ignored" in summary.warnings
    assert any(w.startswith("dashboard_colour:") for w in summary.warnings)


def test_a_file_given_by_path_beside_the_json(journal, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "testimony.pdf").write_bytes(TESTIMONY)
    doc = spec_example()
    file = doc["evidence"][0]["file"]
    del file["data_base64"]
    file["path"] = "files/testimony.pdf"
    import_document(journal, doc, base_dir=tmp_path)
    assert read_attachment(journal, "e1") == TESTIMONY


@pytest.mark.parametrize("path", ["../secret.pdf", "/etc/passwd"])
def test_a_file_path_outside_the_folder_is_refused(journal, tmp_path, path):
    doc = spec_example()
    file = doc["evidence"][0]["file"]
    del file["data_base64"]
    file["path"] = path
    with pytest.raises(ImportRefused, match=r"evidence\[0\].file.path: must be inside"):
        import_document(journal, doc, base_dir=tmp_path)
    assert journal.evidence.count() == 0


def test_export_without_files_then_reimport_keeps_the_file(journal):
    import_document(journal, spec_example())
    light = export_document(journal, include_files=False)
    assert "data_base64" not in light["evidence"][0]["file"]
    summary = import_document(journal, light)
    assert summary.count("updated") == 0
    assert read_attachment(journal, "e1") == TESTIMONY


def test_everything_about_one_customer(journal):
    doc = spec_example()
    doc["customers"].append({"id": "c2", "name": "Mr D. Okafor"})
    doc["interactions"].append({"id": "i2", "customer": "c2", "at": "2026-10-02T10:00:00+01:00"})
    doc["promises"].append(
        {"id": "p2", "customer": "c2", "interaction": "i1", "text": "Valet", "due": "2026-10-09"}
    )
    import_document(journal, doc)
    about = export_document(journal, only_customer="c2", now=journal.now())
    assert [c["name"] for c in about["customers"]] == ["Mr D. Okafor"]
    assert [i["id"] for i in about["interactions"]] == ["i2"]
    assert about["promises"][0]["interaction"] is None  # Mrs Patel's interaction is not shown
    assert about["evidence"] == [] and about["hours"] == []
    assert "Patel" not in json.dumps(about)


def test_import_and_export_leave_counts_not_names_in_the_audit_trail(journal):
    import_document(journal, spec_example())
    [event] = [e for e in audit.events(journal) if e.event == "import"]
    assert event.details["added"]["customers"] == 1
    assert "Patel" not in json.dumps(event.details)


def test_import_framework_from_a_file(journal, tmp_path):
    source = tmp_path / "bus-unit.json"
    source.write_text(json.dumps({"id": "bus-unit", "title": "Business skills",
                                  "criteria": [{"code": "1", "text": "Plan your work"}]}), "utf-8")
    framework = import_framework(journal, source)
    assert framework.id == "bus-unit"
    assert ("bus-unit:1", "Plan your work") in [(ref, c.text) for ref, c in journal.criteria()]
    with pytest.raises(ImportRefused, match=r"criteria\[0\].text: can't be empty"):
        import_framework(journal, {"id": "x", "title": "X", "criteria": [{"code": "1", "text": ""}]})


def test_load_json_file_reads_utf8_with_a_bom(tmp_path):
    path = tmp_path / "in.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": "placement-journal", "name": "Zoë"}).encode())
    assert load_json_file(path)["name"] == "Zoë"


def test_a_memory_journal_refuses_attached_files_clearly(memory_journal):
    with pytest.raises(ImportRefused, match=r"evidence\[0\].file: attached files can only"):
        import_document(memory_journal, spec_example())
    assert memory_journal.customers.count() == 0
    import_document(memory_journal, without_files(spec_example()))
    assert memory_journal.evidence.get("e1").file is None


def test_inline_data_that_is_not_base64_is_refused(journal):
    doc = spec_example()
    doc["evidence"][0]["file"]["data_base64"] = "not*base64"
    with pytest.raises(ImportRefused, match=r"evidence\[0\].file.data_base64: is not valid base64"):
        import_document(journal, doc)
    doc["evidence"][0]["file"]["data_base64"] = base64.b64encode(b"other").decode()
    with pytest.raises(ImportRefused, match=r"evidence\[0\].file.sha256: doesn't match"):
        import_document(journal, doc)


def test_importing_a_framework_again_merges_and_keeps_mapped_criteria(memory_journal):
    from journal_app.journal.portability import builtin_framework_ids
    from journal_app.services.exchange.interchange import export_document, import_document, import_framework

    before = {c.code for f in memory_journal.frameworks() if f.id == "crm-unit" for c in f.criteria}
    stored = import_framework(memory_journal, {
        "id": "crm-unit", "title": "Customer relationships",
        "criteria": [{"code": "1.1", "text": "Reworded"}, {"code": "9.9", "text": "A new one"}],
    })
    codes = [c.code for c in stored.criteria]
    assert set(codes) == before | {"9.9"}
    assert next(c.text for c in stored.criteria if c.code == "1.1") == "Reworded"
    assert "crm-unit" in builtin_framework_ids(memory_journal)
    # What the journal exports, another journal imports: no criterion points nowhere.
    from journal_app.journal.journal import Journal, builtin_framework

    other = Journal.new_database(memory_journal.clock)
    other.add_framework(builtin_framework(), builtin=True)
    import_document(other, export_document(memory_journal))
