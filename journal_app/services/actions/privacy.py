"""Erasing a customer, applying retention, holds, retention rules, access requests.

The services below (erasure, retention, subject access) hold the rules and write the
audit entries; these actions are the one door the CLI and the pages use, each
returning what it changed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.privacy import Hold
    from ..privacy.erasure import ErasureReceipt
    from ..privacy.retention import RetentionPlan, RetentionPolicy
    from ..privacy.retention_run import RetentionReceipt
    from ..privacy.subject_access import SubjectExport


def erase_customer(journal: Journal, customer_id: str, *, delete_linked: bool = False,
                   save: bool = True) -> Done[ErasureReceipt]:
    """Erase one customer on request. ``save`` writes the journal and replaces every
    backup now (the CLI); the app passes False and seals off the GUI thread."""
    from ..privacy.erasure import erase_customer as erase

    return act(journal, lambda: erase(journal, customer_id, delete_linked=delete_linked, save=save),
               whole_journal=True, own_transaction=True)


def apply_retention(journal: Journal, plan_or_now: RetentionPlan | datetime, *,
                    save: bool = True) -> Done[RetentionReceipt]:
    """Carry out what the retention rules say is due (a plan from ``preview`` or a moment)."""
    from ..privacy.retention_run import apply

    return act(journal, lambda: apply(journal, plan_or_now, save=save), whole_journal=True,
               own_transaction=True)


def add_hold(journal: Journal, record_type: str, record_id: str, until: date | str,
             reason: str = "") -> Done[Hold]:
    """Keep a customer or evidence item through ``until`` whatever the rules say."""
    from ..privacy import retention

    return act(journal, lambda: retention.add_hold(journal, record_type, record_id, until, reason))


def remove_hold(journal: Journal, hold_id: str) -> Done[bool]:
    from ..privacy import retention

    return act(journal, lambda: retention.remove_hold(journal, hold_id))


def set_retention_rules(journal: Journal, policies: list[RetentionPolicy] | list[dict[str, Any]]
                        ) -> Done[list[RetentionPolicy]]:
    from ..privacy import retention

    return act(journal, lambda: retention.set_policies(journal, policies))


def set_retention_on_unlock(journal: Journal, value: str) -> Done[None]:
    from ..privacy import retention

    return act(journal, lambda: retention.set_retention_on_unlock(journal, value))


def export_for_access_request(journal: Journal, customer_id: str, out: Path, *,
                              now: datetime | None = None, overwrite: bool = False,
                              exclude_third_parties: bool = False,
                              allow_missing: bool = False) -> Done[SubjectExport]:
    """Everything about one person, as JSON (UK GDPR Art. 15), noted in the audit trail.
    ``overwrite``: the learner already agreed to replace ``out`` (the app's save dialog).
    ``exclude_third_parties``: leave out the assessor, witnesses and other customers."""
    from ..privacy.subject_access import write_subject_export
    from .moving import check_export_target

    check_export_target(journal.path, out, force=overwrite)
    return act(journal, lambda: write_subject_export(journal, customer_id, out, now=now, overwrite=overwrite,
                                                     exclude_third_parties=exclude_third_parties,
                                                     allow_missing=allow_missing))


def set_redaction_settings(journal: Journal, never_hide: list[str], id_patterns: list[str]) -> Done[None]:
    """Store the "never hide" list and the account-number patterns together: a pattern
    that is refused (it doesn't compile, or matches ordinary text) changes neither."""
    from ..privacy import privacy_settings

    def work() -> None:
        privacy_settings.check_never_hide(never_hide)
        privacy_settings.set_id_patterns(journal, id_patterns)
        privacy_settings.set_never_hide(journal, never_hide)

    return act(journal, work, event="redaction-settings-changed",
               details={"never_hide": len(never_hide), "id_patterns": len(id_patterns)})
