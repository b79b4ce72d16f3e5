"""Spin boxes keep their up and down arrows under the app's style sheet, drawn in the text
colour of the scheme in use (light and dark), and a muted colour when they can't be used."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSpinBox

from journal_app.paths import resources_dir
from journal_app.ui import palette, theme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_arrow_images_take_the_scheme_text_colour(scheme):
    roles = palette.for_scheme(scheme)
    for direction in ("up", "down"):
        for suffix, colour in (("", roles.text), ("-disabled", roles.muted)):
            svg = (resources_dir() / "styles" / f"arrow-{direction}-{scheme}{suffix}.svg").read_text()
            assert re.findall(r'stroke="(#[0-9a-fA-F]{6})"', svg) == [colour], (direction, scheme, suffix)
    sheet = theme.stylesheet(scheme)
    assert f"arrow-up-{scheme}.svg" in sheet and f"arrow-down-{scheme}.svg" in sheet
    assert "@" not in sheet.split("QSpinBox::up-arrow", 1)[1][:200]


def _arrow_pixels(box: QSpinBox, colour: str, top: bool) -> int:
    image = box.grab().toImage()
    want = QColor(colour)
    width, height = image.width(), image.height()
    rows = range(1, height // 2) if top else range(height // 2, height - 1)
    found = 0
    for y in rows:
        for x in range(width - 16, width - 1):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - want.red()) + abs(pixel.green() - want.green())
                    + abs(pixel.blue() - want.blue())) < 60:
                found += 1
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_styled_spin_box_draws_both_arrows(qtbot, scheme):
    # The theme's palette and style sheet on this widget alone: restyling the whole app in the
    # middle of the suite would re-polish every other test's widgets.
    box = QSpinBox()
    box.setPalette(theme.palette_for(scheme))
    box.setStyleSheet(theme.stylesheet(scheme))
    box.setRange(0, 10)
    box.setValue(5)
    qtbot.addWidget(box)
    box.resize(120, 30)
    box.show()
    qtbot.waitExposed(box)
    text = palette.for_scheme(scheme).text
    assert _arrow_pixels(box, text, top=True) >= 3, "no up arrow"
    assert _arrow_pixels(box, text, top=False) >= 3, "no down arrow"
