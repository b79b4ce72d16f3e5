"""An unfinished interaction as plain data, so it can be kept as a draft and typed on later.

The draft is stored only inside the encrypted journal (the editor's job); this mixin
turns the form's fields into a dict and back, and says whether anything worth keeping
has been typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from ...journal.records import Interaction, Promise
from .interaction_parts import _set

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

    from .criteria_picker import CriteriaPicker
    from .date_field import DateTimeField
    from .interaction_parts import PromiseRow


class _Form(Protocol):
    """What the mixin uses of the InteractionForm it is mixed into."""

    _loading: bool
    editing: Interaction | None
    customer: QComboBox
    new_customer: QWidget
    new_name: QLineEdit
    new_kind: QComboBox
    new_segment: QComboBox
    kind: QComboBox
    channel: QComboBox
    when: DateTimeField
    summary: QPlainTextEdit
    star: dict[str, QPlainTextEdit]
    reflection: QPlainTextEdit
    adaptation: QPlainTextEdit
    techniques: dict[str, QCheckBox]
    four_as: dict[str, QPlainTextEdit]
    offer_what: QLineEdit
    offer_need: QPlainTextEdit
    offer_benefit: QPlainTextEdit
    offer_accepted: QCheckBox
    resolved: QCheckBox
    criteria: CriteriaPicker
    promise_rows: list[PromiseRow]

    def load(self, interaction: Interaction, promises: list[Promise], now: datetime) -> None: ...
    def start_new(self, now: datetime, customer_id: str | None = None) -> None: ...
    def _clear_promise_rows(self) -> None: ...
    def _show_new_customer(self, on: bool) -> None: ...
    def add_promise_row(self, data: dict[str, Any] | None = None, focus: bool = False) -> PromiseRow: ...
    def _kind_changed(self, *_args: Any) -> None: ...
    def draft(self) -> dict[str, Any]: ...
    def _has_reflection(self) -> bool: ...
    def show_reflection(self, on: bool = True) -> None: ...
    def marking_draft(self) -> dict[str, Any]: ...
    def load_marking_draft(self, data: dict[str, Any]) -> None: ...


class InteractionDraft:
    """Mixed into InteractionForm, whose fields it reads and fills."""

    def draft(self: _Form) -> dict[str, Any]:
        """Everything typed so far as plain data (kept inside the encrypted journal)."""
        return {
            "editing": self.editing.id if self.editing else None,
            "customer": self.customer.currentData(),
            "new_customer": {
                "name": self.new_name.text(), "kind": self.new_kind.currentData(),
                "segment": self.new_segment.currentData(),
            } if not self.new_customer.isHidden() else None,
            "kind": self.kind.currentData(),
            "channel": self.channel.currentData(),
            "when": self.when.last().isoformat() if self.when.last() else None,
            "summary": self.summary.toPlainText(),
            "star": {part: box.toPlainText() for part, box in self.star.items()},
            "reflection": self.reflection.toPlainText(),
            "adaptation": self.adaptation.toPlainText(),
            "techniques": [t for t, check in self.techniques.items() if check.isChecked()],
            "complaint": {s: b.toPlainText() for s, b in self.four_as.items()},
            "offer": {"what": self.offer_what.text(), "need": self.offer_need.toPlainText(),
                      "benefit": self.offer_benefit.toPlainText(),
                      "accepted": self.offer_accepted.isChecked()},
            "resolved": self.resolved.isChecked(),
            "criteria": self.criteria.checked(),
            "promises": [row.value() for row in self.promise_rows],
            "marking": self.marking_draft(),
        }

    def load_draft(self: _Form, draft: dict[str, Any], now: datetime, editing: Interaction | None = None,
                   promises: list[Promise] | None = None) -> None:
        if editing is not None:
            self.load(editing, promises or [], now)
        else:
            self.start_new(now)
        self._loading = True
        try:
            self._clear_promise_rows()
            _set(self.customer, draft.get("customer"))
            new = draft.get("new_customer")
            if new:
                self._show_new_customer(True)
                self.new_name.setText(new.get("name", ""))
                _set(self.new_kind, new.get("kind"))
                _set(self.new_segment, new.get("segment"))
            _set(self.kind, draft.get("kind"))
            _set(self.channel, draft.get("channel"))
            if draft.get("when"):
                self.when.set_datetime(datetime.fromisoformat(draft["when"]))
            self.summary.setPlainText(draft.get("summary", ""))
            for part, box in self.star.items():
                box.setPlainText(draft.get("star", {}).get(part, ""))
            self.reflection.setPlainText(draft.get("reflection", ""))
            self.adaptation.setPlainText(draft.get("adaptation", ""))
            for technique, check in self.techniques.items():
                check.setChecked(technique in draft.get("techniques", []))
            for step, box in self.four_as.items():
                box.setPlainText(draft.get("complaint", {}).get(step, ""))
            offer = draft.get("offer", {})
            self.offer_what.setText(offer.get("what", ""))
            self.offer_need.setPlainText(offer.get("need", ""))
            self.offer_benefit.setPlainText(offer.get("benefit", ""))
            self.offer_accepted.setChecked(bool(offer.get("accepted")))
            self.resolved.setChecked(bool(draft.get("resolved")))
            self.criteria.set_checked(draft.get("criteria", []))
            marking = draft.get("marking")
            self.load_marking_draft(marking if isinstance(marking, dict) else {})
            for promise in draft.get("promises", []):
                self.add_promise_row(promise)
            if not self.promise_rows:
                self.add_promise_row()
        finally:
            self._loading = False
        if editing is not None or self._has_reflection():
            self.show_reflection(True)
        self._kind_changed()

    def has_content(self: _Form) -> bool:
        """True once the learner has typed anything worth keeping."""
        data = self.draft()
        texts = [data["summary"], data["reflection"], data["adaptation"], *data["star"].values(),
                 *data["complaint"].values(), data["offer"]["what"],
                 *(v for k, v in data["marking"].items() if k != "consumer_right"),
                 *(p["text"] for p in data["promises"])]
        if data["new_customer"]:
            texts.append(data["new_customer"]["name"])
        return any(t.strip() for t in texts)
