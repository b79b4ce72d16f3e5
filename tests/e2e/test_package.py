"""The desktop build's ingredients: what goes in, the portable zip, installer and launcher files.

The build itself takes a while and is run by ``packaging/ci_bundle_check.sh``; these
tests check every decision it relies on, quickly, on any OS.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import stat
import struct
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """A script from packaging/ (not importable as a package: "packaging" is also a PyPI name)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cfg() -> ModuleType:
    return load("bundle_config")


@pytest.fixture(scope="module")
def portable() -> ModuleType:
    return load("portable_zip")


# --- what goes into the build -------------------------------------------------------------
def test_build_version_is_the_one_the_app_reports(cfg: ModuleType) -> None:
    from journal_app import __version__

    assert cfg.read_version() == __version__


def test_windows_and_macos_get_four_numbers_from_any_version(cfg: ModuleType) -> None:
    assert cfg.numeric_version("0.1.0") == (0, 1, 0, 0)
    assert cfg.numeric_version("2.3") == (2, 3, 0, 0)
    assert cfg.numeric_version("1.4.2rc1+local") == (1, 4, 2, 0)


def test_qt_modules_come_from_what_the_source_imports(cfg: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "charts.py").write_text("from PySide6.QtCharts import QChart\n", "utf-8")
    (tmp_path / "pdf.py").write_text("from PySide6 import (\n    QtPrintSupport,\n    QtGui)\n", "utf-8")
    (tmp_path / "core.py").write_text("import PySide6.QtCore\n", "utf-8")

    used = cfg.used_qt_modules(tmp_path)

    assert used == {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtCharts", "QtPrintSupport"}


def test_the_apps_own_qt_modules_are_bundled_and_the_heavy_ones_left_out(cfg: ModuleType) -> None:
    used = cfg.used_qt_modules()
    available = cfg.available_qt_modules()

    excluded = set(cfg.excluded_modules(used, available))

    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg"} <= used
    assert not {f"PySide6.{name}" for name in used} & excluded
    for heavy in ("QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia", "QtNetwork"):
        if heavy in available and heavy not in used:
            assert f"PySide6.{heavy}" in excluded
    assert {"tkinter", "pytest", "hypothesis"} <= excluded


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qt_pt_BR.qm", True),
        ("PySide6/Qt/translations/qt_help_de.qm", False),
        ("PySide6/Qt/translations/designer_fr.qm", False),
        ("PySide6/Qt/translations/qtmultimedia_fr.qm", False),
        ("PySide6/translations/qtwebengine_de.qm", False),
        ("resources/translations/placement_journal_de.qm", True),
        ("resources/frameworks/crm-unit.json", True),
    ],
)
def test_only_qts_own_dialog_translations_are_shipped(cfg: ModuleType, dest: str, kept: bool) -> None:
    assert cfg.keep_data_file(dest) is kept


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Charts.so.6", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt6Quick.dll", False),
        ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", False),
        ("libcrypto.so.3", True),
    ],
)
def test_qt_plugins_and_libraries_the_app_never_uses_are_dropped(
    cfg: ModuleType, dest: str, kept: bool
) -> None:
    assert cfg.keep_binary(dest, {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtCharts"}) is kept


def test_a_qt_library_the_app_imports_is_never_dropped(cfg: ModuleType) -> None:
    assert cfg.keep_binary("PySide6/Qt/lib/libQt6Network.so.6", {"QtCore", "QtNetwork"})


def test_a_link_goes_when_what_it_points_to_goes(cfg: ModuleType) -> None:
    used = {"QtCore", "QtGui", "QtWidgets"}

    assert not cfg.keep_entry(("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"), used)
    assert cfg.keep_entry(("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"), used)
    assert cfg.keep_entry(("PySide6/QtCore.abi3.so", "/somewhere/QtCore.abi3.so", "EXTENSION"), used)


def test_the_spec_bundles_the_resources_and_every_app_module() -> None:
    spec = (PACKAGING / "placement_journal.spec").read_text("utf-8")

    assert '(str(ROOT / "resources"), "resources")' in spec
    assert 'collect_submodules("journal_app")' in spec
    assert "BUNDLE(" in spec
    compile(spec, "placement_journal.spec", "exec")


# --- the portable zip ------------------------------------------------------------------------
@pytest.fixture
def fake_build(tmp_path: Path) -> Path:
    """A small stand-in for dist/PlacementJournal, including things that must not be shipped."""
    build = tmp_path / "dist" / "PlacementJournal"
    (build / "_internal" / "lib").mkdir(parents=True)
    program = build / "journal-app"
    program.write_bytes(b"#!/bin/sh\necho hello\n")
    program.chmod(0o755)
    (build / "_internal" / "lib" / "libreal.so.6").write_bytes(b"library bytes")
    if hasattr(os, "symlink") and sys.platform != "win32":
        os.symlink("lib/libreal.so.6", build / "_internal" / "libreal.so.6")
    (build / "PlacementJournalData" / "data").mkdir(parents=True)
    (build / "PlacementJournalData" / "data" / "journal.pjournal").write_bytes(b"someone's journal")
    (build / "portable.txt").write_text("old marker", "utf-8")
    return build


def test_portable_zip_holds_the_program_and_the_marker_but_no_journals(
    portable: ModuleType, fake_build: Path, tmp_path: Path
) -> None:
    target = portable.make_zip(fake_build, tmp_path / "portable.zip")

    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        marker = archive.read("PlacementJournal/portable.txt").decode("utf-8")
    assert "PlacementJournal/journal-app" in names
    assert "PlacementJournal/_internal/lib/libreal.so.6" in names
    assert not any("PlacementJournalData" in name for name in names)
    assert "nothing is written to this computer's user profile" in marker
    assert not (tmp_path / "portable.zip.part").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="file modes and links as on Linux and macOS")
def test_unzipped_portable_copy_runs_as_built(portable: ModuleType, fake_build: Path, tmp_path: Path) -> None:
    target = portable.make_zip(fake_build, tmp_path / "portable.zip")

    stick = portable.extract(target, tmp_path / "stick") / "PlacementJournal"

    assert os.access(stick / "journal-app", os.X_OK)
    assert (stick / "_internal" / "libreal.so.6").is_symlink()
    assert (stick / "_internal" / "libreal.so.6").read_bytes() == b"library bytes"
    assert (stick / "portable.txt").is_file()


def test_unzipping_refuses_paths_that_escape_the_folder(portable: ModuleType, tmp_path: Path) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../outside.txt", "x")

    with pytest.raises(OSError, match="outside"):
        portable.extract(evil, tmp_path / "stick")
    assert not (tmp_path / "outside.txt").exists()


def test_zipping_a_missing_build_says_so(portable: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build it first"):
        portable.make_zip(tmp_path / "nothing-here", tmp_path / "portable.zip")
    assert not (tmp_path / "portable.zip").exists()


# --- per-OS files -------------------------------------------------------------------------
def test_windows_installer_needs_no_admin_rights() -> None:
    iss = (PACKAGING / "windows" / "placement-journal.iss").read_text("utf-8")
    entries = [line.strip() for line in iss.splitlines() if not line.lstrip().startswith((";", "#"))]
    lines = {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in entries)
        if value and ":" not in key
    }

    assert lines["PrivilegesRequired"] == "lowest"
    assert lines["DefaultDirName"].startswith("{localappdata}\\Programs\\")
    assert "PrivilegesRequiredOverridesAllowed" not in lines  # no "install for everyone" escalation
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in iss
    assert not any("HKLM" in line or "HKA" in line for line in entries)  # no machine-wide registry
    assert "portable.txt" in iss  # a portable marker in the build is never installed


def test_windows_file_properties_name_the_product_and_version(cfg: ModuleType) -> None:
    text = cfg.windows_version_info("1.2.3")
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    namespace = {name: (lambda *args, _n=name, **kwargs: (_n, args, kwargs)) for name in names}

    info = eval(text, namespace)  # the same Python expression PyInstaller evaluates

    assert info[2]["ffi"][2]["filevers"] == (1, 2, 3, 0)
    strings = dict(s[1] for s in info[2]["kids"][0][1][0][0][1][1])
    assert strings["ProductName"] == "Placement Journal"
    assert strings["ProductVersion"] == "1.2.3"
    assert strings["OriginalFilename"] == "PlacementJournal.exe"


def test_macos_info_plist_is_valid_and_versioned(cfg: ModuleType) -> None:
    info = plistlib.loads(plistlib.dumps(cfg.macos_info_plist("0.4.1")))

    assert info["CFBundleShortVersionString"] == "0.4.1"
    assert info["CFBundleVersion"] == "0.4.1"
    assert info["NSHighResolutionCapable"] is True
    assert info["UTExportedTypeDeclarations"][0]["UTTypeTagSpecification"]["public.filename-extension"] == [
        "pjournal"
    ]


def test_linux_desktop_entry_starts_the_app_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "placement-journal.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]

    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Placement Journal"
    assert desktop["Exec"] == "journal-app %f"  # a double-clicked journal file opens in the app
    assert desktop["MimeType"] == "application/x-placement-journal;"
    assert desktop["Icon"] == "placement-journal"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    build_script = (PACKAGING / "build.py").read_text("utf-8")
    assert '"placement-journal.png"' in build_script and '"placement-journal.svg"' in build_script


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts for Linux")
def test_linux_scripts_are_executable_and_never_use_root() -> None:
    for name in ("install.sh", "uninstall.sh", "gui_smoke.sh"):
        script = PACKAGING / "linux" / name
        assert script.stat().st_mode & stat.S_IXUSR, name
        assert "sudo" not in script.read_text("utf-8").replace("no sudo", "")
    assert (PACKAGING / "ci_bundle_check.sh").stat().st_mode & stat.S_IXUSR


# --- the icon -------------------------------------------------------------------------------
def test_icon_renders_to_every_size_windows_asks_for(qapp: object, tmp_path: Path) -> None:
    icons = load("render_icons")

    ico = icons.write_ico(tmp_path / "app.ico").read_bytes()

    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sides = []
    for index in range(count):
        width, _h, _c, _r, _planes, _bits, size, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index: 22 + 16 * index]
        )
        assert ico[offset: offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(ico)
        sides.append(width or 256)
    assert sides == list(icons.ICO_SIZES)


def test_icon_is_opaque_in_the_middle_and_transparent_in_the_corners(qapp: object) -> None:
    icons = load("render_icons")

    image = icons.render(64)

    assert image.pixelColor(32, 32).alpha() == 255
    assert image.pixelColor(0, 0).alpha() == 0
