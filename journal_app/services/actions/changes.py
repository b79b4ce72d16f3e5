"""What an action changed, so each screen can decide whether it cares.

Every action returns a frozen ``Changes``: the records it touched (kind and id, in the
order it touched them) and the journal settings it wrote. A page that only shows
promises ignores a change to hours; the tray ignores everything but what moves a
reminder. The values are collected from the journal's own change notifications, so
no action has to remember to list what it wrote.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...journal.journal import Journal

# Change notifications that are not records: a journal setting, an audit entry.
SETTING = "setting"
AUDIT = "audit"


@dataclass(frozen=True)
class Changes:
    """Record kinds and ids touched (``records``), journal settings written (``settings``),
    and whether the audit trail grew."""

    records: tuple[tuple[str, str], ...] = ()
    settings: frozenset[str] = frozenset()
    audited: tuple[str, ...] = ()
    whole_journal: bool = False  # an import, a restore, an erasure: re-read everything

    @classmethod
    def of(cls, notes: Iterable[tuple[str, str]], *, whole_journal: bool = False) -> Changes:
        records: list[tuple[str, str]] = []
        settings: set[str] = set()
        audited: list[str] = []
        for kind, ident in notes:
            if kind == SETTING:
                settings.add(ident)
            elif kind == AUDIT:
                audited.append(ident)
            elif (kind, ident) not in records:
                records.append((kind, ident))
        return cls(tuple(records), frozenset(settings), tuple(audited), whole_journal)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, _ in self.records)

    @property
    def empty(self) -> bool:
        return not (self.records or self.settings or self.audited or self.whole_journal)

    def touches(self, *kinds: str) -> bool:
        """True if any of these record kinds (or ``"setting"``) changed, or everything did."""
        if self.whole_journal:
            return True
        wanted = set(kinds)
        return bool(wanted & self.kinds) or (SETTING in wanted and bool(self.settings))

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(ident for k, ident in self.records if k == kind)

    def first(self, kind: str) -> str | None:
        found = self.ids(kind)
        return found[0] if found else None

    def __or__(self, other: Changes) -> Changes:
        merged = Changes.of([*self.records, *((SETTING, s) for s in sorted(self.settings | other.settings)),
                             *other.records])
        return Changes(merged.records, merged.settings, self.audited + other.audited,
                       self.whole_journal or other.whole_journal)


NOTHING = Changes()


@dataclass(eq=False)  # compared by identity: a nested action's recorder must not unhook the outer one
class Recorder:
    """Collects a journal's change notifications while an action runs."""

    notes: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, kind: str, ident: str) -> None:
        self.notes.append((kind, ident))

    def changes(self, *, whole_journal: bool = False) -> Changes:
        return Changes.of(self.notes, whole_journal=whole_journal)


@contextlib.contextmanager
def recording(journal: Journal) -> Iterator[Recorder]:
    """``with recording(journal) as seen: …`` then ``seen.changes()``."""
    recorder = Recorder()
    journal.on_change(recorder)
    try:
        yield recorder
    finally:
        journal.off_change(recorder)
