"""Helpers for the keyboard tests: a main window full of demo data, shown and active."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QWidget


def show_active(qtbot: Any, window: QWidget) -> None:
    """Show ``window`` and wait until it has the keyboard (focus only moves in an active window)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def filled_shell(qtbot: Any, shell: Any, clock: Any) -> Any:
    """``shell`` over the demo journal (every page has rows), shown and active."""
    from journal_app.services.demo import populate_demo

    populate_demo(shell.context.journal, clock.now.date())
    show_active(qtbot, shell)
    return shell


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def inside(widget: QWidget | None, container: QWidget) -> bool:
    return widget is not None and (widget is container or container.isAncestorOf(widget))


def visible_views(root: QWidget) -> list[QAbstractItemView]:
    """Every table, tree and list showing in ``root`` (their headers aren't Tab stops)."""
    return [view for view in root.findChildren(QAbstractItemView)
            if view.isVisible() and not isinstance(view, QHeaderView)]
