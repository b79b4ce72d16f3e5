"""How every action runs: one transaction, its audit entry, and what it changed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .changes import Changes, recording

if TYPE_CHECKING:
    from ...journal.journal import Journal

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """An action's result (a stored record, a receipt…) and what it changed."""

    value: T
    changes: Changes


def act(
    journal: Journal, work: Callable[[], T], *, event: str | None = None,
    details: Callable[[T], dict[str, Any]] | dict[str, Any] | None = None, whole_journal: bool = False,
    own_transaction: bool = False,
) -> Done[T]:
    """Run ``work`` all-or-nothing; if it succeeds, append ``event`` to the audit trail in
    the same transaction (so a refused change leaves no entry, and no change goes
    unaudited).

    ``own_transaction``: the work opens its own transaction and then compacts the
    database (erasure, retention), which SQLite can't do inside one."""
    from ...journal.audit import record_event

    with recording(journal) as seen:
        transaction = contextlib.nullcontext() if own_transaction else journal.transaction()
        with transaction:
            value = work()
            if event is not None:
                record_event(journal, event, details(value) if callable(details) else (details or {}))
    done = Done(value, seen.changes(whole_journal=whole_journal))
    journal.action_done(done.changes)
    return done
