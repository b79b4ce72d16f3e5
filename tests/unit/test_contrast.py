"""WCAG 2.2 AA in both themes: text at 4.5:1, control boundaries and the focus ring at 3:1,
and no colour written anywhere but the palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journal_app.services.export.charts import PALETTE
from journal_app.ui import palette
from journal_app.ui.palette import BOUNDARY_PAIRS, DARK, LIGHT, STATUS_FILL_TEXT, STATUS_FILLS, TEXT_PAIRS

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = {"light": LIGHT, "dark": DARK}
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert palette.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_text_pair_reads_at_4_5(scheme: str) -> None:
    roles = palette.as_dict(SCHEMES[scheme])
    failing = [
        f"{fg} {roles[fg]} on {bg} {roles[bg]}: {palette.contrast_ratio(roles[fg], roles[bg]):.2f}"
        for fg, bg in TEXT_PAIRS
        if palette.contrast_ratio(roles[fg], roles[bg]) < 4.5
    ]
    assert not failing, f"{scheme} text below 4.5:1: " + "; ".join(failing)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_control_boundary_shows_at_3(scheme: str) -> None:
    roles = palette.as_dict(SCHEMES[scheme])
    failing = [
        f"{fg} {roles[fg]} against {bg} {roles[bg]}: {palette.contrast_ratio(roles[fg], roles[bg]):.2f}"
        for fg, bg in BOUNDARY_PAIRS
        if palette.contrast_ratio(roles[fg], roles[bg]) < 3.0
    ]
    assert not failing, f"{scheme} boundaries below 3:1: " + "; ".join(failing)


@pytest.mark.parametrize("status", STATUS_FILLS)
def test_status_fills_keep_their_text_readable(status: str) -> None:
    assert palette.contrast_ratio(STATUS_FILL_TEXT, STATUS_FILLS[status]) >= 4.5, status


def test_the_stylesheet_names_roles_not_colours() -> None:
    template = (ROOT / "resources" / "styles" / "app.qss").read_text("utf-8")
    assert not HEX.findall(template), "app.qss hard-codes a colour; name a palette role as @role@"
    names = set(re.findall(r"@([a-z_]+)@", template))
    unknown = names - set(palette.as_dict(LIGHT)) - {"styles", "scheme"}
    assert not unknown, f"app.qss names roles the palette lacks: {sorted(unknown)}"


def test_every_focusable_kind_has_a_focus_ring() -> None:
    template = (ROOT / "resources" / "styles" / "app.qss").read_text("utf-8")
    for kind in ("QLineEdit", "QTextEdit", "QComboBox", "QPushButton", "QCheckBox::indicator",
                 "QListView", "QTableView", "QTreeView"):
        assert f"{kind}:focus" in template, f"{kind} shows no focus ring"


def test_ui_models_and_widgets_take_colours_from_the_palette() -> None:
    offenders = []
    for path in sorted((ROOT / "journal_app" / "ui").rglob("*.py")):
        if path.name in ("palette.py", "tray.py"):  # tray draws its own icon
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if HEX.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, "colours outside palette.py: " + ", ".join(offenders)


def test_charts_share_one_colour_blind_safe_set() -> None:
    assert PALETTE == palette.CHART_COLOURS
    assert len(set(palette.CHART_COLOURS)) == len(palette.CHART_COLOURS)
