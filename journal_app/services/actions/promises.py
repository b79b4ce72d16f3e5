"""Closing a promise (kept, late, broken, cancelled) or agreeing a new date: the one place."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import InvalidInput
from ...journal.records import Promise
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal


def close_promise(
    journal: Journal, promise_id: str, status: str, now: datetime, *, outcome: str = "",
    new_due: str | None = None,
) -> Done[Promise]:
    """Close an open promise with what happened. ``renegotiated`` with ``new_due`` also
    opens the follow-on promise with the agreed date (same text, customer and entry).

    Returns the closed promise; the follow-on, if any, is the second promise in
    ``changes``."""
    from ..rules.reminders import mark_promise

    def work() -> Promise:
        promise = journal.promises.get(promise_id)
        if not promise.is_open:
            raise InvalidInput("That promise is already closed. Write its outcome instead.")
        closed = mark_promise(journal, promise_id, status, outcome, now)
        if new_due:
            journal.promises.add(Promise(
                customer=promise.customer, interaction=promise.interaction, kind=promise.kind,
                text=promise.text, due=new_due,
            ))
        return closed

    return act(journal, work)


def renegotiate_promise(journal: Journal, promise_id: str, new_due: str, now: datetime,
                        outcome: str = "") -> Done[Promise]:
    """The customer agreed a new date: this promise closes as renegotiated, a new one opens."""
    if not new_due:
        raise InvalidInput("Give the new date you agreed.")
    return close_promise(journal, promise_id, "renegotiated", now, outcome=outcome, new_due=new_due)


def write_outcome(journal: Journal, promise_id: str, status: str, outcome: str) -> Done[Promise]:
    """Write (or correct) what happened on a promise already closed, keeping when it closed."""

    def work() -> Promise:
        promise = journal.promises.get(promise_id)
        if promise.is_open:
            raise InvalidInput("That promise is still open. Close it first.")
        if promise.status == "cancelled":
            raise InvalidInput("A cancelled promise has no outcome to write.")
        return journal.promises.update(dataclasses.replace(promise, status=status, outcome=outcome))

    return act(journal, work)
