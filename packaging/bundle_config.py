"""What goes into the desktop build, decided in one place (read by the spec and build.py).

Kept free of PyInstaller imports so the choices can be checked by tests and
printed without building anything.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Placement Journal"
DIST_NAME = "PlacementJournal"  # the one-folder build: dist/PlacementJournal/
CLI_NAME = "journal-app"  # the program that prints (self-test, commands)
GUI_NAME = "PlacementJournal"  # Windows: the windowed program shortcuts start
BUNDLE_ID = "org.placementjournal.PlacementJournal"
PUBLISHER = "Placement Journal contributors"

# Qt modules the app always needs, whatever the source imports today:
# the widgets and the SVG renderer behind the app icon.
BASE_QT_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg"})

# Qt translation catalogues worth shipping: Qt's own dialog strings (buttons, file
# dialog). Designer, Assistant, multimedia, web engine etc. aren't part of the app.
KEPT_TRANSLATIONS = re.compile(r"^(qtbase|qt)_[a-z]{2,3}(_[A-Z]{2})?\.qm$")

# Python packages that are installed for development but never used by the app.
EXCLUDED_PACKAGES = (
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf", "ruff",
    "PyInstaller", "pip", "setuptools", "pkg_resources", "wheel", "IPython", "pydoc_data",
    "lib2to3", "unittest", "doctest", "test",
)

# Qt plugin folders the app uses: windowing, images and SVG icons, input methods,
# native styles/themes, printing (PDF export). Everything else (3D, sensors, SQL
# drivers, multimedia, TLS, embedded-device displays...) stays out.
KEPT_QT_PLUGIN_DIRS = frozenset({
    "platforms", "platformthemes", "platforminputcontexts", "imageformats", "iconengines",
    "styles", "xcbglintegrations", "generic", "printsupport",
    "wayland-decoration-client", "wayland-graphics-integration-client", "wayland-shell-integration",
})
# Plugins inside kept folders that would drag in QML/Quick or networking, or that only
# serve embedded devices with no desktop (framebuffer, VNC, KMS).
DROPPED_QT_PLUGINS = frozenset({
    "qtvirtualkeyboardplugin", "qtuiotouchplugin", "qvnc", "qeglfs", "qlinuxfb", "qminimalegl",
    "qvkkhrdisplay",
})
# Qt libraries that only those dropped plugins need; kept if the app itself imports them.
DROPPED_QT_LIBRARIES = ("Quick", "Qml", "VirtualKeyboard", "Network", "EglFS", "EglFs")

_QT_IMPORT = re.compile(r"\bPySide6\.(Qt[A-Za-z0-9]+)|from\s+PySide6\s+import\s+([^\n(]+|\([^)]*\))")


def read_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The version the build is stamped with: the single one in pyproject.toml."""
    with pyproject.open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """Four numbers for Windows file properties and macOS: '0.1.0rc1' -> (0, 1, 0, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def used_qt_modules(source: Path = ROOT / "journal_app") -> set[str]:
    """Every ``PySide6.QtX`` module the app's source imports, plus the base set.

    Reading the source (rather than a fixed list) means a page that starts using
    a new Qt module is bundled without anyone editing the spec.
    """
    found = set(BASE_QT_MODULES)
    for file in source.rglob("*.py"):
        for dotted, imported in _QT_IMPORT.findall(file.read_text("utf-8")):
            if dotted:
                found.add(dotted)
            for name in re.split(r"[\s,()]+", imported):
                if name.startswith("Qt"):
                    found.add(name)
    return found


def available_qt_modules() -> set[str]:
    """Qt modules installed with PySide6 here (QtCore.abi3.so, QtCore.pyd, ...)."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations)))
    names = (p.name for p in folder.iterdir() if p.suffix in {".so", ".pyd"})
    return {name.split(".")[0] for name in names if name.startswith("Qt")}


def excluded_modules(used: set[str], available: set[str]) -> list[str]:
    qt = sorted(f"PySide6.{name}" for name in available - used)
    return qt + list(EXCLUDED_PACKAGES)


def keep_data_file(dest: str) -> bool:
    """Filter for the build's data files: drop Qt translations the app doesn't need."""
    parts = Path(dest).parts
    if "translations" in parts and "PySide6" in parts:
        return bool(KEPT_TRANSLATIONS.match(parts[-1]))
    return True


def _plain_name(file_name: str) -> str:
    """'libqxcb.so' / 'qwindows.dll' / 'libQt6Quick.so.6' -> 'qxcb' / 'qwindows' / 'Qt6Quick'."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_binary(dest: str, used_qt: set[str] | frozenset[str] = BASE_QT_MODULES) -> bool:
    """Filter for the build's libraries: drop Qt plugins and libraries the app doesn't use."""
    parts = Path(dest).parts
    if "PySide6" not in parts:
        return True
    name = _plain_name(parts[-1])
    if "plugins" in parts:
        index = parts.index("plugins")
        if index + 1 < len(parts) - 1 and parts[index + 1] not in KEPT_QT_PLUGIN_DIRS:
            return False
        return name not in DROPPED_QT_PLUGINS
    frameworks = [p[: -len(".framework")] for p in parts if p.endswith(".framework")]  # macOS
    if frameworks:
        module = frameworks[0].removeprefix("Qt")
    else:
        module = name.removeprefix("Qt6") if name.startswith("Qt6") else ""
    for prefix in DROPPED_QT_LIBRARIES:
        if module.startswith(prefix) and not any(used.startswith(f"Qt{prefix}") for used in used_qt):
            return False
    return True


def keep_entry(entry: tuple[str, str, str], used_qt: set[str] | frozenset[str] = BASE_QT_MODULES) -> bool:
    """Filter for PyInstaller's (dest, source, kind) lists: a link goes when its target goes."""
    dest, source, kind = entry
    if kind == "SYMLINK":
        target = (Path(dest).parent / source).as_posix()
        return keep_binary(target, used_qt) and keep_data_file(target)
    return keep_binary(dest, used_qt) and keep_data_file(dest)


def platform_tag() -> str:
    import platform

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"{system}-{machine}"


def windows_version_info(version: str) -> str:
    """The text PyInstaller's ``version=`` takes: the file properties Windows shows."""
    numbers = numeric_version(version)
    fields = {
        "CompanyName": PUBLISHER,
        "FileDescription": APP_NAME,
        "FileVersion": version,
        "InternalName": DIST_NAME,
        "LegalCopyright": f"MIT licence, {PUBLISHER}",
        "OriginalFilename": f"{GUI_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    strings = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in fields.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
{strings}
    ])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def macos_info_plist(version: str) -> dict[str, object]:
    """Info.plist entries for the .app: names, version, Retina, the .pjournal document type."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": ".".join(str(n) for n in numeric_version(version)[:3]),
        "LSMinimumSystemVersion": "12.0",
        "LSApplicationCategoryType": "public.app-category.education",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "NSHumanReadableCopyright": f"MIT licence, {PUBLISHER}",
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "Placement Journal",
            "CFBundleTypeRole": "Editor",
            "LSHandlerRank": "Owner",
            "LSItemContentTypes": [f"{BUNDLE_ID}.journal"],
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": f"{BUNDLE_ID}.journal",
            "UTTypeDescription": "Placement Journal",
            "UTTypeConformsTo": ["public.data"],
            "UTTypeTagSpecification": {"public.filename-extension": ["pjournal"]},
        }],
    }
