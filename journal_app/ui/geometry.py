"""Where the main window goes: inside the screen it opens on, title bar and all.

The first time, it is 1180×760 or, on a smaller screen, the available area less room
for the window frame (a 1366×768 or 1024×768 laptop), centred. A size remembered on
another screen (a larger monitor, since unplugged) is shrunk and moved back inside.
Sizes are remembered per screen, by its name and size.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1180, 760)
# Room for the frame the window manager adds: borders left and right, title bar and
# bottom border (and a taskbar that some desktops leave out of availableGeometry).
FRAME_ROOM = QSize(40, 60)


def screen_of(widget: QWidget | None = None) -> QScreen | None:
    screen = widget.screen() if widget is not None else None
    return screen or QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The screen area free for windows (without panels and docks)."""
    screen = screen_of(widget)
    if screen is None:
        return QRect(0, 0, PREFERRED.width() + FRAME_ROOM.width(), PREFERRED.height() + FRAME_ROOM.height())
    return screen.availableGeometry()


def screen_key(widget: QWidget | None = None) -> str:
    """e.g. "eDP-1-1366x768": the setting the size on this screen is kept under."""
    screen = screen_of(widget)
    if screen is None:
        return "default"
    size = screen.size()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", screen.name()).strip("-") or "screen"
    return f"{name}-{size.width()}x{size.height()}"


def largest_client(avail: QRect) -> QSize:
    """The biggest window (without its frame) whose frame still fits in ``avail``."""
    return QSize(max(1, avail.width() - FRAME_ROOM.width()), max(1, avail.height() - FRAME_ROOM.height()))


def first_geometry(avail: QRect) -> QRect:
    """The window's own (client) rectangle the first time: preferred size or smaller, centred."""
    room = largest_client(avail)
    size = QSize(min(PREFERRED.width(), room.width()), min(PREFERRED.height(), room.height()))
    return centred(size, avail)


def centred(size: QSize, avail: QRect) -> QRect:
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(avail.center())
    return fitted(rect, avail)  # the title bar sits above the client area: keep it on screen


def fitted(client: QRect, avail: QRect) -> QRect:
    """``client`` shrunk to the largest that fits and moved wholly inside ``avail``
    (unchanged when it already fits)."""
    room = largest_client(avail)
    size = QSize(min(client.width(), room.width()), min(client.height(), room.height()))
    inner = avail.adjusted(FRAME_ROOM.width() // 2, FRAME_ROOM.height() - FRAME_ROOM.width() // 2,
                           -(FRAME_ROOM.width() // 2), -(FRAME_ROOM.width() // 2))
    rect = QRect(client.topLeft(), size)
    if not inner.contains(rect):
        if rect.right() > inner.right():
            rect.moveRight(inner.right())
        if rect.bottom() > inner.bottom():
            rect.moveBottom(inner.bottom())
        if rect.left() < inner.left():
            rect.moveLeft(inner.left())
        if rect.top() < inner.top():
            rect.moveTop(inner.top())
    return rect
