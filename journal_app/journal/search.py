"""Full-text search (FTS5) over every free-text field, ranked, with snippets.

One ``search_index`` table holds a title and body per record, refreshed by the
repositories on every write. Queries are tidied into plain words first, so a
learner's stray quote or trailing ``AND`` never becomes an SQL error.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
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


def _line(text: str, fallback: str) -> str:
    """The first line of a text, short enough for a results list."""
    first = (text or "").strip().split("\n", 1)[0]
    return first[:80] if first else fallback


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
        for extra in (record.rights, record.boundaries):
            if extra is not None:
                blocks.append(extra.to_dict())
        texts = [v for b in blocks for v in b.values() if isinstance(v, str)]
        title = _line(record.summary, f"{record.kind.capitalize()} on {record.at[:10]}")
        return title, _join(record.summary, record.reflection, record.adaptation, *record.techniques, *texts)
    if kind == "promise":
        return _line(record.text, "Promise"), _join(record.text, record.outcome)
    if kind == "feedback":
        title = _line(record.comment, f"Feedback on {record.at[:10]}")
        return title, _join(record.comment, record.action_taken)
    if kind == "evidence":
        witness = record.witness.to_dict() if record.witness else {}
        return record.title or _line(record.description, "Evidence"), _join(
            record.description, witness.get("name"), witness.get("role"), witness.get("statement"),
            record.file.name if record.file else "",
        )
    if kind == "objective":
        return _line(record.specific, "Objective"), _join(
            record.specific, record.metric, record.achievable, record.relevant, *record.action_texts,
            record.service_model.why if record.service_model else "",
        )
    if kind == "review":
        return f"Review {record.at}", _join(record.plan, record.do, record.check, record.act)
    if kind == "hours":
        return _line(record.activity, f"Hours on {record.date}"), record.activity
    if kind == "improvement":
        return _line(record.change, "Improvement"), _join(record.change, record.why, record.measure)
    return "", ""


def index_record(db: sqlite3.Connection, record: Any) -> None:
    """Add or refresh a record's entry (found by rowid through ``search_keys``, never a scan)."""
    title, body = search_text(record)
    row = db.execute(
        "SELECT rowid FROM search_keys WHERE record_type = ? AND record_id = ?", (record.TYPE, record.id)
    ).fetchone()
    if row is None:
        rowid = db.execute(
            "INSERT INTO search_keys (record_type, record_id) VALUES (?, ?)", (record.TYPE, record.id)
        ).lastrowid
    else:
        rowid = row[0]
        db.execute("DELETE FROM search_index WHERE rowid = ?", (rowid,))
    db.execute(
        "INSERT INTO search_index (rowid, record_type, record_id, title, body) VALUES (?, ?, ?, ?, ?)",
        (rowid, record.TYPE, record.id, title or "", body or ""),
    )


def unindex_record(db: sqlite3.Connection, record_type: str, record_id: str) -> None:
    row = db.execute(
        "SELECT rowid FROM search_keys WHERE record_type = ? AND record_id = ?", (record_type, record_id)
    ).fetchone()
    if row is not None:
        db.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
        db.execute("DELETE FROM search_keys WHERE rowid = ?", (row[0],))


def rebuild_index(db: sqlite3.Connection, records: Any) -> int:
    """Re-index every record given (after an import or a repair); returns how many."""
    db.execute("DELETE FROM search_index")
    db.execute("DELETE FROM search_keys")
    count = 0
    for record in records:
        index_record(db, record)
        count += 1
    return count


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


# bm25 weights per column: record_type and record_id are not text; a word in the title
# counts five times one in the body.
_RANK = "bm25(search_index, 0.0, 0.0, 5.0, 1.0)"
# Scoring every match of a very common word ("van" in a dealership journal) costs ~3 µs a
# row; past this many matches only the most recently written ones are ranked, which keeps
# a query over 50,000 entries well under 50 ms and still puts the best of recent work first.
RANKED_CANDIDATES = 2000


def search(db: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Best matches first. Never raises on odd input: the query is reduced to plain words."""
    words = tidy_query(query)
    if not words or limit <= 0:
        return []
    if any(_CJK.search(w) for w in words):
        return _substring_search(db, words, limit)
    expression = _fts_expression(words)
    # Newest first is the full-text index's own order, so SQLite stops after the candidates
    # and scores only those; snippets are built only for the rows shown.
    candidates = db.execute(
        f"SELECT rowid, {_RANK} FROM search_index WHERE search_index MATCH ?"
        " ORDER BY rowid DESC LIMIT ?", (expression, RANKED_CANDIDATES),
    ).fetchall()
    if not candidates:
        return []
    best = sorted(candidates, key=lambda row: (row[1], -row[0]))[:limit]
    scores = {rowid: score for rowid, score in best}
    marks = ",".join("?" * len(scores))
    # Snippets are cut here rather than by FTS5's snippet(), which re-reads the index for
    # every row of a prefix query (about 3 ms a row).
    rows = db.execute(
        f"SELECT rowid, record_type, record_id, title, body FROM search_index WHERE rowid IN ({marks})",
        tuple(scores),
    ).fetchall()
    pattern = _pattern(words, whole_words=True)
    hits = [SearchHit(t, i, title, make_snippet(title, body, pattern), scores[rowid])
            for rowid, t, i, title, body in rows]
    hits.sort(key=lambda hit: hit.rank)
    return hits


def _substring_search(db: sqlite3.Connection, words: list[str], limit: int) -> list[SearchHit]:
    # unicode61 keeps a run of CJK characters as one token, so 李雷 inside 我是李雷 would
    # never match; fall back to a substring scan for those scripts.
    conditions = " AND ".join("instr(title || ' ' || body, ?) > 0" for _ in words)
    rows = db.execute(
        f"SELECT record_type, record_id, title, body FROM search_index WHERE {conditions} LIMIT ?",
        (*words, limit),
    ).fetchall()
    pattern = _pattern(words, whole_words=False)
    return [SearchHit(t, i, title, make_snippet(title, body, pattern), 0.0) for t, i, title, body in rows]


# --- snippets ---------------------------------------------------------------------------------
SNIPPET_BEFORE = 50  # characters of context before the first match
SNIPPET_LENGTH = 140


def fold(text: str) -> tuple[str, list[int]]:
    """Lower case without accents, plus where each folded character came from.

    Matches what the index does (unicode61, remove_diacritics 2), so "zoe" marks "Zoë".
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        plain = plain.casefold() or char
        out.append(plain)
        where.extend([index] * len(plain))
    return "".join(out), where


def _pattern(words: list[str], *, whole_words: bool) -> re.Pattern[str]:
    parts = []
    for n, word in enumerate(words):
        folded = re.escape(fold(word)[0])
        if whole_words:
            tail = r"\w*" if n == len(words) - 1 else r"(?!\w)"
            parts.append(rf"(?<!\w){folded}{tail}")
        else:
            parts.append(folded)
    return re.compile("|".join(parts))


def make_snippet(title: str, body: str, pattern: re.Pattern[str]) -> str:
    """A short extract around the first match, matches wrapped in MARK_START / MARK_END."""
    text = body if pattern.search(fold(body)[0]) else (title if pattern.search(fold(title)[0]) else body)
    folded, where = fold(text)
    found = [(where[m.start()], where[m.end() - 1] + 1)
             for m in pattern.finditer(folded) if m.end() > m.start()]
    first = found[0][0] if found else 0
    start = max(0, first - SNIPPET_BEFORE)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first else end
    pieces, cursor = [], start
    for a, b in found:
        if a < cursor or b > end:
            continue
        pieces += [text[cursor:a], MARK_START, text[a:b], MARK_END]
        cursor = b
    pieces.append(text[cursor:end])
    snippet = " ".join("".join(pieces).split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
