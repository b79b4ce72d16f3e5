"""Render the app icon (resources/icons/app.svg) to the raster files each platform wants.

    python packaging/render_icons.py                    # refresh resources/icons/app-256.png
    python packaging/render_icons.py --out build/icons  # app.ico (Windows), app.icns (macOS), app-512.png

Uses Qt's own SVG renderer and image writers (the ico/icns plugins ship with
PySide6), so no extra imaging library is needed on any build machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "app.svg"
PNG_256 = ICONS / "app-256.png"
# Windows picks the nearest size per context (taskbar, Start menu, Explorer views).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 512


def _app():  # noqa: ANN202 - a QGuiApplication
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render(size: int, svg: Path = SVG):  # noqa: ANN201 - a QImage
    """The icon as a transparent, antialiased square image of ``size`` pixels."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG image.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def write_png(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not render(size).save(str(path), "PNG"):
        raise SystemExit(f"Could not write {path}.")
    return path


def write_ico(path: Path) -> Path:
    """A multi-size .ico with PNG entries (read by Windows Vista and later).

    Qt's ico writer stores one image per file, so the directory is built here.
    """
    import struct

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    pngs = []
    for size in ICO_SIZES:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        render(size).save(buffer, "PNG")
        buffer.close()
        pngs.append((size, bytes(data.data())))
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in pngs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ico directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + entries + payload)
    return path


def write_icns(path: Path) -> Path:
    from PySide6.QtGui import QImageWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), b"icns")
    if not writer.write(render(ICNS_SIZE)):
        raise SystemExit(f"Could not write {path}: {writer.errorString()}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write app.ico, app.icns and app-512.png here instead")
    args = parser.parse_args(argv)
    _app()
    if not args.out:
        print(f"wrote {write_png(PNG_256, 256).relative_to(ROOT)}")
        return 0
    for path in (
        write_png(args.out / "app-512.png", 512),
        write_ico(args.out / "app.ico"),
        write_icns(args.out / "app.icns"),
    ):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
