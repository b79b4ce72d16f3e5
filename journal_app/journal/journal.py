"""One open journal: an in-memory SQLite database sealed into a vault file.

The database lives only in memory while unlocked (``deserialize``), so tables,
indexes and the full-text index are all encrypted at rest. ``save()`` serialises
it and hands the bytes to the vault; the GUI calls ``snapshot()`` on its own
thread (a fast copy) and ``write_snapshot()`` on a worker.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from ..errors import DamagedJournal, JournalError
from ..vault.store import SaveStats, VaultFile, wipe
from . import schema
from .records import (
    Criterion,
    Customer,
    Evidence,
    Feedback,
    Framework,
    Hours,
    Improvement,
    Interaction,
    Learner,
    Objective,
    Promise,
    Review,
)
from .repo import Repository, pseudonym_for
from .search import SearchHit, search

Clock = Callable[[], datetime]


_T = TypeVar("_T")


def system_clock() -> datetime:
    return datetime.now().astimezone()


class GuardedConnection(sqlite3.Connection):
    """The live journal's connection: every statement waits for ``guard``, which a
    transaction holds from start to end. A worker writing an import and the GUI thread
    reading a page then never interleave on the one connection: a read never sees half an
    import, and a page's write never lands inside (and is rolled back with) a worker's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = threading.RLock()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        with self.guard:
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        with self.guard:
            return super().executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        with self.guard:
            return super().executescript(sql_script)

    def serialize(self, *, name: str = "main") -> bytes:
        with self.guard:
            return super().serialize(name=name)


def _connect() -> sqlite3.Connection:
    db = sqlite3.connect(
        ":memory:", check_same_thread=False, isolation_level=None, factory=GuardedConnection
    )
    db.row_factory = sqlite3.Row
    return db


def _harden(db: sqlite3.Connection) -> None:
    # Deleted text is overwritten rather than left in free pages; no temp files on disk.
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA foreign_keys = OFF")


class Journal:
    """The typed API over one unlocked journal."""

    def __init__(self, db: sqlite3.Connection, vault: VaultFile | None, clock: Clock | None = None):
        self.db = db
        self.vault = vault
        self.clock: Clock = clock or system_clock
        self.dirty = False
        self._depth = 0
        self._db_lock = db.guard if isinstance(db, GuardedConnection) else threading.RLock()
        self._listeners: list[Callable[[str, str], None]] = []
        self._action_listeners: list[Callable[[object], None]] = []
        # Attachments (see attachments.py): files written but not yet referred to, which no
        # collection may remove; what each saved copy refers to, by its header; and the
        # sealed files removed after saves this session.
        self.blob_lock = threading.RLock()
        self.fresh_blobs: set[str] = set()
        self.saved_refs_cache: dict[bytes, frozenset[str]] = {}
        self.files_collected: list[str] = []
        # Reading copies that read attached files (an export running): what they refer to
        # is kept on disk until they are let go. ``original`` is set on a reading copy.
        self.readers: set[Journal] = set()
        self.original: Journal | None = None
        self.collect_error: str | None = None
        # Answers worth reusing (a name redactor, what retention will do), each kept with the
        # content stamp it was worked out at; a reading copy shares this with its original, so
        # a worker's answer is reused by the next worker while nothing has been written.
        self.read_cache: dict[str, tuple[object, Any]] = {}
        self._rows_before_copy = 0
        # Bumped when the journal gets a new data key (its files renamed): a snapshot taken
        # before that refers to files that are gone, so it is never written (see
        # write_snapshot). Snapshot id → the key epoch it was taken in.
        self.key_epoch = 0
        self._snapshot_epochs: dict[int, int] = {}
        self.customers = Repository(self, Customer)
        self.interactions = Repository(self, Interaction)
        self.promises = Repository(self, Promise)
        self.feedback = Repository(self, Feedback)
        self.evidence = Repository(self, Evidence)
        self.objectives = Repository(self, Objective)
        self.reviews = Repository(self, Review)
        self.hours = Repository(self, Hours)
        self.improvements = Repository(self, Improvement)
        self.migrated_from = schema.version(db)
        if self.migrated_from < schema.LATEST:
            with self.transaction():
                schema.migrate(db)
        elif self.migrated_from > schema.LATEST:
            schema.migrate(db)  # raises NewerJournalVersion

    # --- opening -----------------------------------------------------------------
    @classmethod
    def new_database(cls, clock: Clock | None = None) -> Journal:
        """A journal with no file behind it (tests, previews, building an import)."""
        db = _connect()
        _harden(db)
        journal = cls(db, None, clock)
        journal.set_meta("pseudonyms_assigned", "0")
        return journal

    @classmethod
    def create(
        cls, path: Path, passphrase: str, *, learner: Learner | None = None,
        frameworks: list[Framework] | None = None, clock: Clock | None = None, lock: bool = True,
    ) -> tuple[Journal, str]:
        """Create a journal file; returns it open and the recovery key to show once."""
        journal = cls.new_database(clock)
        if learner is not None:
            journal.set_learner(learner)
        for framework in frameworks if frameworks is not None else [builtin_framework()]:
            journal.add_framework(framework, builtin=True)
        journal.dirty = False
        vault, recovery_key = VaultFile.create(Path(path), passphrase, journal.db.serialize(), lock=lock)
        journal.vault = vault
        return journal, recovery_key

    @classmethod
    def open(
        cls, path: Path, passphrase: str, *, lock: bool = True, clock: Clock | None = None,
        allow_rollback: bool = False,
    ) -> Journal:
        vault, body = VaultFile.unlock(Path(path), passphrase, lock=lock, allow_rollback=allow_rollback)
        return cls._from_body(vault, body, clock)

    @classmethod
    def open_with_recovery(
        cls, path: Path, recovery_key: str, *, lock: bool = True, clock: Clock | None = None,
        allow_rollback: bool = False,
    ) -> Journal:
        vault, body = VaultFile.unlock_with_recovery(
            Path(path), recovery_key, lock=lock, allow_rollback=allow_rollback
        )
        return cls._from_body(vault, body, clock)

    @classmethod
    def _from_body(cls, vault: VaultFile, body: bytes | bytearray, clock: Clock | None) -> Journal:
        db = _connect()
        try:
            db.deserialize(body)  # SQLite keeps its own copy of the image
            if isinstance(body, bytearray):
                wipe(body)  # the decrypted image is not left in Python's memory
            del body
            _harden(db)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            vault.close()
            raise DamagedJournal("The journal opened but its contents are not readable.") from None
        try:
            journal = cls(db, vault, clock)
            # Backups older than the journal's current data key are replaced at the next save.
            vault.note_key_generation(int(journal.meta("key_generation", "0") or 0))
        except BaseException:
            vault.close()
            raise
        if journal.migrated_from < schema.LATEST:
            journal.dirty = True  # upgraded in memory; written back at the next save
        return journal

    # --- transactions and change tracking ----------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: nested calls join the outer one (savepoints)."""
        with self._db_lock:
            name = f"sp{self._depth}"
            self.db.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            self.db.execute(f"RELEASE {name}")
            self.dirty = True

    @property
    def content_stamp(self) -> int:
        """Moves on every row written, and is the same in a reading copy as in the journal it
        was copied from at that moment (copies can't be written to)."""
        return self._rows_before_copy + self.db.total_changes

    def reuse(self, name: str, stamp: object, work_out: Callable[[], _T]) -> _T:
        """The answer called ``name`` last worked out at ``stamp``, or a fresh one."""
        kept = self.read_cache.get(name)
        if kept is not None and kept[0] == stamp:
            return cast(_T, kept[1])
        value = work_out()
        self.read_cache[name] = (stamp, value)
        return value

    def lock_database(self) -> threading.RLock:
        """Held while reading the database from another thread (a save's worker)."""
        return self._db_lock

    def on_change(self, listener: Callable[[str, str], None]) -> None:
        self._listeners.append(listener)

    def off_change(self, listener: Callable[[str, str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def changed(self, record_type: str, record_id: str) -> None:
        self.dirty = True
        for listener in list(self._listeners):
            listener(record_type, record_id)

    def on_action_done(self, listener: Callable[[object], None]) -> None:
        """``listener(changes)`` after each learner action (services/actions) completes."""
        self._action_listeners.append(listener)

    def action_done(self, changes: object) -> None:
        if self._depth:  # an action inside another: the outer one reports for both
            return
        for listener in list(self._action_listeners):
            listener(changes)

    # --- time ------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def timestamp(self) -> str:
        return self.now().replace(microsecond=0).isoformat()

    # --- small key/value stores --------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        self.dirty = True

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )
        self.changed("setting", key)

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM settings")}

    def next_pseudonym(self) -> str:
        """Stable pseudonyms, never reused even after a customer is deleted."""
        n = int(self.meta("pseudonyms_assigned", "0") or 0)
        taken = {r[0] for r in self.db.execute("SELECT pseudonym FROM customers")}
        while pseudonym_for(n) in taken:
            n += 1
        self.set_meta("pseudonyms_assigned", str(n + 1))
        return pseudonym_for(n)

    # --- learner and frameworks ---------------------------------------------------------
    def learner(self) -> Learner:
        row = self.db.execute("SELECT data FROM learner WHERE id = 1").fetchone()
        return Learner.from_dict(json.loads(row[0])) if row else Learner()

    def set_learner(self, learner: Learner) -> Learner:
        learner = learner.validated("learner")
        self.db.execute(
            "INSERT OR REPLACE INTO learner (id, data) VALUES (1, ?)", (json.dumps(learner.to_dict()),)
        )
        self.changed("learner", "learner")
        return learner

    def frameworks(self) -> list[Framework]:
        out = []
        for fid, title in self.db.execute("SELECT id, title FROM frameworks ORDER BY rowid").fetchall():
            criteria = [
                Criterion(code=c, text=t)
                for c, t in self.db.execute(
                    "SELECT code, text FROM criteria WHERE framework = ? ORDER BY position", (fid,)
                )
            ]
            out.append(Framework(id=fid, title=title, criteria=criteria))
        return out

    def add_framework(self, framework: Framework, *, builtin: bool = False) -> Framework:
        """Add or replace a criteria framework (its mappings are kept by code)."""
        framework = Framework.from_dict(framework.to_dict(), "framework")
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO frameworks (id, title, builtin) VALUES (?, ?, ?)",
                (framework.id, framework.title, int(builtin)),
            )
            self.db.execute("DELETE FROM criteria WHERE framework = ?", (framework.id,))
            self.db.executemany(
                "INSERT INTO criteria (framework, code, text, position) VALUES (?, ?, ?, ?)",
                [(framework.id, c.code, c.text, i) for i, c in enumerate(framework.criteria)],
            )
        self.changed("framework", framework.id)
        return framework

    def criteria(self) -> list[tuple[str, Criterion]]:
        """Every criterion as ("framework:code", Criterion), in framework order."""
        return [(f"{f.id}:{c.code}", c) for f in self.frameworks() for c in f.criteria]

    def criterion_links(self, criterion: str | None = None) -> list[tuple[str, str, str]]:
        """(criterion, record_type, record_id) mappings, optionally for one criterion."""
        sql = "SELECT criterion, record_type, record_id FROM criterion_links"
        params: tuple[str, ...] = ()
        if criterion:
            sql += " WHERE criterion = ?"
            params = (criterion,)
        return [tuple(r) for r in self.db.execute(sql + " ORDER BY criterion, position", params)]

    def repository(self, record_type: str) -> Repository[Any]:
        repositories: dict[str, Repository[Any]] = {
            "customer": self.customers, "interaction": self.interactions, "promise": self.promises,
            "feedback": self.feedback, "evidence": self.evidence, "objective": self.objectives,
            "review": self.reviews, "hours": self.hours, "improvement": self.improvements,
        }
        return repositories[record_type]

    # --- search -------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        return search(self.db, query, limit)

    # --- saving ---------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.vault.path if self.vault else None

    def snapshot(self) -> bytes:
        """The whole database as bytes (call on the thread that writes to it)."""
        with self._db_lock:
            data = self.db.serialize()
            self.dirty = False
            if len(self._snapshot_epochs) > 16:  # snapshots never written (a re-key's own)
                self._snapshot_epochs.clear()
            self._snapshot_epochs[id(data)] = self.key_epoch
            return data

    def reading_copy(self, with_files: bool = False) -> Journal:
        """A private in-memory copy, never saved, for a worker thread to read from while
        this journal stays free for the learner's edits (the copy costs one serialise).

        ``with_files`` (an export): the copy can also read the attached files it refers
        to, and none of them is removed after a save until the copy is let go
        (``let_go``), even if the learner deletes that evidence meanwhile."""
        with self._db_lock:
            data = self.db.serialize()
            stamp = self.content_stamp
        db = _connect()
        db.deserialize(data)
        _harden(db)
        copy = Journal(db, self.vault if with_files else None, self.clock)
        db.execute("PRAGMA query_only = ON")  # a reading copy is never written
        copy._rows_before_copy = stamp - db.total_changes
        copy.read_cache = self.read_cache
        copy.original = self
        if with_files:
            with self.blob_lock:
                self.readers.add(copy)
        return copy

    def let_go(self) -> None:
        """A reading copy is done with: its database is freed and the attached files only
        it referred to may be removed after the next save."""
        original = self.original
        if original is not None:
            with original.blob_lock:
                original.readers.discard(self)
        self.db.close()

    def write_snapshot(self, data: bytes) -> SaveStats:
        """Seal and write a snapshot durably, then remove the attached files no saved copy
        refers to any more; safe on a worker thread."""
        if self.vault is None:
            raise RuntimeError("this journal has no file")
        epoch = self._snapshot_epochs.pop(id(data), self.key_epoch)
        with self.vault.save_lock:
            if epoch != self.key_epoch:
                # Taken before the journal got a new key (or a re-key that was undone): it
                # names attached files that no longer exist. The journal in memory is newer;
                # the next save writes it.
                self.dirty = True
                return SaveStats(self.vault.header.generation, 0, False)
            stats = self.vault.save(data)
        self.collect_files()
        return stats

    def replace_backups(self) -> None:
        """Every backup becomes a copy of the file as saved now (after an erasure), and the
        attached files only the old backups referred to go with them."""
        if self.vault is None:
            raise RuntimeError("this journal has no file")
        self.vault.rewrite_backups()
        self.collect_files()

    def collect_files(self) -> list[str]:
        """Remove the sealed attachment files that no saved copy of the journal refers to
        (call once a save has landed). Never raises: a file that can't be removed now is
        tried again after the next save, and ``collect_error`` says why."""
        from .attachments import CopiesUnknown, collect_unreferenced

        try:
            removed = collect_unreferenced(self)
        except CopiesUnknown as error:
            self.collect_error = str(error) or "a saved copy of the journal could not be read"
            return []
        except (JournalError, OSError) as error:
            self.collect_error = str(error)
            return []
        self.collect_error = None
        self.files_collected.extend(removed)
        return removed

    def save(self) -> SaveStats:
        data = self.snapshot()
        try:
            return self.write_snapshot(data)
        except BaseException:
            self.dirty = True
            raise

    def compact(self) -> None:
        """Optimise the full-text index and vacuum so deleted text leaves no trace."""
        self.db.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        self.db.execute("VACUUM")
        self.dirty = True

    def restore_image(self, image: bytes) -> None:
        """Put the database back as ``image`` (a ``db.serialize()`` taken earlier), e.g. when
        a change that had to be saved at once could not be."""
        with self._db_lock:
            self.db.deserialize(image)
            _harden(self.db)
            self.dirty = True

    def close(self) -> None:
        """Lock: the vault overwrites its key material, SQLite frees the database, and the
        references to what was read are dropped (docs/privacy.md says what remains)."""
        if self.original is not None:  # a reading copy: the vault and cache are its original's
            self.let_go()
            return
        if self.vault is not None:
            self.read_cache.clear()
            self.vault.close()
        self.db.close()
        with self.blob_lock:
            self.saved_refs_cache.clear()
            self.fresh_blobs.clear()
        self._listeners.clear()


def builtin_framework() -> Framework:
    from ..paths import resources_dir

    data = json.loads((resources_dir() / "frameworks" / "crm-unit.json").read_text("utf-8"))
    return Framework.from_dict(data, "framework")
