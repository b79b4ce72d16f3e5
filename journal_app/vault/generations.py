"""The last save generation seen for each journal, remembered outside the journal.

If a journal file turns up with a lower generation than this computer last saw,
someone swapped in an older copy (rollback). Holds only random journal ids and
counters, no personal data. Best effort: an unwritable state folder never stops
the learner from working.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

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


def _load() -> dict[str, int]:
    try:
        data = json.loads(_file().read_text("utf-8"))
        return {k: int(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}


def last_seen(journal_id: bytes) -> int:
    """The highest save generation this computer has seen for the journal (0 if none)."""
    return _load().get(journal_id.hex(), 0)


def remember(journal_id: bytes, generation: int) -> None:
    """Note a generation seen or written; only ever raises the remembered number."""
    with _lock:
        data = _load()
        if data.get(journal_id.hex(), 0) >= generation:
            return
        data[journal_id.hex()] = generation
        try:
            _private_state_dir(_file().parent)
            # Not fsynced: losing this note in a power cut only forgets a counter (the
            # journal itself was made durable first), and it keeps saves quick.
            write_atomic(_file(), [json.dumps(data, indent=0).encode()], durable=False)
        except Exception:  # why: bookkeeping must never block saving
            pass
