"""The last save generation seen for each journal at each place, remembered outside it.

If a journal file turns up with a lower generation than this computer last saw *at that
place* (the same file name in the same folder), someone put an older copy in its place
(rollback). Copies elsewhere have their own history: saving a copy on a USB stick never
makes the journal on the desktop look old. Saves take a generation above the highest
seen for the journal anywhere on this computer, so a restored backup or a copy that is
saved again is newer than everything before it.

Holds only random journal ids, counters and a keyed hash of each place (no file names,
no personal data). Per computer and per account: another computer, another account or a
deleted state folder knows nothing of what was seen here. Best effort: an unwritable
state folder never stops the learner from working.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

from .. import paths
from .durable import make_private_dirs, write_atomic

_lock = threading.Lock()


def _file() -> Path:
    return paths.state_dir() / "generations.json"


def _private_state_dir(folder: Path) -> None:
    """The app's own state folder: created 0700, and tightened to 0700 if an older version
    made it readable by others."""
    make_private_dirs(folder)
    if os.name != "nt" and stat.S_IMODE(folder.stat().st_mode) != 0o700:
        os.chmod(folder, 0o700)


def place(journal_id: bytes, path: Path) -> str:
    """The key a file's place is remembered under: a hash of its full path keyed with the
    journal id, so the state file names no folder or file."""
    try:
        where = os.path.realpath(path)
    except OSError:
        where = os.path.abspath(path)
    return hashlib.sha256(journal_id + os.fsencode(where)).hexdigest()[:32]


def _entry(value: Any) -> dict[str, Any]:
    """One journal's record: {"highest": n, "places": {place: n}}. A bare number is what
    older versions kept (one counter for every copy): it stays the highest seen, but no
    place is held to it, so a learner that number wrongly locked out can open again."""
    if isinstance(value, dict):
        places = value.get("places")
        return {
            "highest": int(value.get("highest", 0)),
            "places": {str(k): int(v) for k, v in places.items()} if isinstance(places, dict) else {},
        }
    return {"highest": int(value), "places": {}}


def _load() -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(_file().read_text("utf-8"))
        return {k: _entry(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def last_seen(journal_id: bytes, path: Path) -> int:
    """The highest save generation this computer has seen for the journal at ``path`` (0 if
    none: a copy somewhere new has no history yet)."""
    entry = _load().get(journal_id.hex())
    return int(entry["places"].get(place(journal_id, path), 0)) if entry else 0


def highest(journal_id: bytes) -> int:
    """The highest save generation this computer has seen for the journal anywhere."""
    entry = _load().get(journal_id.hex())
    return max([int(entry["highest"]), *entry["places"].values()]) if entry else 0


def remember(journal_id: bytes, generation: int, path: Path) -> None:
    """Note a generation seen or written at ``path``; only ever raises the numbers."""
    with _lock:
        data = _load()
        entry = data.setdefault(journal_id.hex(), {"highest": 0, "places": {}})
        key = place(journal_id, path)
        if entry["places"].get(key, 0) >= generation and entry["highest"] >= generation:
            return
        entry["places"][key] = max(entry["places"].get(key, 0), generation)
        entry["highest"] = max(entry["highest"], generation)
        try:
            _private_state_dir(_file().parent)
            # Not fsynced: losing this note in a power cut only forgets a counter (the
            # journal itself was made durable first), and it keeps saves quick.
            write_atomic(_file(), [json.dumps(data, indent=0).encode()], durable=False)
        except Exception:  # why: bookkeeping must never block saving
            pass
