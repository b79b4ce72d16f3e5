"""Logging an interaction: the entry, a customer met for the first time, the promises made."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...journal.records import Customer, Interaction, Promise
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal


def log_interaction(
    journal: Journal, interaction: Interaction, *, new_customer: Customer | None = None,
    promises: Sequence[Promise] = (), draft_key: str | None = None,
) -> Done[Interaction]:
    """Write the interaction (new, or an edit of one with an id) in one go.

    A ``new_customer`` is added first and the interaction linked to it; each promise is
    linked to the interaction and its customer. The learner's draft of this entry
    (``draft_key``) is thrown away in the same transaction, so a crash never leaves both
    the entry and a stale draft of it.
    """

    def work() -> Interaction:
        if new_customer is not None:
            interaction.customer = journal.customers.add(new_customer).id
        stored = journal.interactions.update(interaction) if interaction.id else journal.interactions.add(
            interaction)
        for promise in promises:
            promise.interaction = stored.id
            promise.customer = stored.customer
            journal.promises.add(promise)
        if draft_key is not None:
            from .drafts import forget_draft

            forget_draft(journal, draft_key)
        return stored

    return act(journal, work)
