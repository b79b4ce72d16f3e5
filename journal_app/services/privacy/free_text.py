"""Which fields of each record are free text someone typed, and how to rewrite them.

Anonymisation, erasure and the redaction preview all walk the same fields, so a new
free-text field added here is de-identified everywhere at once. Ids, references,
choices and dates are never touched.

Keys an imported file carried that this app doesn't know (kept in ``record.extra``)
count as free text too: every string inside them, at any depth, is found, rewritten
and shown like a typed field ("address (imported)"), because nobody can say what an
unknown ``address`` or ``next_of_kin`` holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

EXTRA_PATH = "extra"  # field paths of kept unknown keys start with this: "extra.address"

# record type → top-level text fields; nested blocks are listed as "block.field".
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "customer": ("needs", "communication", "notes"),
    "interaction": (
        "summary", "reflection", "adaptation", "techniques",
        "star.situation", "star.task", "star.action", "star.result",
        "complaint.acknowledge", "complaint.apologise", "complaint.act", "complaint.assure",
        "offer.what", "offer.need", "offer.benefit",
        "rights.consumer_notes", "rights.personal_data", "rights.data_handling",
        "boundaries.declined", "boundaries.why",
    ),
    "promise": ("text", "outcome"),
    "feedback": ("comment", "action_taken"),
    "evidence": ("title", "description", "witness.name", "witness.role", "witness.statement"),
    "objective": ("specific", "metric", "achievable", "relevant", "action_texts", "service_model.why"),
    "review": ("plan", "do", "check", "act"),
    "hours": ("activity",),
    "improvement": ("change", "why", "measure"),
}
LABELS = {
    "needs": "needs", "communication": "communication style", "notes": "notes", "summary": "summary",
    "reflection": "reflection", "adaptation": "how I adapted", "techniques": "techniques",
    "text": "promise", "outcome": "outcome", "comment": "comment", "action_taken": "action taken",
    "title": "title", "description": "description", "specific": "objective", "metric": "metric",
    "achievable": "achievable", "relevant": "relevant", "plan": "plan", "do": "do", "check": "check",
    "act": "act", "activity": "activity",
    "action_texts": "plan actions", "change": "change", "why": "why", "measure": "measure",
}


def texts(record: Any) -> Iterator[tuple[str, str]]:
    """(field path, text) for every non-empty free-text value of a record."""
    for path in TEXT_FIELDS.get(record.TYPE, ()):
        value = _get(record, path)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and item:
                    yield f"{path}[{i}]", item
        elif isinstance(value, str) and value:
            yield path, value
    file = getattr(record, "file", None)
    if file is not None and file.name:
        yield "file.name", file.name
    yield from extra_texts(getattr(record, "extra", None))


def extra_texts(extra: Any, path: str = EXTRA_PATH) -> Iterator[tuple[str, str]]:
    """(path, text) for every string inside a record's kept unknown keys."""
    if isinstance(extra, dict):
        for key, value in extra.items():
            yield from extra_texts(value, f"{path}.{key}")
    elif isinstance(extra, list):
        for i, value in enumerate(extra):
            yield from extra_texts(value, f"{path}[{i}]")
    elif isinstance(extra, str) and extra:
        yield path, extra


def rewrite(record: Any, change: Callable[[str], str]) -> bool:
    """Apply ``change`` to every free-text value in place; True if anything changed."""
    changed = False
    for path in TEXT_FIELDS.get(record.TYPE, ()):
        value = _get(record, path)
        if isinstance(value, list):
            new_list = [change(v) if isinstance(v, str) else v for v in value]
            if new_list != value:
                _set(record, path, new_list)
                changed = True
        elif isinstance(value, str) and value:
            new = change(value)
            if new != value:
                _set(record, path, new)
                changed = True
    file = getattr(record, "file", None)
    if file is not None and file.name:
        new_name = change(file.name)
        if new_name != file.name:
            file.name = new_name
            changed = True
    extra = getattr(record, "extra", None)
    if extra:
        new_extra = rewrite_json(extra, change)
        if new_extra != extra:
            record.extra = new_extra
            changed = True
    return changed


def rewrite_json(data: Any, change: Callable[[str], str], skip: frozenset[str] = frozenset()) -> Any:
    """Every string inside a stored earlier version, changed (ids and choices are left alone)."""
    if isinstance(data, dict):
        return {k: v if k in skip else rewrite_json(v, change, skip) for k, v in data.items()}
    if isinstance(data, list):
        return [rewrite_json(v, change, skip) for v in data]
    if isinstance(data, str):
        return change(data)
    return data


# Keys in a stored version that are never free text: rewriting them could break a reference.
STRUCTURAL_KEYS = frozenset({
    "id", "customer", "interaction", "objective", "interactions", "criteria", "at", "due", "date",
    "review", "closed_at", "channel", "kind", "status", "source", "dimension", "segment",
    "created_at", "updated_at", "edits", "pseudonym", "anonymised_at", "media_type", "sha256",
    "blob", "size",
    # ids, choices, dates and flags of the marking-point fields
    "feedback", "by", "done", "started", "measured", "consumer_right",
})


def label(path: str) -> str:
    """A field path in the learner's words: "star.action" → "action (STAR)"."""
    base = path.split("[", 1)[0]
    if base.startswith(EXTRA_PATH + "."):
        return f"{base[len(EXTRA_PATH) + 1:]} (imported)"
    if "." in base:
        block, name = base.split(".", 1)
        return f"{name} ({'STAR' if block == 'star' else block})"
    return LABELS.get(base, base.replace("_", " "))


def _get(record: Any, path: str) -> Any:
    obj = record
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _set(record: Any, path: str, value: Any) -> None:
    *parents, name = path.split(".")
    obj = record
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, name, value)
