"""The one place the exporter starts Qt: a window-less application for fonts, text layout and PDF."""

from __future__ import annotations

import os
import sys
import threading

_app = None
_lock = threading.Lock()


def ensure_app() -> None:
    """Make sure a Qt GUI application exists; without a display, use the offscreen platform.

    When the desktop app is running it already has one and we reuse it; the CLI
    gets a hidden one, created once per process.
    """
    global _app
    from PySide6.QtGui import QGuiApplication

    with _lock:
        if QGuiApplication.instance() is not None:
            return
        headless = sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
        if headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["journal-app-export"])
