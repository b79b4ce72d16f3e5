"""Where each entry came from and how it changed: written or imported, the gap between an
interaction and its reflection, the fields each edit changed, and the "Changed since your
last pack" section built from the audit trail's previous pack export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...journal.records import Record
from .blocks import Block, Cell, Paragraph, Section, Table
from .content import nice_date, nice_time
from .gather import PackData

TYPE_LABELS = {
    "interaction": "Interaction", "promise": "Promise", "feedback": "Feedback", "evidence": "Evidence",
    "objective": "Objective", "review": "Review", "hours": "Hours",
}


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def field_label(name: str) -> str:
    """"star.result" → "STAR result", "off_the_job" → "off the job"."""
    name = name.replace("star.", "STAR ").replace(".", " ").replace("_", " ")
    return name


def original_date_known(data: PackData, record_type: str, record: Record) -> bool:
    """False when an imported record's file didn't say when it was first written."""
    imported = _moment(data.imported_at(record_type, record.id))
    written = _moment(record.created_at)
    if imported is None or written is None:
        return imported is None
    return (imported - written).total_seconds() > 1


def written_line(data: PackData, record_type: str, record: Record) -> str:
    imported = data.imported_at(record_type, record.id)
    if not imported:
        return nice_time(record.created_at)
    if original_date_known(data, record_type, record):
        return (f"Imported from another journal on {nice_date(imported)}; "
                f"first written {nice_time(record.created_at)} (as that journal gives it)")
    return (f"Imported from another journal on {nice_date(imported)}; "
            "that journal doesn't say when it was first written")


def edits_line(data: PackData, record_type: str, record: Record) -> str:
    """"None" or "2: summary, STAR result (3 Oct 2026); reflection (5 Oct 2026)"."""
    edits = data.edits.get((record_type, record.id), [])
    if not record.edits:
        return "None"
    if not edits:
        return f"{record.edits} (what changed isn't kept)"
    parts = [f"{', '.join(field_label(f) for f in e.fields) or 'no visible change'} ({nice_date(e.at)})"
             for e in edits]
    return f"{record.edits}: " + "; ".join(parts)


def days_between(start: str, end: str) -> int | None:
    first, last = _moment(start), _moment(end)
    if first is None or last is None:
        return None
    return (last.astimezone(first.tzinfo).date() - first.date()).days


def reflection_gap(data: PackData, interaction_id: str, at: str) -> str:
    """"3 days after the interaction (4 Oct 2026)", "the same day (…)", or that it isn't known."""
    written = data.first_reflection.get(interaction_id)
    if not written:
        return ""
    record = data.sources.get(interaction_id)
    if record is not None and not original_date_known(data, "interaction", record) and not record.edits:
        return "on a date not known (imported without it)"
    days = days_between(at, written)
    if days is None:
        return ""
    if days <= 0:
        return "the same day"
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} after the interaction ({nice_date(written)})"


def provenance_rows(data: PackData, record_type: str, record: Record) -> list[tuple[str, str]]:
    """One "Written" line: when (or imported), the reflection's delay, and what each edit changed."""
    parts = [written_line(data, record_type, record)]
    if record_type == "interaction":
        gap = reflection_gap(data, record.id, getattr(record, "at", ""))
        if gap:
            parts.append(f"reflection written {gap}")
    if record.edits:
        times = f"edited {record.edits} time{'' if record.edits == 1 else 's'}"
        what = edits_line(data, record_type, record).partition(": ")[2]
        parts.append(f"{times}: {what}" if what else f"{times} (what changed isn't kept)")
    else:
        parts.append("never edited")
    return [("Written", " · ".join(parts))]


def pack_records(data: PackData) -> list[tuple[str, Sequence[Record]]]:
    return [
        ("interaction", data.interactions), ("promise", data.promises), ("feedback", data.feedback),
        ("evidence", data.evidence), ("objective", data.objectives),
        ("review", [r for rs in data.reviews.values() for r in rs]), ("hours", data.hours),
    ]


def _when(record: Record) -> str:
    for name in ("at", "due", "date"):
        value: str | None = getattr(record, name, None)
        if value:
            return value
    return ""


def changed_since_last_pack(data: PackData) -> list[Block]:
    blocks: list[Block] = [Section(
        "Changed since your last pack", "changes",
        "Entries in this pack edited after the previous evidence pack was exported (from the "
        "journal's audit trail), with the fields each edit changed, so retrospective changes are visible.",
    )]
    last = _moment(data.last_pack_at or "")
    if last is None:
        blocks.append(Paragraph(
            "This is the first evidence pack exported from this journal, so there is nothing to "
            "compare with.",
            "empty"))
        return blocks
    rows = []
    for record_type, records in pack_records(data):
        for record in records:
            edits = [e for e in data.edits.get((record_type, record.id), [])
                     if (_moment(e.at) or last) > last]
            if not edits:
                continue
            changed = "; ".join(
                f"{', '.join(field_label(f) for f in e.fields) or 'no visible change'} ({nice_time(e.at)})"
                for e in edits)
            rows.append([Cell(record.id), Cell(TYPE_LABELS.get(record_type, record_type)),
                         Cell(nice_date(_when(record))), Cell(changed)])
    since = nice_time(last.replace(microsecond=0).isoformat())
    if not rows:
        blocks.append(Paragraph(f"No entry in this pack has been edited since the last pack ({since}).",
                                "empty"))
        return blocks
    count = f"{len(rows)} {'entry has' if len(rows) == 1 else 'entries have'}"
    blocks.append(Paragraph(f"The last pack was exported on {since}. {count} been edited since.", "muted"))
    blocks.append(Table(["Ref", "Type", "Date", "What changed (when)"], rows, [18, 13, 14, 55], small=True))
    return blocks
