"""One door for every learner action: the CLI and every page write only through here.

Each action checks what it is given, writes in one transaction, records its audit
entry, and returns what it changed (``Changes``, or ``Done(value, changes)`` when it
also has a result to hand back). Screens decide from the changes whether they care.

Where each action lives, in the learner's words:

- ``journal_file``  create a journal, unlock, recover with the recovery key, change the
  passphrase, make a new recovery key, restore the newest good backup
- ``records``       save or delete any record, the learner's profile, journal settings
- ``interactions``  log an interaction (with a new customer and the promises made)
- ``promises``      close a promise, agree a new date, write the outcome
- ``feedback``      record customer feedback
- ``evidence``      attach evidence files, remove a file, delete an evidence item
- ``moving``        import an interchange file or criteria, export (and note it)
- ``privacy``       erase a customer, apply retention, holds, retention rules, access requests
- ``reminders``     snooze, dismiss, show again, a reminder card's buttons, thresholds
- ``drafts``        keep and forget the unfinished entry
"""

from __future__ import annotations

from .changes import NOTHING, Changes
from .running import Done

__all__ = ["NOTHING", "Changes", "Done"]
