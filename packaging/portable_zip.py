"""Zip a one-folder build as a portable copy: unzip anywhere (a USB stick), double-click, done.

    python packaging/portable_zip.py dist/PlacementJournal dist/PlacementJournal-portable.zip
    python packaging/portable_zip.py --extract dist/PlacementJournal-portable.zip /media/stick

The zip holds the build folder plus the ``portable.txt`` marker, so the app keeps
its journals and settings in ``PlacementJournalData`` beside itself and writes
nothing to the computer's user profile or registry. Any data folder already in
the build folder is left out: a portable zip never carries someone's journals.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import zipfile
from pathlib import Path

MARKER = "portable.txt"
DATA_FOLDER = "PlacementJournalData"
MARKER_TEXT = (
    "This file makes Placement Journal portable.\n"
    "While it sits beside the program, your journals and settings are kept in the\n"
    f"{DATA_FOLDER} folder next to it, and nothing is written to this computer's user profile.\n"
    "Delete this file to use the normal per-user folders instead.\n"
    "Keep the USB stick safe: your journal is encrypted, but a lost stick is still a lost journal.\n"
)


def make_zip(folder: Path, target: Path) -> Path:
    """Write ``target``: ``folder``'s files under its own name, plus the portable marker."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no build at {folder}; build it first.")
    print(f"-- Zipping portable copy {target.name}", flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(_program_files(folder)):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            if path.is_symlink():
                # Stored as links (unzip and Finder restore them), as a macOS .app needs.
                link = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                link.create_system = 3  # Unix, so the mode bits below are honoured
                link.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(link, os.readlink(path))
                continue
            info = zipfile.ZipInfo.from_file(path, name)
            # Keep the executable bit so the program runs straight after unzipping on Linux/macOS.
            info.external_attr = (stat.S_IMODE(path.stat().st_mode) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(info, "w") as sink:
                while chunk := source.read(1 << 20):
                    sink.write(chunk)
        archive.writestr(f"{folder.name}/{MARKER}", MARKER_TEXT)
    os.replace(partial, target)
    return target


def _program_files(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        # Never ship a learner's data, or an old marker (the zip adds its own).
        dirs[:] = [d for d in dirs if not (Path(root) == folder and d == DATA_FOLDER)]
        # os.walk lists links to folders among dirs without entering them: keep them as links.
        files += [Path(root) / d for d in dirs if (Path(root) / d).is_symlink()]
        for name in names:
            if Path(root) == folder and name == MARKER:
                continue
            files.append(Path(root) / name)
    return files


def extract(zip_path: Path, target: Path) -> Path:
    """Unzip as ``unzip``, Finder and file managers do: links stay links, programs stay runnable.

    (Python's own extractor writes links as small text files and drops the executable bit.)
    """
    target = Path(target)
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            destination = (target / info.filename).resolve()
            if target.resolve() not in destination.parents:
                raise OSError(f"{info.filename} would unpack outside {target}")
            mode = info.external_attr >> 16
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode):
                os.symlink(archive.read(info).decode("utf-8"), destination)
                continue
            with archive.open(info) as source, destination.open("wb") as sink:
                while chunk := source.read(1 << 20):
                    sink.write(chunk)
            if mode & 0o777:
                destination.chmod(mode & 0o777)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Zip a one-folder build as a portable copy, or unpack one.")
    parser.add_argument("source", type=Path, help="the one-folder build (or, with --extract, the zip)")
    parser.add_argument("target", type=Path, help="the zip file to write (or, with --extract, a folder)")
    parser.add_argument("--extract", action="store_true", help="unpack a portable zip instead")
    args = parser.parse_args(argv)
    try:
        if args.extract:
            extract(args.source, args.target)
        else:
            make_zip(args.source, args.target)
    except (OSError, zipfile.BadZipFile) as error:
        print(f"portable_zip: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
