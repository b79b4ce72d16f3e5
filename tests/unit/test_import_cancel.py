"""A long import reports how far it has got and can be cancelled: all or nothing, a Cancel
at any step leaves the journal (and the attachments folder) exactly as it was."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest

from journal_app.errors import ImportCancelled
from journal_app.journal.attachments import attachments_folder
from journal_app.journal.audit import events
from journal_app.journal.records import COLLECTIONS
from journal_app.services.actions.moving import import_records
from journal_app.services.demo import demo_document


def _document_with_a_file() -> dict:
    doc = demo_document(date(2026, 11, 23))
    data = b"thank you card " * 100
    doc["evidence"][0]["file"] = {
        "name": "card.txt", "media_type": "text/plain", "sha256": hashlib.sha256(data).hexdigest(),
        "data_base64": base64.b64encode(data).decode(), "size": len(data),
    }
    return doc


def test_progress_runs_from_nothing_to_every_record(journal) -> None:
    seen: list[tuple[int, int]] = []
    import_records(journal, _document_with_a_file(), progress=lambda done, total: seen.append((done, total)))
    doc = _document_with_a_file()
    # every record, and each evidence item's file (sealed, or found absent)
    total = sum(len(doc.get(key) or []) for key in COLLECTIONS) + len(doc["evidence"])
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert journal.interactions.count() == len(doc["interactions"])


# Checks: 1 at the start, 2-5 before each evidence item's file (the first has one, sealed
# before check 3), 6 when every record is written (inside the transaction), 7 just before it
# ends. Cancel is seen at the check after ``stop_after`` reports.
@pytest.mark.parametrize("stop_after", [0, 2, 5, 6])
def test_cancel_at_any_report_changes_nothing(journal, stop_after: int) -> None:
    before_events = len(events(journal))
    reports = []

    def cancelled() -> bool:
        return len(reports) >= stop_after

    with pytest.raises(ImportCancelled, match="Nothing was imported"):
        import_records(journal, _document_with_a_file(), progress=lambda d, t: reports.append(d),
                       cancelled=cancelled)
    assert journal.customers.count() == 0 and journal.interactions.count() == 0
    assert journal.evidence.all() == []
    assert len(events(journal)) == before_events
    journal.save()
    folder = attachments_folder(journal)
    assert not folder.exists() or list(folder.iterdir()) == []  # a file sealed already went too


def test_cancel_is_exit_code_26_in_plain_words() -> None:
    error = ImportCancelled()
    assert error.exit_code == 26
    assert str(error) == "The import was cancelled. Nothing was imported and your journal is unchanged."
