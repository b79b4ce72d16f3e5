"""Drafts and the privacy rules: which drafts are about a person, and drafts in interchange files.

A draft is half-typed text, so it can name anyone. It is *about* a customer when it
was started for them (its ``customer``), when the entry it edits is one of theirs, or
when any text in it names them the way anonymisation recognises them (their name and
its distinctive parts, organisation or contact details). Erasure, anonymisation and
retention delete such drafts rather than rewrite them; an access request shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import ImportRefused, InvalidRecord

if TYPE_CHECKING:
    from ...journal.drafts import Draft
    from ...journal.journal import Journal
    from .redaction import Redactor

DRAFTS_KEY = "drafts"  # this app's optional top-level key in an interchange document
ENTRY_KEYS = ("kind", "key", "customer", "updated_at", "data")


def draft_texts(data: Any) -> Iterator[str]:
    """Every string anywhere inside a draft's data."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from draft_texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from draft_texts(value)


def is_about(draft: Draft, customer_id: str, redactor: Redactor | None,
             interaction_ids: frozenset[str] | set[str] = frozenset()) -> bool:
    """True if the draft was started for the customer, edits one of their entries, or names them."""
    if customer_id in (draft.customer, draft.data.get("customer")):
        return True
    editing = draft.data.get("editing")
    if isinstance(editing, str) and editing in interaction_ids:
        return True
    return redactor is not None and any(redactor.find(text) for text in draft_texts(draft.data))


def drafts_about(journal: Journal, customer_id: str, redactor: Redactor | None,
                 interaction_ids: frozenset[str] | set[str] = frozenset()) -> list[Draft]:
    from ...journal.drafts import list_drafts

    return [d for d in list_drafts(journal) if is_about(d, customer_id, redactor, interaction_ids)]


def remove_drafts_about(journal: Journal, customer_id: str, redactor: Redactor | None,
                        interaction_ids: frozenset[str] | set[str] = frozenset()) -> int:
    """Delete every draft about the customer (in the caller's transaction); how many went."""
    from ...journal.drafts import delete_drafts

    doomed = drafts_about(journal, customer_id, redactor, interaction_ids)
    return delete_drafts(journal, [(d.kind, d.key) for d in doomed])


# --- interchange ------------------------------------------------------------------------------
def draft_entry(draft: Draft) -> dict[str, Any]:
    """A draft as an interchange ``drafts`` entry."""
    return {"kind": draft.kind, "key": draft.key, "customer": draft.customer,
            "updated_at": draft.updated_at, "data": draft.data}


@dataclass(frozen=True)
class DraftsRead:
    drafts: list[Draft]
    warnings: list[str]


def read_draft_entries(value: Any, now: str) -> DraftsRead:
    """Check a document's ``drafts`` list (ImportRefused with the path of anything wrong).

    ``now`` stamps entries that carry no ``updated_at``. A draft's ``customer`` is kept
    as written: a draft may name a customer deleted since, and it is only a hint.
    """
    from ...journal.drafts import MAX_NAME, Draft
    from ...journal.validate import timestamp

    if value is None:
        return DraftsRead([], [])
    if not isinstance(value, list):
        raise ImportRefused(DRAFTS_KEY, "must be a list [...]")
    drafts: list[Draft] = []
    warnings: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for i, item in enumerate(value):
        path = f"{DRAFTS_KEY}[{i}]"
        if not isinstance(item, dict):
            raise ImportRefused(path, "must be an object {...}")
        names: list[str] = []
        for name in ("kind", "key"):
            text = item.get(name)
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_NAME:
                raise ImportRefused(f"{path}.{name}",
                                    f"must be a non-empty text of at most {MAX_NAME} characters")
            names.append(text)
        pair = (names[0], names[1])
        if pair in seen:
            raise ImportRefused(f"{path}.key", f'"{pair[0]}" draft "{pair[1]}" is given twice '
                                f"(also {DRAFTS_KEY}[{seen[pair]}])")
        seen[pair] = i
        customer = item.get("customer")
        if customer is not None and (not isinstance(customer, str) or len(customer) > MAX_NAME):
            raise ImportRefused(f"{path}.customer", "must be a customer id (text) or null")
        data = item.get("data")
        if not isinstance(data, dict):
            raise ImportRefused(f"{path}.data", "must be an object {...}")
        updated_at = item.get("updated_at")
        if updated_at is None:
            updated_at = now
        else:
            try:
                updated_at = timestamp(updated_at, f"{path}.updated_at")
            except InvalidRecord as error:
                raise ImportRefused(error.path, error.reason) from None
        warnings += [f"{path}.{k}: unknown key ignored" for k in sorted(set(item) - set(ENTRY_KEYS))]
        drafts.append(Draft(pair[0], pair[1], data, customer or None, str(updated_at)))
    return DraftsRead(drafts, warnings)
