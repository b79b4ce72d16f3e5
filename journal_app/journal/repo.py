"""One repository per record type over the journal's tables, with edit history.

Every write keeps the previous version in ``history`` (an assessor trusts "written
on 3 Oct, edited once on 5 Oct") and refreshes the record's full-text entry.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ..errors import InvalidRecord, RecordNotFound
from .records import (
    Block,
    Boundaries,
    Complaint,
    Customer,
    EvidenceFile,
    Offer,
    PlanAction,
    Record,
    Rights,
    ServiceModel,
    Star,
    Witness,
)
from .search import index_record, unindex_record

if TYPE_CHECKING:
    import sqlite3
    from contextlib import AbstractContextManager


class JournalLike(Protocol):
    """What a repository needs of its journal (the journal module builds repositories,
    so naming it here would make the two modules one)."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[None]: ...

    def changed(self, record_type: str, record_id: str) -> None: ...

    def timestamp(self) -> str: ...

    def next_pseudonym(self) -> str: ...

R = TypeVar("R", bound=Record)

BLOCKS: dict[str, type[Block]] = {
    "star": Star, "complaint": Complaint, "offer": Offer, "witness": Witness,
    "rights": Rights, "boundaries": Boundaries, "service_model": ServiceModel,
}
BLOCK_LISTS: dict[str, type[Block]] = {"actions": PlanAction}
JSON_LISTS = {"techniques"}
BOOLEANS = {"resolved_first_contact", "off_the_job"}
META = ("created_at", "updated_at", "edits")


def utc_key(timestamp: str) -> str:
    """A sortable UTC form of an ISO time with offset."""
    return datetime.fromisoformat(timestamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def pseudonym_for(n: int) -> str:
    """0 → Customer A, 25 → Customer Z, 26 → Customer AA …"""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"Customer {letters}"


class Repository(Generic[R]):
    def __init__(self, journal: JournalLike, cls: type[R]) -> None:
        self.journal = journal
        self.cls = cls
        self.table = cls.TABLE
        self._columns = [
            f.name for f in dataclasses.fields(cls)
            if f.name not in cls.LINKS and f.name != "extra"
        ]
        self._has_utc = cls.TABLE in ("interactions", "feedback")

    @property
    def db(self) -> sqlite3.Connection:
        return self.journal.db

    # --- reading -----------------------------------------------------------------
    def find(self, record_id: str) -> R | None:
        row = self.db.execute(f"SELECT * FROM {self.table} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            return None
        return self._hydrate([row])[0]

    def get(self, record_id: str) -> R:
        record = self.find(record_id)
        if record is None:
            raise RecordNotFound(self.cls.TYPE, record_id)
        return record

    def exists(self, record_id: str) -> bool:
        row = self.db.execute(f"SELECT 1 FROM {self.table} WHERE id = ?", (record_id,)).fetchone()
        return row is not None

    def all(self, where: str = "", params: Iterable[Any] = (), order: str = "rowid") -> list[R]:
        """Records matching an SQL condition over this table's columns."""
        sql = f"SELECT * FROM {self.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        return self._hydrate(self.db.execute(sql, tuple(params)).fetchall())

    def where(self, **equals: Any) -> list[R]:
        clause = " AND ".join(f"{k} IS ?" for k in equals)
        return self.all(clause, equals.values())

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute(f"SELECT id FROM {self.table} ORDER BY rowid")]

    def count(self, where: str = "", params: Iterable[Any] = ()) -> int:
        sql = f"SELECT count(*) FROM {self.table}" + (f" WHERE {where}" if where else "")
        return int(self.db.execute(sql, tuple(params)).fetchone()[0])

    def __iter__(self) -> Iterator[R]:
        return iter(self.all())

    # --- writing -----------------------------------------------------------------
    def new_id(self) -> str:
        while True:
            candidate = f"{self.cls.ID_PREFIX}-{secrets.token_hex(4)}"
            if not self.exists(candidate):
                return candidate

    def add(self, record: R) -> R:
        record = self._checked(record)
        if not record.id:
            record.id = self.new_id()
        elif self.exists(record.id):
            raise InvalidRecord(f"{self.table}.id", f'"{record.id}" is already used')
        now = self.journal.timestamp()
        record.created_at = record.created_at or now
        record.updated_at = record.updated_at or record.created_at
        if isinstance(record, Customer) and not record.pseudonym:
            record.pseudonym = self.journal.next_pseudonym()
        with self.journal.transaction():
            self.db.execute(*self._insert_sql(record))
            self._write_links(record)
            index_record(self.db, record)
        self.journal.changed(self.cls.TYPE, record.id)
        return record

    def update(
        self, record: R, *, keep_history: bool = True,
        keep: tuple[str, ...] = ("pseudonym", "anonymised_at", "file"),
    ) -> R:
        """Save a changed record; its previous version goes into the history.

        Fields named in ``keep`` that the new version leaves empty are carried over from
        the stored one (forms don't hold pseudonyms or attachments); pass a shorter
        ``keep`` to clear one on purpose.
        """
        record = self._checked(record)
        old = self.get(record.id)
        for name in keep:
            if hasattr(old, name) and not getattr(record, name, None):
                setattr(record, name, getattr(old, name))
        if _content(old) == _content(record):
            return old
        record.created_at = old.created_at
        record.updated_at = self.journal.timestamp()
        record.edits = old.edits + 1 if keep_history else old.edits
        with self.journal.transaction():
            if keep_history:
                self.db.execute(
                    "INSERT OR REPLACE INTO history (record_type, record_id, edit, saved_at, data)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (self.cls.TYPE, old.id, old.edits, old.updated_at, json.dumps(_content(old))),
                )
            row = self._row(record)
            sets = ", ".join(f'"{k}" = ?' for k in row)
            self.db.execute(
                f"UPDATE {self.table} SET {sets} WHERE id = ?", (*row.values(), record.id)
            )
            self._write_links(record)
            index_record(self.db, record)
        self.journal.changed(self.cls.TYPE, record.id)
        return record

    def put(self, record: R) -> R:
        """Add, or update when the id exists (import: same id = same record)."""
        return self.update(record) if record.id and self.exists(record.id) else self.add(record)

    def delete(self, record_id: str) -> None:
        with self.journal.transaction():
            self.db.execute(f"DELETE FROM {self.table} WHERE id = ?", (record_id,))
            self.db.execute(
                "DELETE FROM criterion_links WHERE record_type = ? AND record_id = ?",
                (self.cls.TYPE, record_id),
            )
            self.db.execute(
                "DELETE FROM history WHERE record_type = ? AND record_id = ?", (self.cls.TYPE, record_id)
            )
            if self.cls.TYPE == "evidence":
                self.db.execute("DELETE FROM evidence_interactions WHERE evidence = ?", (record_id,))
            if self.cls.TYPE in ("feedback", "objective"):
                # An improvement outlives what prompted it; it just stops naming it.
                self.db.execute(
                    f"UPDATE improvements SET {self.cls.TYPE} = NULL WHERE {self.cls.TYPE} = ?", (record_id,)
                )
            unindex_record(self.db, self.cls.TYPE, record_id)
        self.journal.changed(self.cls.TYPE, record_id)

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """Earlier versions, oldest first: ``{"edit", "saved_at", "data"}``."""
        rows = self.db.execute(
            "SELECT edit, saved_at, data FROM history WHERE record_type = ? AND record_id = ?"
            " ORDER BY edit", (self.cls.TYPE, record_id),
        )
        return [{"edit": e, "saved_at": s, "data": json.loads(d)} for e, s, d in rows]

    # --- mapping -----------------------------------------------------------------
    def _checked(self, record: R) -> R:
        if not isinstance(record, self.cls):
            raise TypeError(f"expected {self.cls.__name__}")
        return record.validated(self.table)

    def _insert_sql(self, record: R) -> tuple[str, tuple[Any, ...]]:
        row = self._row(record)
        names = ", ".join(f'"{k}"' for k in row)
        marks = ", ".join("?" for _ in row)
        return f"INSERT INTO {self.table} ({names}) VALUES ({marks})", tuple(row.values())

    def _row(self, record: R) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for name in self._columns:
            value = getattr(record, name)
            if isinstance(value, Block):
                value = json.dumps(value.to_dict() if not isinstance(value, EvidenceFile)
                                   else dataclasses.asdict(value))
            elif name in JSON_LISTS:
                value = json.dumps(value)
            elif name in BLOCK_LISTS:
                value = json.dumps([item.to_dict() for item in value])
            row[name] = value
        row["extra"] = json.dumps(record.extra or {})
        if self._has_utc:
            row["at_utc"] = utc_key(row["at"])
        return row

    def _hydrate(self, rows: list[Any]) -> list[R]:
        if not rows:
            return []
        links = self._links([r["id"] for r in rows]) if self.cls.LINKS else {}
        out = []
        for row in rows:
            values: dict[str, Any] = {}
            for name in self._columns:
                value = row[name]
                if name in BLOCKS:
                    value = None if value is None else BLOCKS[name](**json.loads(value))
                elif name == "file":
                    value = None if value is None else EvidenceFile(**json.loads(value))
                elif name in JSON_LISTS:
                    value = json.loads(value)
                elif name in BLOCK_LISTS:
                    value = [BLOCK_LISTS[name](**item) for item in json.loads(value or "[]")]
                elif name in BOOLEANS:
                    value = bool(value)
                values[name] = value
            for link in self.cls.LINKS:
                values[link] = links.get((link, row["id"]), [])
            record = self.cls(**values)
            record.extra = json.loads(row["extra"]) if row["extra"] else {}
            out.append(record)
        return out

    def _links(self, ids: list[str]) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            if "criteria" in self.cls.LINKS:
                for rid, crit in self.db.execute(
                    f"SELECT record_id, criterion FROM criterion_links WHERE record_type = ?"
                    f" AND record_id IN ({marks}) ORDER BY position", (self.cls.TYPE, *chunk),
                ):
                    found.setdefault(("criteria", rid), []).append(crit)
            if "interactions" in self.cls.LINKS:
                for eid, iid in self.db.execute(
                    f"SELECT evidence, interaction FROM evidence_interactions WHERE evidence IN ({marks})"
                    " ORDER BY position", chunk,
                ):
                    found.setdefault(("interactions", eid), []).append(iid)
        return found

    def _write_links(self, record: R) -> None:
        if "criteria" in self.cls.LINKS:
            self.db.execute(
                "DELETE FROM criterion_links WHERE record_type = ? AND record_id = ?",
                (self.cls.TYPE, record.id),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO criterion_links (record_type, record_id, criterion, position)"
                " VALUES (?, ?, ?, ?)",
                [(self.cls.TYPE, record.id, c, i) for i, c in enumerate(record.criteria)],  # type: ignore[attr-defined]
            )
        if "interactions" in self.cls.LINKS:
            self.db.execute("DELETE FROM evidence_interactions WHERE evidence = ?", (record.id,))
            self.db.executemany(
                "INSERT OR IGNORE INTO evidence_interactions (evidence, interaction, position)"
                " VALUES (?, ?, ?)",
                [(record.id, i, n) for n, i in enumerate(record.interactions)],  # type: ignore[attr-defined]
            )


def _content(record: Record) -> dict[str, Any]:
    data = record.to_dict()
    for name in ("pseudonym", "anonymised_at"):
        if hasattr(record, name):
            data[name] = getattr(record, name)
    if getattr(record, "file", None) is not None:
        data["file"] = dataclasses.asdict(record.file)  # type: ignore[attr-defined]
    return data


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
