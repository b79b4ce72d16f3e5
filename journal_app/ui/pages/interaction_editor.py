"""The interaction editor's controller: opens a blank entry, a saved one or the unsaved draft,
keeps the draft, saves through the actions, and attaches picked files as evidence. Its
layout (the form, Save / Cancel, the banner) is ``interaction_editor_view``.

Whatever is typed is kept as a draft inside the journal (its drafts table, which
erasure, retention and access requests cover), a second after the last keystroke
and again just before the journal locks, so a lock, a crash or closing the window
never loses an entry. Drafts are never written anywhere else.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ...errors import InvalidInput
from ...journal.records import Interaction, Promise
from ..context import AppContext
from ..widgets import attachment_panel, common
from .base import Page
from .interaction_editor_view import InteractionEditorView, tr

if TYPE_CHECKING:
    from ...journal.journal import Journal

DRAFT_DELAY_MS = 1000


class InteractionEditor(Page, InteractionEditorView):
    """Emits ``finished(interaction_id or "")`` after a save or a cancel."""

    finished = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._dirty = False
        self.pending_files: list[Path] = []
        self.cancel_button.clicked.connect(self.cancel)
        self.save_another_button.clicked.connect(lambda: self.save(another=True))
        self.save_button.clicked.connect(lambda: self.save())
        self.attach_button.clicked.connect(self.pick_evidence)
        self.form.changed.connect(self._changed)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save), (QKeySequence("Escape"), self.cancel)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=slot: s())

    # --- opening --------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        from ...journal import daily

        journal = self.context.journal
        assert journal is not None
        self.form.set_choices(daily.customer_choices(journal), journal.criteria())

    def start_new(self, customer_id: str | None = None) -> None:
        """A blank entry, or the unsaved draft if there is one."""
        self._fill_choices()
        draft = self.stored_draft()
        if draft is not None and self._resume(draft):
            return
        self.form.start_new(self.context.now(), customer_id)
        self._opened(tr("New interaction"))

    def edit(self, interaction_id: str) -> bool:
        journal = self.context.journal
        if journal is None:
            return False
        interaction = journal.interactions.find(interaction_id)
        if interaction is None:
            return False
        from ...journal.daily import promises_from

        self._fill_choices()
        draft = self.stored_draft()
        if draft is not None and draft.get("editing") == interaction_id and self._resume(draft):
            return True
        self.form.load(interaction, promises_from(journal, interaction_id), self.context.now())
        self._opened(tr("Edit interaction"))
        return True

    def _resume(self, draft: dict[str, object]) -> bool:
        journal = self.context.journal
        assert journal is not None
        editing = None
        promises: list[Promise] = []
        editing_id = draft.get("editing")
        if isinstance(editing_id, str) and editing_id:
            from ...journal.daily import promises_from

            editing = journal.interactions.find(editing_id)
            if editing is None:
                return False  # the interaction was deleted since; the draft no longer applies
            promises = promises_from(journal, editing.id)
        self.form.load_draft(draft, self.context.now(), editing, promises)
        self._opened(tr("Edit interaction") if editing else tr("New interaction"))
        self._dirty = True
        self.banner.setText(tr("Carrying on with the entry you hadn't saved yet."))
        self.banner.show()
        return True

    def _opened(self, title: str) -> None:
        self.heading.setText(title)
        self.banner.hide()
        self.error_label.hide()
        self._dirty = False
        self.form.summary.setFocus() if self.form.editing else self.form.customer.setFocus()

    # --- drafts ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self._dirty = True
        self._draft_timer.start()

    def stored_draft(self) -> dict[str, object] | None:
        journal = self.context.journal
        if journal is None:
            return None
        from ...services.actions.drafts import stored_draft

        return stored_draft(journal)

    def keep_draft(self) -> None:
        """Store what is typed so far inside the journal (it is saved with everything else).
        Keeping a draft refreshes no page: only a save is asked for."""
        self._draft_timer.stop()
        journal = self.context.journal
        if journal is None or not self._dirty:
            return
        if self.form.has_content() or self.form.editing is not None:
            from ...services.actions.drafts import keep_draft

            keep_draft(journal, self.form.draft())
            self.context.request_save()

    def drop_draft(self) -> None:
        self._draft_timer.stop()
        journal = self.context.journal
        if journal is not None:
            from ...services.actions.drafts import forget_draft

            if forget_draft(journal):
                self.context.request_save()
        self._dirty = False

    @property
    def dirty(self) -> bool:
        return self._dirty

    # --- saving ---------------------------------------------------------------------------
    def save(self, another: bool = False) -> str | None:
        """Write the interaction (and any new customer and promises) in one go; returns its id."""
        journal = self.context.journal
        if journal is None:
            return None
        try:
            from ...services.actions.drafts import NEW
            from ...services.actions.interactions import log_interaction

            interaction, new_customer, promises = self.form.collect(self.context.now().tzinfo)
            stored = log_interaction(journal, interaction, new_customer=new_customer, promises=promises,
                                     draft_key=NEW).value
        except InvalidInput as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            common.focus_field(common.field_of(error))
            return None
        except Exception as error:  # why: plain words; the transaction rolled back
            common.show_error(self, error)
            return None
        self._dirty = False
        self._draft_timer.stop()
        self._attach_pending(stored)
        self.context.request_save()
        saved = saved_message(journal, stored, len(promises))
        self.context.status_message.emit(saved)
        if another:
            self.form.start_new(self.context.now())
            self._fill_choices()
            self._opened(tr("New interaction"))
            self.banner.setText(saved + " " + tr("Log the next one."))
            self.banner.show()
        else:
            self.finished.emit(stored.id)
        return stored.id

    # --- evidence files ----------------------------------------------------------------------
    def pick_evidence(self) -> None:
        path = attachment_panel.pick_file_to_attach(self)
        if path is None:
            return
        self.pending_files.append(Path(path))
        self._show_pending()

    def _show_pending(self) -> None:
        names = ", ".join(p.name for p in self.pending_files)
        text = tr("Attached when you save: {names}").format(names=names) if names else ""
        self.attached_label.setText(text)

    def _attach_pending(self, interaction: Interaction) -> None:
        """Read each file off the GUI thread, then seal it as evidence linked to the entry."""
        files, self.pending_files = self.pending_files, []
        self._show_pending()
        for path in files:
            def done(data: bytes, path: Path = path) -> None:
                journal = self.context.journal
                if journal is None:
                    return
                from ...services.actions.evidence import attach_evidence

                try:
                    attach_evidence(journal, path.name, data, attachment_panel.media_type_of(path),
                                    interactions=[interaction.id], at=interaction.at[:10])
                except Exception as error:  # why: the entry itself is saved already
                    common.show_error(self, error)
                    return
                self.context.request_save()

            self.context.run_in_background(path.read_bytes, done,
                                           lambda error: common.show_error(self, error))

    def cancel(self) -> None:
        if self._dirty and self.form.has_content() and not common.confirm(
            self, tr("Discard this entry?"), tr("You have typed something that isn't saved. Throw it away?")
        ):
            return
        self.drop_draft()
        self.pending_files = []
        self._show_pending()
        self.finished.emit("")

    def clear(self) -> None:
        """Forget everything shown (on lock). The draft is already in the journal."""
        self._draft_timer.stop()
        self._dirty = False
        self.pending_files = []
        self._show_pending()
        self.form.set_choices([], [])
        self.form.start_new(self.context.now() if self.context.journal else _epoch())


def _epoch() -> datetime:
    return datetime.now().astimezone()


def saved_message(journal: Journal, interaction: Interaction, promises: int) -> str:
    """What the learner is told after a save: "Saved: Complaint with Mrs Okafor, and 1 promise."
    (real names: it shows only inside the unlocked window)."""
    from ..formatting import choice_label, count_of

    what = choice_label(interaction.kind)
    customer = journal.customers.find(interaction.customer) if interaction.customer else None
    if customer is not None:
        what = tr("{kind} with {name}").format(kind=what, name=customer.label())
    if promises:
        what = tr("{what}, and {promises}").format(
            what=what, promises=count_of(promises, tr("promise"), tr("promises")))
    return tr("Saved: {what}.").format(what=what)
