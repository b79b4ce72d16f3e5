"""The learner's unfinished entry, kept inside the journal as they type.

Drafts have their own table (``journal/drafts.py``) so erasure, retention and access
requests see them like any other record. Keeping a draft marks the journal for saving
but announces no change: typing must not make every page re-read the journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...journal.journal import Journal

INTERACTION = "interaction"
NEW = "new"  # the one draft of a new interaction (an edit keeps its draft under the same key)


def keep_draft(journal: Journal, data: dict[str, Any], *, kind: str = INTERACTION, key: str = NEW) -> None:
    """Store what is typed so far (saved with the journal, encrypted like everything else)."""
    from ...journal.drafts import save_draft

    customer = data.get("customer") if isinstance(data.get("customer"), str) else None
    save_draft(journal, kind, key, data, customer or None)


def stored_draft(journal: Journal, *, kind: str = INTERACTION, key: str = NEW) -> dict[str, Any] | None:
    from ...journal.drafts import load_draft

    return load_draft(journal, kind, key)


def forget_draft(journal: Journal, key: str = NEW, *, kind: str = INTERACTION) -> bool:
    """Throw the draft away (the entry was saved or the learner cancelled)."""
    from ...journal.drafts import discard_draft

    return discard_draft(journal, kind, key)
