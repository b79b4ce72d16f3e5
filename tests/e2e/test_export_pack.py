"""The assessor's evidence pack, read back with independent tools (pypdf, python-docx,
html.parser, csv): what an assessor would see, and that no customer's identity leaks."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal_app.errors import ExportCancelled, InvalidInput
from journal_app.services.export.pack import export_pack

from .export_pack_data import ASSESSOR, LEARNER, SECRETS, SHA, WITNESS, populate

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def filled(memory_journal):
    memory_journal.ids = populate(memory_journal)
    return memory_journal


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    # NFKC turns the typesetter's ligatures ("ﬁ") back into letters.
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return _flat(unicodedata.normalize("NFKC", text))


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return _flat(" ".join(parts))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # HTMLParser's signature
        self.tags.append(tag)
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def html_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def html_text(path: Path) -> str:
    return _flat(" ".join(html_page(path).text))


def csv_tables(path: Path) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(path) as archive:
        return {
            name.removesuffix(".csv"):
                list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist() if name.endswith(".csv")
        }


READERS = {"pdf": pdf_text, "docx": docx_text, "html": html_text}


def _assert_no_personal_data(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} leaked into the pack"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_pack_shows_cover_criteria_map_and_entries_without_identities(filled, tmp_path, fmt: str) -> None:
    out = export_pack(filled, fmt, tmp_path / f"pack.{fmt}", now=NOW)
    text = READERS[fmt](out)

    for expected in ("Evidence log", LEARNER, "Customer Service Practitioner L2",
                     "Northside Motors service desk", ASSESSOR, "1 Sep 2026 to 30 Jun 2027", "10 Dec 2026"):
        assert expected in text, expected
    assert "Criteria coverage map" in text
    assert "2.3 Handle complaints constructively" in text
    assert "Evidenced" in text and "No evidence yet" in text and "Some evidence" in text
    assert "Customer A — key, external" in text
    assert "Customer B — growth, external" in text
    assert "Calm the situation and find out when the car would be ready." in text
    assert "Complaint: acknowledge" in text and "Fleet MOT package" in text
    assert "Promise-kept rate" in text and "Kept on time" in text and "Overdue" in text
    assert "RATER breakdown" in text and "No action recorded" in text
    assert "Raise Customer A's CSAT with proactive updates" in text
    assert WITNESS in text and "Service manager" in text and "signed by the witness" in text
    assert "Off-the-job hours" in text and "target 278" in text
    assert SHA[:8] in text
    _assert_no_personal_data(text)
    assert "[phone]" in text and "[email]" in text and "[vehicle reg]" in text


def test_html_pack_is_self_contained_and_prints_by_section(filled, tmp_path: Path) -> None:
    out = export_pack(filled, "html", tmp_path / "pack.html", now=NOW)
    page = html_page(out)
    raw = out.read_text("utf-8")
    assert "script" not in page.tags and "link" not in page.tags
    assert page.tags.count("svg") >= 3  # NPS, rates, interactions per week
    assert "src=\"http" not in raw and "@media print" in raw and "page-break-before: always" in raw
    from journal_app.services.export.content import SECTIONS

    assert page.tags.count("section") == len(SECTIONS)


def test_csv_zip_holds_every_table_with_pseudonyms(filled, tmp_path: Path) -> None:
    out = export_pack(filled, "csv", tmp_path / "pack.zip", now=NOW)
    tables = csv_tables(out)
    assert set(tables) == {"interactions", "promises", "feedback", "criteria", "evidence", "plans", "reviews",
                           "hours", "measures", "plan_actions", "improvements", "learner"}
    assert len(tables["interactions"]) == 3
    complaint = next(r for r in tables["interactions"] if r["ref"] == filled.ids["complaint"])
    assert complaint["customer"] == "Customer A — key, external"
    assert complaint["complaint_apologise"] == "I apologised for the delay."
    assert {r["status"] for r in tables["promises"]} == {"kept", "late", "overdue"}
    criteria = {r["criterion"]: r for r in tables["criteria"]}
    assert criteria["crm-unit:2.3"]["status"] == "green" and criteria["crm-unit:1.2"]["status"] == "none"
    assert tables["evidence"][0]["sha256"] == SHA
    assert tables["measures"][-1]["month"] == "whole period"
    everything = " ".join(" ".join(row.values()) for rows in tables.values() for row in rows)
    _assert_no_personal_data(everything)


def test_csv_file_name_writes_sibling_tables(filled, tmp_path: Path) -> None:
    out = export_pack(filled, "csv", tmp_path / "log.csv", now=NOW)
    assert out == tmp_path / "log.csv"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "log.csv" in names and "log-promises.csv" in names and "log-measures.csv" in names
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and "ref" in rows[0]


def test_csv_into_a_folder(filled, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    export_pack(filled, "csv", folder, now=NOW)
    assert (folder / "interactions.csv").exists() and (folder / "hours.csv").exists()


def test_csv_text_that_looks_like_a_formula_is_shown_not_run(filled, tmp_path: Path) -> None:
    entry = filled.interactions.get(filled.ids["internal"])
    entry.summary = "=HYPERLINK(\"http://example.invalid\")"
    filled.interactions.update(entry)
    tables = csv_tables(export_pack(filled, "csv", tmp_path / "p.zip", now=NOW))
    row = next(r for r in tables["interactions"] if r["ref"] == entry.id)
    assert row["summary"].startswith("'=")


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_real_names_are_shown_only_when_asked(filled, tmp_path: Path, fmt: str) -> None:
    text = READERS[fmt](export_pack(filled, fmt, tmp_path / f"real.{fmt}", real_names=True, now=NOW))
    assert "Mrs Aisha Patel — key, external" in text
    assert "aisha.patel@example.com" in text
    assert "Real names are shown" in text


def test_date_range_keeps_only_that_period(filled, tmp_path: Path) -> None:
    out = export_pack(filled, "html", tmp_path / "nov.html", start=date(2026, 11, 1), end=date(2026, 11, 30),
                      now=NOW)
    text = html_text(out)
    assert "1 Nov 2026 to 30 Nov 2026" in text
    assert "Fleet MOT package" in text
    assert "Calm the situation" not in text  # the October complaint
    tables = csv_tables(export_pack(filled, "csv", tmp_path / "nov.zip", start=date(2026, 11, 1),
                                    end=date(2026, 11, 30), now=NOW))
    assert sorted(r["date"] for r in tables["interactions"]) == ["2026-11-12", "2026-11-20"]
    assert [r["month"] for r in tables["measures"]] == ["2026-11", "whole period"]
    assert tables["hours"] == []


def test_criteria_filter_keeps_mapped_entries_and_those_criteria(filled, tmp_path: Path) -> None:
    tables = csv_tables(export_pack(filled, "csv", tmp_path / "c.zip", criteria=["crm-unit:2.5"], now=NOW))
    assert [r["ref"] for r in tables["interactions"]] == [filled.ids["sale"]]
    assert [r["criterion"] for r in tables["criteria"]] == ["crm-unit:2.5"]
    assert {r["interaction"] for r in tables["promises"]} == {filled.ids["sale"]}
    text = html_text(export_pack(filled, "html", tmp_path / "c.html", criteria=["crm-unit:2.5"], now=NOW))
    assert "covers the criteria crm-unit:2.5 only" in text
    assert "2.5 Offer extra products" in text and "1.1 Identify and prioritise" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_an_empty_journal_gives_a_sensible_pack(memory_journal, tmp_path: Path, fmt: str) -> None:
    text = READERS[fmt](export_pack(memory_journal, fmt, tmp_path / f"empty.{fmt}", now=NOW))
    assert "Evidence log" in text and "No entries yet" in text
    assert "No interactions in this period." in text
    assert "No promises fall due in this period." in text
    assert "No feedback in this period." in text
    assert "No evidence yet" in text


HOSTILE = (
    "<script>alert('x')</script><b>bold?</b> &amp; \"quotes\" "
    "😀🚗 مرحبا بالعالم שלום "
)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_hostile_text_is_escaped_and_does_not_break_the_pack(memory_journal, tmp_path, fmt: str) -> None:
    from journal_app.journal.records import Interaction, Star

    memory_journal.interactions.add(Interaction(
        at="2026-10-01T09:30:00+01:00", kind="enquiry", summary=HOSTILE + "\x0b\x1b control",
        star=Star(situation="word" * 3000, task="x " * 20000, action="</td></tr></table>]]>", result=HOSTILE),
    ))
    out = export_pack(memory_journal, fmt, tmp_path / f"hostile.{fmt}", now=NOW)
    text = READERS[fmt](out)
    assert "alert('x')" in text  # shown as text
    assert "</td></tr></table>]]>" in text.replace(" ", "") or fmt == "pdf"
    if fmt == "html":
        page = html_page(out)
        assert "script" not in page.tags and "b" not in page.tags
        assert "😀🚗" in text and "مرحبا بالعالم" in text


@pytest.mark.parametrize("kwargs, words", [
    ({"fmt": "odt"}, "is not a format"),
    ({"fmt": "pdf", "start": date(2026, 12, 1), "end": date(2026, 11, 1)}, "is after the end date"),
    ({"fmt": "html", "criteria": ["crm-unit:9.9"]}, 'no criterion "crm-unit:9.9"'),
])
def test_bad_requests_are_refused_plainly_and_write_nothing(filled, tmp_path: Path, kwargs, words) -> None:
    fmt = kwargs.pop("fmt")
    with pytest.raises(InvalidInput, match=re.escape(words)):
        export_pack(filled, fmt, tmp_path / "pack.out", now=NOW, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(filled, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="doesn't exist"):
        export_pack(filled, "html", tmp_path / "nowhere" / "pack.html", now=NOW)


def test_cancelling_leaves_no_file_and_progress_reaches_the_end(filled, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        export_pack(filled, "html", tmp_path / "pack.html", now=NOW,
                    progress=lambda d, t: calls.append((d, t)), cancelled=lambda: len(calls) >= 3)
    assert list(tmp_path.iterdir()) == []
    calls.clear()
    export_pack(filled, "html", tmp_path / "pack.html", now=NOW, progress=lambda d, t: calls.append((d, t)))
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1]


def test_exporting_changes_nothing_in_the_journal(journal, tmp_path: Path) -> None:
    populate(journal)
    journal.save()
    export_pack(journal, "html", tmp_path / "pack.html", now=NOW)
    assert not journal.dirty
    from journal_app.journal.audit import events

    assert events(journal) == []


def test_the_demo_journal_exports_without_identities(memory_journal, tmp_path: Path) -> None:
    demo = pytest.importorskip("journal_app.services.demo")
    demo.populate_demo(memory_journal, NOW.date())
    names = [c.name for c in memory_journal.customers.all()]
    contacts = [c.contact for c in memory_journal.customers.all() if c.contact]
    for fmt in ("pdf", "html"):
        text = READERS[fmt](export_pack(memory_journal, fmt, tmp_path / f"demo.{fmt}", now=NOW)).lower()
        for name in names:
            assert name.lower() not in text, name
        for contact in contacts:
            for bit in re.split(r"[,;\n]+", contact):
                if len(bit.strip()) >= 6:
                    assert bit.strip().lower() not in text, bit


def test_csv_and_html_packs_never_load_qt(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from pathlib import Path\n"
        "from journal_app.journal.journal import Journal, builtin_framework\n"
        "from journal_app.services.export.pack import export_pack\n"
        "j = Journal.new_database()\n"
        "j.add_framework(builtin_framework())\n"
        "now = datetime(2026, 12, 10, tzinfo=timezone.utc)\n"
        f"export_pack(j, 'csv', Path(r'{tmp_path}') / 'p.zip', now=now)\n"
        f"export_pack(j, 'html', Path(r'{tmp_path}') / 'p.html', now=now)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_folder_name_for_a_single_file_pack_is_refused(filled, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder"):
        export_pack(filled, "pdf", tmp_path, now=NOW)


def test_a_disk_problem_is_explained_and_leaves_nothing(filled, tmp_path: Path, monkeypatch) -> None:
    from journal_app.errors import ExportFailed, SaveFailed
    from journal_app.vault import durable

    def full_disk(target, chunks, **kwargs):  # stands in for write_atomic
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(durable, "write_atomic", full_disk)
    with pytest.raises(ExportFailed, match="the disk is full") as raised:
        export_pack(filled, "html", tmp_path / "pack.html", now=NOW)
    assert "Your journal is unchanged" in str(raised.value)
    assert list(tmp_path.iterdir()) == []
