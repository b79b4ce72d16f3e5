"""Build the desktop app for this computer's OS into dist/ (``make package`` runs this).

    python packaging/build.py                  # one-folder build, then its self-test
    python packaging/build.py --portable-zip   # + dist/PlacementJournal-<version>-<os>-portable.zip
    python packaging/build.py --archive        # Linux: + a .tar.gz of the folder
    python packaging/build.py --installer      # Windows: + the per-user installer (needs Inno Setup)
    python packaging/build.py --dmg            # macOS: + a disk image of the .app

Every step says what it does; a failure stops the build with the reason and a
non-zero exit code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bundle_config as cfg  # noqa: E402  (beside this script; "packaging" is also a PyPI name)
import portable_zip  # noqa: E402

ROOT = cfg.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build"
ICONS = WORK / "icons"
SPEC = HERE / "placement_journal.spec"


class BuildError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Placement Journal for this OS into dist/.")
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch (no cache)")
    parser.add_argument("--portable-zip", action="store_true", help="also zip a portable copy (USB stick)")
    parser.add_argument("--archive", action="store_true", help="Linux: also make a .tar.gz of the build")
    parser.add_argument("--installer", action="store_true", help="Windows: also build the per-user installer")
    parser.add_argument("--dmg", action="store_true", help="macOS: also make a .dmg disk image")
    parser.add_argument("--no-check", action="store_true", help="skip running the built app's self-test")
    args = parser.parse_args(argv)
    try:
        build(args)
    except BuildError as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    return 0


def build(args: argparse.Namespace) -> None:
    version = cfg.read_version()
    started = time.perf_counter()
    print(f"Building {cfg.APP_NAME} {version} for {cfg.platform_tag()}")
    _require_pyinstaller()
    _step("Rendering icons", [sys.executable, str(HERE / "render_icons.py"), "--out", str(ICONS)])
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC),
    ]
    if args.clean:
        command.insert(3, "--clean")
    _step("Running PyInstaller", command, env={**os.environ, "PJ_ICON_DIR": str(ICONS)})
    folder = DIST / cfg.DIST_NAME
    if sys.platform.startswith("linux"):
        add_linux_desktop_files(folder)
    if not args.no_check:
        check_build(folder)
    extras: list[Path] = []
    if args.portable_zip:
        extras.append(_portable_zip(folder, version))
    if args.archive and sys.platform.startswith("linux"):
        extras.append(_tarball(folder, DIST / f"{cfg.DIST_NAME}-{version}-{cfg.platform_tag()}.tar.gz"))
    if args.installer and sys.platform == "win32":
        extras.append(_windows_installer(version))
    if args.dmg and sys.platform == "darwin":
        extras.append(_dmg(version))
    print(f"Built {folder.relative_to(ROOT)} ({folder_size(folder) / 2**20:.0f} MiB) "
          f"in {time.perf_counter() - started:.0f} s")
    for extra in extras:
        print(f"      {extra.relative_to(ROOT)} ({extra.stat().st_size / 2**20:.0f} MiB)")


def _require_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError(
            'PyInstaller is not installed. Run: python -m pip install -e ".[package]"'
        ) from None


def _step(what: str, command: list[str], env: dict[str, str] | None = None) -> None:
    print(f"-- {what}", flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise BuildError(f"{what} failed (exit code {result.returncode}); see the messages above.")


def add_linux_desktop_files(folder: Path) -> None:
    """The launcher entry, icons and per-user install scripts, beside the program."""
    print("-- Adding the Linux desktop entry, icons and install scripts", flush=True)
    share = folder / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "linux" / "placement-journal.desktop", share / "applications")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "linux" / "placement-journal.xml", share / "mime" / "packages")
    for size_dir, source, name in (
        ("256x256", ROOT / "resources" / "icons" / "app-256.png", "placement-journal.png"),
        ("512x512", ICONS / "app-512.png", "placement-journal.png"),
        ("scalable", ROOT / "resources" / "icons" / "app.svg", "placement-journal.svg"),
    ):
        target = share / "icons" / "hicolor" / size_dir / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(HERE / "linux" / script, folder / script)
        (folder / script).chmod(0o755)


def check_build(folder: Path) -> None:
    """Run the built program the way a learner's machine would: version, then the self-test."""
    program = cli_program(folder)
    if not program.is_file():
        raise BuildError(f"the build has no program at {program}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNAL_", "PYTHON"))}
    for flag in ("--version", "--self-test"):
        print(f"-- Checking: {program.name} {flag}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([str(program), flag], env=env, capture_output=True, text=True, timeout=300)
        seconds = time.perf_counter() - started
        print(result.stdout.rstrip())
        if result.returncode != 0:
            print(result.stderr.rstrip(), file=sys.stderr)
            raise BuildError(f"the built app failed '{flag}' (exit code {result.returncode}).")
        print(f"   ({seconds:.2f} s)")


def cli_program(folder: Path) -> Path:
    if sys.platform == "darwin":  # check the program inside the .app, as shipped
        return DIST / f"{cfg.APP_NAME}.app" / "Contents" / "MacOS" / cfg.CLI_NAME
    return folder / (f"{cfg.CLI_NAME}.exe" if sys.platform == "win32" else cfg.CLI_NAME)


def _portable_zip(folder: Path, version: str) -> Path:
    target = DIST / f"{cfg.DIST_NAME}-{version}-{cfg.platform_tag()}-portable.zip"
    if sys.platform != "darwin":
        return portable_zip.make_zip(folder, target)
    # On macOS the marker sits beside the .app, so zip a folder holding both.
    stage = WORK / "portable" / cfg.DIST_NAME
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    app = DIST / f"{cfg.APP_NAME}.app"
    shutil.copytree(app, stage / app.name, symlinks=True)
    return portable_zip.make_zip(stage, target)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _tarball(folder: Path, target: Path) -> Path:
    import tarfile

    print(f"-- Archiving {target.name}", flush=True)
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=folder.name)
    return target


def _windows_installer(version: str) -> Path:
    iscc = shutil.which("iscc") or shutil.which("ISCC") or _inno_default()
    if not iscc:
        raise BuildError("Inno Setup 6 is not installed (jrsoftware.org/isdl.php), so no installer was made.")
    _step("Building the per-user installer", [
        iscc, f"/DAppVersion={version}", f"/DSourceDir={DIST / cfg.DIST_NAME}",
        f"/DIconFile={ICONS / 'app.ico'}", f"/O{DIST}", str(HERE / "windows" / "placement-journal.iss"),
    ])
    return DIST / f"{cfg.DIST_NAME}-{version}-setup.exe"


def _inno_default() -> str | None:
    """Where Inno Setup 6 installs itself: for all users, or per user (no admin)."""
    places = [
        os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"),
        str(Path(os.environ["LOCALAPPDATA"]) / "Programs") if os.environ.get("LOCALAPPDATA") else None,
    ]
    for base in filter(None, places):
        candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return str(candidate)
    return None


def _dmg(version: str) -> Path:
    target = DIST / f"{cfg.DIST_NAME}-{version}-{cfg.platform_tag()}.dmg"
    target.unlink(missing_ok=True)
    _step("Making the disk image", [
        "hdiutil", "create", "-volname", cfg.APP_NAME, "-srcfolder", str(DIST / f"{cfg.APP_NAME}.app"),
        "-fs", "HFS+", "-format", "UDZO", "-ov", str(target),
    ])
    return target


if __name__ == "__main__":
    sys.exit(main())
