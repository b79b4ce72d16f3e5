"""Every kind of bad import file is refused with the path of the problem, and changes nothing.

The journal is saved, its bytes read, the import tried (and the journal saved again as
the CLI would only after success), and the file compared byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journal_app.errors import ImportRefused
from journal_app.journal.attachments import attachments_folder
from journal_app.journal.records import Customer
from journal_app.services.exchange.interchange import import_document, load_json_file

from .interchange_support import spec_example


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        *parents, last = path.split("/")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return change


def _duplicate_interaction(doc: dict) -> None:
    doc["interactions"].append(dict(doc["interactions"][0]))


def _dangling_interaction(doc: dict) -> None:
    for n in range(3):
        doc["interactions"].append({**doc["interactions"][0], "id": f"i{n + 2}"})
    doc["interactions"][3]["customer"] = "c9"


CASES = [
    ("unknown format", _set("format", "other-journal"), "format", "not a format this app reads"),
    ("unknown version", _set("version", 2), "version", "not a version this app reads"),
    ("missing version", lambda d: d.pop("version"), "version", "missing"),
    ("unknown enum", _set("interactions/0/channel", "pigeon"), "interactions[0].channel",
     'unknown value "pigeon"'),
    ("dangling reference", _dangling_interaction, "interactions[3].customer", 'unknown id "c9"'),
    ("dangling list reference", _set("evidence/0/interactions", ["i1", "i7"]), "evidence[0].interactions[1]",
     'unknown id "i7"'),
    ("NPS 11", _set("feedback/0/nps", 11), "feedback[0].nps", "0 to 10"),
    ("CSAT 6", _set("feedback/0/csat", 6), "feedback[0].csat", "1 to 5"),
    ("duplicate id", _duplicate_interaction, "interactions[1].id",
     'duplicate id "i1" (also interactions[0])'),
    ("missing id", lambda d: d["promises"][0].pop("id"), "promises[0].id", "missing"),
    ("huge string", _set("customers/0/notes", "x" * 100_000_001), "customers[0].notes", "too long"),
    ("unknown criterion", _set("hours/0/criteria", ["crm-unit:9.9"]), "hours[0].criteria[0]",
     'unknown criterion "crm-unit:9.9"'),
    ("sha mismatch", _set("evidence/0/file/sha256", "0" * 64), "evidence[0].file.sha256", "doesn't match"),
    ("list expected", _set("customers", {"c1": {}}), "customers", "must be a list"),
    ("record not an object", _set("promises/0", "p1"), "promises[0]", "must be an object"),
    ("bad date", _set("promises/0/due", "3rd October"), "promises[0].due", "not a real date"),
    ("timestamp without offset", _set("feedback/0/at", "2026-10-05T12:00:00"), "feedback[0].at",
     "UTC offset"),
    ("unknown retention action", _set("retention/0/action", "shred"), "retention[0].action",
     'unknown value "shred"'),
]


def _saved_bytes(journal) -> bytes:
    journal.save()
    return Path(journal.path).read_bytes()


@pytest.mark.parametrize(("name", "change", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_refused_file_changes_nothing(journal, name, change, path, words):
    journal.customers.add(Customer(id="c1", name="Already here", notes="keep me"))
    before = _saved_bytes(journal)
    doc = spec_example()
    change(doc)
    with pytest.raises(ImportRefused) as caught:
        import_document(journal, doc)
    assert caught.value.path == path
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{path}: ")
    assert "Nothing was imported" in str(caught.value)
    assert journal.customers.get("c1").notes == "keep me"
    assert journal.interactions.count() == 0
    assert not journal.dirty  # nothing to save
    assert Path(journal.path).read_bytes() == before
    assert list(attachments_folder(journal).glob("*")) == []


def test_a_failure_while_writing_rolls_back_records_and_sealed_files(journal, monkeypatch):
    before = _saved_bytes(journal)
    from journal_app.journal import audit

    def broken(*args, **kwargs):
        raise ImportRefused("", "simulated failure at the very end")

    monkeypatch.setattr(audit, "record_event", broken)
    with pytest.raises(ImportRefused, match="simulated"):
        import_document(journal, spec_example())
    assert journal.customers.count() == 0 and journal.evidence.count() == 0
    assert list(attachments_folder(journal).glob("*")) == []
    assert not journal.dirty
    assert Path(journal.path).read_bytes() == before


@pytest.mark.parametrize(("content", "words"), [
    (b"{\"format\": \"placement-journal\",", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[1, 2]", "one JSON object"),
    (b"{\"nps\": NaN}", "NaN"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_malformed_files_are_refused_in_plain_words(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=words):
        load_json_file(path)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(json.dumps({"x": "y" * 2048}).encode())
    with pytest.raises(ImportRefused, match="the most this app imports"):
        load_json_file(path, max_bytes=1024)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ImportRefused, match="there is no file at"):
        load_json_file(tmp_path / "nowhere.json")


@pytest.mark.parametrize(("entry", "where"), [
    ({"category": "shoe-sizes", "days": 30, "action": "delete"}, "retention[0].category"),
    ({"category": "customer-notes", "days": 30, "action": "delete", "counts_from": "whenever"},
     "retention[0].counts_from"),
])
def test_unknown_retention_settings_are_refused(memory_journal, entry, where):
    from journal_app.errors import ImportRefused
    from journal_app.services.exchange.interchange import import_document

    doc = {"format": "placement-journal", "version": 1, "retention": [entry]}
    with pytest.raises(ImportRefused) as refused:
        import_document(memory_journal, doc)
    assert str(refused.value).startswith(where)
