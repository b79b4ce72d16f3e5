"""The Privacy page's layout: a tab each for retention, holds, erasure, access requests,
what exports hide, and the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.privacy import AuditTableModel, HoldTableModel
from ..widgets import common
from ..widgets.date_field import DateField
from ..widgets.erase_panel import ErasePanel
from ..widgets.record_view import add_row, combo, hint, table_view
from ..widgets.redaction_settings_panel import RedactionSettingsPanel
from ..widgets.retention_panel import RetentionPanel
from .base import PageView


class PrivacyView(PageView):
    title = "Privacy"
    object_name = "privacy_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Privacy")
        layout = QVBoxLayout(self)
        layout.addWidget(common.page_title(self.tr("Privacy")))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.retention = RetentionPanel()
        # Three tables and a form: on a small screen at 150 % they scroll rather than squash.
        self.tabs.addTab(common.scroll_area(self.tr("Retention"), self.retention), self.tr("Retention"))

        holds = QWidget()
        holds_layout = QVBoxLayout(holds)
        holds_layout.addWidget(hint(self.tr(
            "A hold keeps a customer's details or an evidence item past its retention date, e.g. until "
            "your end-point assessment."
        )))
        self.hold_model = HoldTableModel(parent=self)
        self.hold_table = table_view(self.hold_model, self.tr("Holds"), holds)
        holds_layout.addWidget(self.hold_table, 1)
        form = QFormLayout()
        self.hold_subject = combo([])
        add_row(form, self.tr("&Keep:"), self.hold_subject)
        self.hold_until = DateField(self.tr("Until"))  # the controller starts it at its default
        add_row(form, self.tr("&Until:"), self.hold_until)
        self.hold_reason = QLineEdit()
        self.hold_reason.setPlaceholderText(self.tr("e.g. needed for my end-point assessment"))
        add_row(form, self.tr("&Why:"), self.hold_reason)
        holds_layout.addLayout(form)
        hold_buttons = QHBoxLayout()
        self.add_hold_button = QPushButton(self.tr("&Add hold"))
        self.remove_hold_button = QPushButton(self.tr("&Remove selected hold"))
        hold_buttons.addWidget(self.add_hold_button)
        hold_buttons.addWidget(self.remove_hold_button)
        hold_buttons.addStretch(1)
        holds_layout.addLayout(hold_buttons)
        self.tabs.addTab(holds, self.tr("Holds"))

        self.erase = ErasePanel()
        # Offered after an erasure: a new key, so a copy kept elsewhere opens nothing new.
        self.new_key_button = QPushButton(self.tr("Lock old copies out with a new &key…"))
        self.new_key_button.setToolTip(self.tr(
            "A copy of the journal on a USB stick or another computer still holds the erased person. "
            "A new key means it opens nothing you save from now on."))
        self.new_key_button.hide()
        erase_layout = self.erase.layout()
        if erase_layout is not None:
            erase_layout.addWidget(self.new_key_button)
        self.tabs.addTab(self.erase, self.tr("Erase a customer"))

        access = QWidget()
        access_layout = QVBoxLayout(access)
        access_layout.addWidget(hint(self.tr(
            "If someone asks what you hold about them, save it all to a file you can give them."
        )))
        access_form = QFormLayout()
        self.access_customer = combo([])
        add_row(access_form, self.tr("&Customer:"), self.access_customer)
        access_layout.addLayout(access_form)
        self.access_exclude = QCheckBox(self.tr(
            "Leave &out other people (your assessor, witnesses and what they said, other customers)"))
        self.access_exclude.setAccessibleName(self.tr("Leave out other people"))
        access_layout.addWidget(self.access_exclude)
        self.access_button = QPushButton(self.tr("&Save everything held about them…"))
        access_layout.addWidget(self.access_button)
        self.access_status = hint("")
        access_layout.addWidget(self.access_status)
        access_layout.addStretch(1)
        self.tabs.addTab(access, self.tr("Access request"))

        self.redaction = RedactionSettingsPanel()
        self.tabs.addTab(self.redaction, self.tr("What exports hide"))

        audit = QWidget()
        audit_layout = QVBoxLayout(audit)
        audit_layout.addWidget(hint(self.tr(
            "Everything done to the data (exports, erasures, retention runs, passphrase changes). "
            "It never holds anyone's name and can't be edited."
        )))
        self.audit_model = AuditTableModel(self)
        self.audit_table = table_view(self.audit_model, self.tr("Audit trail"), audit)
        self.audit_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        audit_layout.addWidget(self.audit_table, 1)
        self.tabs.addTab(audit, self.tr("Audit trail"))
