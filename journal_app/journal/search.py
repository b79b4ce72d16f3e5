"""Full-text search (FTS5) over every free-text field, ranked, with snippets.

One ``search_index`` table holds a title and body per record, refreshed by the
repositories on every write. Queries are tidied into plain words first, so a
learner's stray quote or trailing ``AND`` never becomes an SQL error.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

MARK_START = "\x02"
MARK_END = "\x03"


@dataclass(frozen=True)
class SearchHit:
    record_type: str
    record_id: str
    title: str
    snippet: str  # matches wrapped in MARK_START / MARK_END
    rank: float

    def plain_snippet(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def search_text(record: Any) -> tuple[str, str]:
    """(title, body) to index for a record: every free-text field it has."""
    kind = record.TYPE
    if kind == "customer":
        return record.name or record.pseudonym, _join(
            record.pseudonym, record.organisation, record.needs, record.communication,
            record.contact, record.notes,
        )
    if kind == "interaction":
        blocks = [record.star.to_dict()]
        if record.complaint:
            blocks.append(record.complaint.to_dict())
        if record.offer:
            offer = record.offer.to_dict()
            offer.pop("accepted", None)
            blocks.append(offer)
        texts = [v for b in blocks for v in b.values()]
        return record.summary, _join(record.reflection, record.adaptation, *record.techniques, *texts)
    if kind == "promise":
        return record.text, record.outcome
    if kind == "feedback":
        return record.comment[:80], _join(record.comment, record.action_taken)
    if kind == "evidence":
        witness = record.witness.to_dict() if record.witness else {}
        return record.title, _join(
            record.description, witness.get("name"), witness.get("role"), witness.get("statement"),
            record.file.name if record.file else "",
        )
    if kind == "objective":
        return record.specific[:80], _join(record.specific, record.metric, record.achievable, record.relevant)
    if kind == "review":
        return f"Review {record.at}", _join(record.plan, record.do, record.check, record.act)
    if kind == "hours":
        return record.activity[:80], record.activity
    return "", ""


def index_record(db: sqlite3.Connection, record: Any) -> None:
    unindex_record(db, record.TYPE, record.id)
    title, body = search_text(record)
    db.execute(
        "INSERT INTO search_index (record_type, record_id, title, body) VALUES (?, ?, ?, ?)",
        (record.TYPE, record.id, title or "", body or ""),
    )


def unindex_record(db: sqlite3.Connection, record_type: str, record_id: str) -> None:
    db.execute(
        "DELETE FROM search_index WHERE record_type = ? AND record_id = ?", (record_type, record_id)
    )


_WORD = re.compile(r"[\w][\w'’.@+-]*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def tidy_query(query: str) -> list[str]:
    """Plain words from whatever the learner typed; FTS operators become ordinary words."""
    words = []
    for match in _WORD.finditer(query):
        word = match.group(0).strip("'’.-+@")
        if word:
            words.append(word)
    return words


def _fts_expression(words: list[str]) -> str:
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if quoted:
        quoted[-1] += "*"  # prefix match on the last word: search as you type
    return " ".join(quoted)


def search(db: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    words = tidy_query(query)
    if not words:
        return []
    if any(_CJK.search(w) for w in words):
        return _substring_search(db, words, limit)
    rows = db.execute(
        "SELECT record_type, record_id, title,"
        " snippet(search_index, -1, ?, ?, '…', 12), bm25(search_index, 5.0, 1.0)"
        " FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index, 5.0, 1.0) LIMIT ?",
        (MARK_START, MARK_END, _fts_expression(words), limit),
    ).fetchall()
    return [SearchHit(t, i, title, snip, rank) for t, i, title, snip, rank in rows]


def _substring_search(db: sqlite3.Connection, words: list[str], limit: int) -> list[SearchHit]:
    # unicode61 keeps a run of CJK characters as one token, so 李雷 inside 我是李雷 would
    # never match; fall back to a substring scan for those scripts.
    conditions = " AND ".join("(title || ' ' || body) LIKE ?" for _ in words)
    params = [f"%{w}%" for w in words]
    rows = db.execute(
        f"SELECT record_type, record_id, title, title || ' ' || body FROM search_index"
        f" WHERE {conditions} LIMIT ?", (*params, limit),
    ).fetchall()
    hits = []
    for record_type, record_id, title, text in rows:
        pos = text.find(words[0])
        start = max(0, pos - 30)
        snip = text[start : pos + len(words[0]) + 30]
        snip = snip.replace(words[0], f"{MARK_START}{words[0]}{MARK_END}")
        hits.append(SearchHit(record_type, record_id, title, ("…" if start else "") + snip, 0.0))
    return hits
