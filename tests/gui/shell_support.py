"""Helpers for the app shell's tests: the dialogs recorder and typing a quick log.

The fixtures that use them (``dialogs``, ``saved_journal``, ``shell``) are in conftest.py.
"""

from __future__ import annotations

from typing import Any


class Dialogs:
    """What the learner would have seen in dialogs, and the answers the test gives."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.questions: list[str] = []
        self.confirm_answer = True
        self.outcome: Any = None  # promise_outcome.Outcome to answer with; None = cancel


def quick_log(editor: Any, summary: str, customer: str = "", promise: str = "", kind: str = "") -> str | None:
    """Type a quick log the way a learner would, then save."""
    form = editor.form
    if customer:
        form.what_happened.start_new_customer()
        form.what_happened.new_name.setText(customer)
    if kind:
        form.kind.setCurrentIndex(form.kind.findData(kind))
    form.summary.setPlainText(summary)
    if promise:
        form.promise_rows[0].text.setText(promise)
    return editor.save()
