"""Odd values an interchange file can carry are refused cleanly, naming their JSON path:
lone surrogates and null characters, timestamps Python reads but the app can't use, numbers
too big to hold, evidence paths that lead to links or special files, and a loose header or
framework. Messages quote what they echo, with control characters escaped and cut short."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from journal_app.errors import ImportRefused, JournalNotFound, RecordNotFound, one_line, printable, quoted
from journal_app.journal.journal import Journal
from journal_app.services.exchange import import_checks
from journal_app.services.exchange.interchange import import_document, import_framework, load_json_file
from journal_app.services.exchange.interchange_format import MAX_DEPTH, parse_json_bytes

from .interchange_support import TESTIMONY, spec_example, without_files


def _refused(journal: Journal, doc: dict[str, Any], base_dir: Path | None = None) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        import_document(journal, doc, base_dir=base_dir)
    return caught.value


def _from_text(journal: Journal, text: str) -> ImportRefused:
    """Refusal of a document given as raw JSON text (escapes like \\ud800 stay as written)."""
    with pytest.raises(ImportRefused) as caught:
        import_document(journal, parse_json_bytes(text.encode("utf-8")))
    return caught.value


# --- 3: lone surrogates and null characters ---------------------------------------------------
@pytest.mark.parametrize(("old", "new", "path"), [
    ('"summary": ""', '"summary": "bad \\ud800 text"', "interactions[0].summary"),
    ('"name": "Sam Learner"', '"name": "\\udfff"', "learner.name"),
    ('"notes": ""', '"notes": "", "mood": "\\ud83d"', "customers[0].mood"),
    ('"notes": ""', '"notes": "", "\\ud800key": 1', 'customers[0]["\\ud800key"]'),
    ('"exported_at"', '"x": ["\\ud800"], "exported_at"', "x[0]"),
])
def test_a_lone_surrogate_anywhere_is_refused_with_its_path(memory_journal, old, new, path):
    text = json.dumps(spec_example())
    assert old in text
    refused = _from_text(memory_journal, text.replace(old, new, 1))
    assert refused.path == path
    assert "lone surrogate" in str(refused)
    str(refused).encode("utf-8")  # the message itself can be printed
    assert memory_journal.customers.count() == 0


def test_a_null_character_in_an_unknown_key_is_refused(memory_journal):
    doc = spec_example()
    doc["learner"]["nickname"] = "Sam\x00"
    assert _refused(memory_journal, doc).path == "learner.nickname"


def test_a_null_character_in_an_evidence_path_is_refused(memory_journal, tmp_path):
    doc = spec_example()
    doc["evidence"][0]["file"] = {"name": "t.pdf", "path": "test\x00imony.pdf"}
    refused = _refused(memory_journal, doc, tmp_path)
    assert refused.path == "evidence[0].file.path"
    assert "null character" in str(refused)


# --- 4: only the documented date and time forms -----------------------------------------------
@pytest.mark.parametrize("value", [
    "2026-W40-1T09:30Z", "20261001T093000Z", "2026-10-01T09:30Z", "2026-10-01 09:30:00+01:00",
    "2026-10-01T09:30:00+0100", "2026-10-01T09:30:00+01:00:30", "2026-10-01T09:30:00,5+01:00",
    "2026-274T09:30:00Z", "2026-10-01T09:30:00.1234567Z", "２０２６-10-01T09:30:00Z",
    "2026-10-01T09:30:00+01:00\n", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
])
def test_timestamps_python_reads_but_the_app_cant_use_are_refused(memory_journal, value):
    doc = spec_example()
    doc["interactions"][0]["at"] = value
    refused = _refused(memory_journal, doc)
    assert refused.path == "interactions[0].at"
    assert "\n" not in str(refused)


@pytest.mark.parametrize("value", ["2026-W40-1", "20261001", "2026-274", "0001-01-01", "9999-12-31"])
def test_dates_in_other_forms_or_far_years_are_refused(memory_journal, value):
    doc = spec_example()
    doc["promises"][0]["due"] = value
    assert _refused(memory_journal, doc).path == "promises[0].due"


@pytest.mark.parametrize("value", [
    "2026-10-01T09:30:00Z", "2026-10-01T09:30:00+01:00", "2026-10-01T09:30:00-05:30",
    "2026-10-01T09:30:00.5+01:00", "2026-10-01T09:30:00.123456Z", "1900-01-01T00:00:00+14:00",
    "2999-12-31T23:59:59-12:00",
])
def test_rfc3339_times_with_an_offset_are_kept_as_written(memory_journal, value):
    doc = without_files(spec_example())
    doc["interactions"][0]["at"] = value
    import_document(memory_journal, doc)
    assert memory_journal.interactions.get("i1").at == value


# --- 8: numbers too big to hold -----------------------------------------------------------------
def test_an_integer_over_pythons_digit_limit_is_refused_with_its_path(memory_journal, tmp_path):
    text = json.dumps(spec_example()).replace('"nps": 9', '"nps": ' + "9" * 5000)
    source = tmp_path / "big.json"
    source.write_text(text, "utf-8")
    doc = load_json_file(source)  # reading succeeds; the check names where the number is
    refused = _refused(memory_journal, doc)
    assert refused.path == "feedback[0].nps"
    assert "5,000 digits" in str(refused)


@pytest.mark.parametrize(("old", "new", "path"), [
    ('"baseline": 3.8', '"baseline": 1e400', "objectives[0].baseline"),
    ('"baseline": 3.8', '"baseline": 99999999999999999999', "objectives[0].baseline"),
    ('"notes": ""', '"notes": "", "count": -99999999999999999999', "customers[0].count"),
    ('"notes": ""', '"notes": "", "ratio": -1e999', "customers[0].ratio"),
])
def test_numbers_too_big_to_store_are_refused(memory_journal, old, new, path):
    text = json.dumps(spec_example())
    assert old in text
    assert _from_text(memory_journal, text.replace(old, new, 1)).path == path


def test_nesting_deeper_than_a_journal_needs_is_refused(memory_journal):
    doc = spec_example()
    deep: Any = "bottom"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    doc["learner"]["nested"] = deep
    refused = _refused(memory_journal, doc)
    assert refused.path.startswith("learner.nested[0]")
    assert "nested too deeply" in str(refused)


# --- 12: the header and frameworks as the spec gives them ----------------------------------------
@pytest.mark.parametrize("version", [1.0, "1.0", "1", True, [1]])
def test_version_must_be_the_integer_1(memory_journal, version):
    doc = spec_example()
    doc["version"] = version
    assert _refused(memory_journal, doc).path == "version"


@pytest.mark.parametrize("criteria", ["missing", [], None])
def test_a_framework_needs_criteria(memory_journal, criteria):
    doc = spec_example()
    if criteria == "missing":
        del doc["frameworks"][0]["criteria"]
    else:
        doc["frameworks"][0]["criteria"] = criteria
    refused = _refused(memory_journal, doc)
    assert refused.path == "frameworks[0].criteria"
    assert ("must be a list" if criteria is None else "at least one criterion") in str(refused)


def test_import_framework_refuses_odd_text_too(memory_journal):
    framework = {"id": "unit", "title": "Unit", "criteria": [{"code": "1", "text": "ok"}],
                 "note": "\ud800"}
    with pytest.raises(ImportRefused) as caught:
        import_framework(memory_journal, framework)
    assert caught.value.path == "note"


# --- 5: evidence paths -------------------------------------------------------------------------------
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs symbolic links, /proc and /dev")

def _by_path(relative: str) -> dict[str, Any]:
    doc = spec_example()
    doc["evidence"][0]["file"] = {"name": "testimony.pdf", "media_type": "application/pdf",
                                  "path": relative}
    return doc


def test_a_regular_file_beside_the_json_is_attached(journal, tmp_path):
    (tmp_path / "testimony.pdf").write_bytes(TESTIMONY)
    import_document(journal, _by_path("testimony.pdf"), base_dir=tmp_path)
    assert journal.evidence.get("e1").file.size == len(TESTIMONY)


@posix_only
def test_a_link_that_stays_inside_the_folder_is_followed(journal, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "real.pdf").write_bytes(TESTIMONY)
    (tmp_path / "testimony.pdf").symlink_to(tmp_path / "files" / "real.pdf")
    import_document(journal, _by_path("testimony.pdf"), base_dir=tmp_path)
    assert journal.evidence.get("e1").file.size == len(TESTIMONY)


@posix_only
@pytest.mark.parametrize("target", ["/proc/self/environ", "/dev/zero", "/etc/hostname", "OUTSIDE"])
def test_a_link_leading_out_of_the_folder_is_refused(journal, tmp_path, target):
    folder = tmp_path / "export"
    folder.mkdir()
    if target == "OUTSIDE":
        (tmp_path / "secret.txt").write_text("not for the journal", "utf-8")
        target = str(tmp_path / "secret.txt")
    (folder / "testimony.pdf").symlink_to(target)
    refused = _refused(journal, _by_path("testimony.pdf"), folder)
    assert refused.path == "evidence[0].file.path"
    assert "outside the JSON file's folder" in str(refused)
    assert journal.evidence.count() == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting(journal, tmp_path):
    os.mkfifo(tmp_path / "testimony.pdf")
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            import_document(journal, _by_path("testimony.pdf"), base_dir=tmp_path)
        except BaseException as error:  # why: handed to the test thread
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test run can finish
        with open(tmp_path / "testimony.pdf", "wb"):
            pass
        pytest.fail("the import waited on a named pipe")
    assert isinstance(outcome[0], ImportRefused)
    assert "not an ordinary file" in str(outcome[0])


def test_a_folder_is_refused(journal, tmp_path):
    (tmp_path / "testimony.pdf").mkdir()
    assert "not an ordinary file" in str(_refused(journal, _by_path("testimony.pdf"), tmp_path))


def test_a_file_too_big_is_refused_before_reading(journal, tmp_path, monkeypatch):
    big = tmp_path / "testimony.pdf"
    with open(big, "wb") as file:
        file.truncate(import_checks.MAX_ATTACHMENT_BYTES + 1)  # sparse: no disk used
    real_fdopen = os.fdopen

    class Unread:
        """The opened file, except that reading it fails the test."""

        def __init__(self, descriptor: int, mode: str = "rb") -> None:
            self.file = real_fdopen(descriptor, mode)

        def __enter__(self) -> Unread:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def fileno(self) -> int:
            return self.file.fileno()

        def read(self, size: int = -1) -> bytes:
            raise AssertionError("the file was read")

    monkeypatch.setattr(os, "fdopen", Unread)
    refused = _refused(journal, _by_path("testimony.pdf"), tmp_path)
    assert "bigger than 50 MB" in str(refused)


@posix_only
def test_a_missing_file_and_a_link_loop_are_named(journal, tmp_path):
    assert "there is no file" in str(_refused(journal, _by_path("nowhere.pdf"), tmp_path))
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    refused = _refused(journal, _by_path("a"), tmp_path)
    assert refused.path == "evidence[0].file.path"


# --- 9: messages quote what they echo --------------------------------------------------------------
def test_quoted_escapes_control_characters_and_cuts_long_values():
    assert quoted("\x1b[31mERROR\nnext") == '"\\x1b[31mERROR\\nnext"'
    assert quoted("\ud800") == '"\\ud800"'
    long = quoted("x" * 10_000_000)
    assert len(long) < 90 and long.endswith('…"')
    assert quoted(None) == "null" and quoted(True) == "true" and quoted(2) == "2"
    assert quoted({"a": 1}) == "an object {...}"
    assert printable("tab\there\u202e") == "tab\\there\\u202e"
    assert one_line("a\nb\x1b" + "c" * 10_000).count("\n") == 0


def test_an_enumeration_value_is_echoed_safely(memory_journal):
    doc = spec_example()
    doc["customers"][0]["kind"] = "\x1b[31mERROR\x1b[0m" + "x" * 400
    message = str(_refused(memory_journal, doc))
    assert "\x1b" not in message and "\\x1b[31mERROR" in message
    assert len(message) < 300


def test_ids_and_paths_in_messages_are_quoted():
    message = str(RecordNotFound("customer", "c\x1b[2J"))
    assert message == 'There is no customer with id "c\\x1b[2J" in this journal.'
    message = str(JournalNotFound("/tmp/" + "d" * 300 + "/j\n.pjournal"))
    assert "\n" not in message and "…" in message and "j\\n.pjournal" in message
