"""Global search (Ctrl+F): type, see ranked matches with the matching words highlighted, press Enter."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..widgets.date_field import name_clear_button
from ..widgets.record_view import choice_label, leave_on_tab

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchDialog", text)


class SearchResultModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[Any]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            title = hit.title or tr("(untitled)")
            return f"{choice_label(hit.record_type)}: {title}\n{hit.plain_snippet('', '')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.plain_snippet("«", "»")
        return None


class SnippetDelegate(QStyledItemDelegate):
    """Two lines per hit: the kind and title, then the snippet with matches in bold."""

    def paint(self, painter: Any, option: Any, index: Index) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

        hit = index.data(HIT_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        colour = opt.palette.highlightedText().color() if opt.state & QStyle.StateFlag.State_Selected \
            else opt.palette.text().color()
        snippet = html.escape(hit.snippet).replace("\x02", "<b>").replace("\x03", "</b>")
        doc.setHtml(
            f"<div style='color:{colour.name()}'><b>{html.escape(choice_label(hit.record_type))}:</b> "
            f"{html.escape(hit.title or '')}<br><span>{snippet}</span></div>"
        )
        doc.setTextWidth(opt.rect.width() - 8)
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: Any, index: Index) -> Any:
        size = super().sizeHint(option, index)
        size.setHeight(option.fontMetrics.lineSpacing() * 3 + 8)
        return size


class SearchDialog(QDialog):
    """Searches as the learner types; Enter or double-click opens the record and closes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Search the journal"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Search everything: names, notes, reflections, promises…"))
        self.query.setAccessibleName(tr("Search for"))
        self.query.setClearButtonEnabled(True)
        name_clear_button(self.query, tr("Clear the search"))
        layout.addWidget(self.query)
        self.model = SearchResultModel(self)
        self.results = leave_on_tab(QListView())
        self.results.setModel(self.model)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setAccessibleName(tr("Search results"))
        self.results.setUniformItemSizes(True)
        self.results.activated.connect(self.open_hit)
        layout.addWidget(self.results, 1)
        self.status = QLabel(tr("Type a word or two."))
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        context.locked.connect(self.reject)

    def run_search(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        text = self.query.text()
        hits = journal.search(text, limit=50) if text.strip() else []
        self.model.set_hits(hits)
        if not text.strip():
            self.status.setText(tr("Type a word or two."))
        elif hits:
            self.status.setText(tr("{n} matches — press Enter to open the first.").format(n=len(hits))
                                if len(hits) > 1 else tr("1 match — press Enter to open it."))
            self.results.setCurrentIndex(self.model.index(0, 0))
        else:
            self.status.setText(tr("Nothing matches “{q}”.").format(q=text.strip()))

    def _enter(self) -> None:
        self._timer.stop()
        self.run_search()
        index = self.results.currentIndex()
        if index.isValid():
            self.open_hit(index)

    def open_hit(self, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return
        self.accept()
        self.context.open_record.emit(hit.record_type, hit.record_id)

    def done(self, result: int) -> None:
        self.model.set_hits([])  # nothing from the journal stays in a closed dialog
        super().done(result)
