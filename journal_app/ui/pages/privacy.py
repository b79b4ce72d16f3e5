"""Privacy: retention, holds, erasing a customer, access requests and the audit trail.

Every rule lives in the privacy services; this page shows their answers and asks
before anything irreversible.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ...errors import AttachmentsLeftOut, JournalError
from ...services.actions import privacy
from ..formatting import count_of
from ..widgets import common
from ..widgets.record_view import iso, selected, today
from .base import Page
from .privacy_view import PrivacyView

UPCOMING_DAYS = 30
HOLD_DAYS = 180  # a new hold's suggested length


def pick_access_export_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save an access-request file (tests replace this)."""
    title = parent.tr("Save what you hold about this person") if parent else ""
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "JSON (*.json)")
    return Path(name) if name else None


class PrivacyPage(Page, PrivacyView):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.hold_until.set_date(today(context) + timedelta(days=HOLD_DAYS))
        self.new_key_button.clicked.connect(self.offer_new_key)
        self.retention.policy_edited.connect(self.save_policy)
        self.retention.on_unlock_changed.connect(self.set_on_unlock)
        self.retention.preview_requested.connect(self.preview_retention)
        self.retention.apply_requested.connect(self.apply_retention)
        self.add_hold_button.clicked.connect(self.add_hold)
        self.remove_hold_button.clicked.connect(self.remove_hold)
        self.erase.erase_requested.connect(self.erase_customer)
        self.access_button.clicked.connect(self.export_access_request)
        self.redaction.save_requested.connect(self.save_redaction_settings)
        self.tabs.currentChanged.connect(lambda index: self.refresh())

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        from ...journal.audit import events

        customers = journal.customers.all()
        live = [(c.id, c.label(), c.pseudonym) for c in customers if not c.anonymised_at]
        self.erase.set_customers(live)
        keep = self.access_customer.currentData()
        self.access_customer.clear()
        for c in customers:
            self.access_customer.addItem(c.label(), c.id)
        if keep:
            self.access_customer.setCurrentIndex(max(0, self.access_customer.findData(keep)))
        self._refresh_holds(customers)
        from ...services.privacy.privacy_settings import id_patterns, never_hide

        self.redaction.show_settings(never_hide(journal), id_patterns(journal))
        self.audit_model.set_rows(sorted(events(journal), key=lambda e: e.seq, reverse=True))
        self.audit_table.resizeColumnsToContents()
        self._refresh_retention()

    def clear(self) -> None:
        self.retention.clear()
        self.hold_model.clear()
        self.hold_subject.clear()
        self.erase.set_customers([])
        self.access_customer.clear()
        self.access_status.setText("")
        self.redaction.clear()
        self.audit_model.clear()

    # --- retention -------------------------------------------------------------------
    def _refresh_retention(self) -> None:
        from ...services.privacy import retention

        journal = self.context.journal
        assert journal is not None
        self.retention.show_policies(retention.get_policies(journal), retention.retention_on_unlock(journal))
        self.retention.show_upcoming(retention.due_within(journal, self.context.now(), UPCOMING_DAYS))

    def save_policy(self, policy) -> None:  # a RetentionPolicy
        from ...services.privacy import retention

        journal = self.context.journal
        assert journal is not None
        policies = [policy if p.category == policy.category else p for p in retention.get_policies(journal)]
        try:
            privacy.set_retention_rules(journal, policies)
        except JournalError as error:
            common.show_error(self, error)
            return
        self.context.request_save()
        self._refresh_retention()

    def set_on_unlock(self, value: str) -> None:

        assert self.context.journal is not None
        try:
            privacy.set_retention_on_unlock(self.context.journal, value)
        except JournalError as error:
            common.show_error(self, error)
            return
        self.context.request_save()

    def preview_retention(self) -> list:
        from ...services.privacy import retention

        assert self.context.journal is not None
        plan = retention.preview(self.context.journal, self.context.now())
        items = list(plan.items)
        self.retention.show_plan(items)
        return items

    def apply_retention(self) -> bool:
        from ...services.privacy import retention

        journal = self.context.journal
        assert journal is not None
        plan = retention.preview(journal, self.context.now())
        if not plan.items:
            self.retention.show_plan([])
            return False
        if not common.confirm(self, self.tr("Apply retention now?"), self.tr(
                "%1 will be anonymised or deleted as your policies say. This can't be undone.")
                .replace("%1", count_of(len(plan.items), self.tr("record"), self.tr("records")))):
            return False
        try:
            privacy.apply_retention(journal, plan, save=False)
        except JournalError as error:
            common.show_error(self, error)
            return False
        self.context.request_seal()
        self.retention.show_plan([])
        self.refresh()
        return True

    # --- holds -----------------------------------------------------------------------
    def _refresh_holds(self, customers: list) -> None:
        from ...services.privacy import retention

        journal = self.context.journal
        assert journal is not None
        labels = {("customer", c.id): c.label() for c in customers}
        labels.update({("evidence", e.id): self.tr("Evidence: %1").replace("%1", e.title or e.id)
                       for e in journal.evidence.all()})
        self.hold_model.labels = labels
        self.hold_model.set_rows(retention.list_holds(journal))
        self.hold_table.resizeColumnsToContents()
        self.hold_subject.clear()
        for (record_type, record_id), label in labels.items():
            self.hold_subject.addItem(label, f"{record_type}:{record_id}")

    def add_hold(self) -> bool:

        subject = self.hold_subject.currentData()
        if not subject:
            return False
        record_type, record_id = subject.split(":", 1)
        until, reason = iso(self.hold_until), self.hold_reason.text().strip()
        journal = self.context.journal
        assert journal is not None
        added = self.change(lambda: privacy.add_hold(journal, record_type, record_id, until, reason))
        if added:
            self.hold_reason.clear()
        return added

    def remove_hold(self) -> bool:

        hold = selected(self.hold_table)
        if hold is None:
            return False
        assert self.context.journal is not None
        privacy.remove_hold(self.context.journal, hold.id)
        self.context.request_save()
        self.refresh()
        return True

    # --- what exports hide --------------------------------------------------------------
    def save_redaction_settings(self, never_hide: list[str], patterns: list[str]) -> bool:
        journal = self.context.journal
        assert journal is not None
        saved = self.change(lambda: privacy.set_redaction_settings(journal, never_hide, patterns))
        if saved:
            self.redaction.status.setText(self.tr("Saved. Exports from now on use these settings."))
        return saved

    # --- erasure and access ------------------------------------------------------------
    def erase_customer(self, customer_id: str, delete_linked: bool) -> bool:
        from ...services.actions.privacy import erase_customer

        journal = self.context.journal
        assert journal is not None
        try:
            # Compacted here; the saver then writes the file and replaces the old backups on a
            # worker thread, so the person is gone from those too.
            receipt = erase_customer(journal, customer_id, delete_linked=delete_linked, save=False).value
        except JournalError as error:
            common.show_error(self, error)
            return False
        self.context.request_seal()
        self.refresh()
        self.erase.show_receipt(receipt.as_text())
        if journal.vault is not None:
            self.new_key_button.show()
        return True

    def offer_new_key(self) -> str | None:
        """After an erasure: seal the journal under a new key (asks for the passphrase and
        the recovery key); a new recovery key is shown once. Returns it, if one was made."""
        from ..dialogs.passphrase import NewKeyDialog, RecoveryKeyDialog
        from .settings import show_dialog

        journal = self.context.journal
        if journal is None:
            return None
        dialog = NewKeyDialog(journal, self.context.run_in_background, self, after_erasure=True)
        if not show_dialog(dialog):
            return None
        self.new_key_button.hide()
        if dialog.new_key:
            show_dialog(RecoveryKeyDialog(dialog.new_key, self))
        self.refresh()
        return dialog.new_key

    def export_access_request(self) -> Path | None:
        from ...services.actions.privacy import export_for_access_request

        journal, customer_id = self.context.journal, self.access_customer.currentData()
        if journal is None or not customer_id:
            return None
        pseudonym = journal.customers.get(customer_id).pseudonym
        # The file name carries the pseudonym, never the person's name.
        suggested = f"access-request-{pseudonym.replace(' ', '-').lower()}.json"
        path = pick_access_export_path(self, suggested)
        if path is None:
            return None
        allow_missing = False
        while True:
            try:
                # The save dialog already asked before replacing a file; the service audits it.
                result = export_for_access_request(
                    journal, customer_id, path, now=self.context.now(), overwrite=True,
                    exclude_third_parties=self.access_exclude.isChecked(), allow_missing=allow_missing,
                ).value
                break
            except AttachmentsLeftOut as error:
                from ..dialogs.export_dialog import ask_to_leave_out_files

                if allow_missing or not ask_to_leave_out_files(
                        self, error.evidence_ids, self.tr("access request")):
                    self.access_status.setText(self.tr("Nothing was saved."))
                    return None
                allow_missing = True
            except (JournalError, OSError) as error:
                common.show_error(self, error)
                return None
        status = self.tr("Saved to %1.").replace("%1", str(path))
        if result.third_parties_excluded:
            status += " " + self.tr("Other people were left out.")
        elif result.third_parties:
            from ...services.privacy.subject_access import third_party_line

            status += " " + self.tr("It also names other people; check these before you give it:") + "\n"
            status += "\n".join(f"• {third_party_line(t)}" for t in result.third_parties)
        self.access_status.setText(status)
        self.context.request_save()
        self.refresh()
        return path
