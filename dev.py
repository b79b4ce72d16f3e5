#!/usr/bin/env python3
"""Set up and run Placement Journal from a source checkout, on any OS.

    python dev.py run     # create .venv if needed, install, start the app
    python dev.py test    # same set-up, then lint, type-check and run every test
    python dev.py demo    # start the app on a copy of the demo journal

Uses only the standard library, so it works with a bare Python 3.11+ (Windows:
``py dev.py run``). ``make run`` / ``make test`` do the same on Linux and macOS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Placement Journal needs Python 3.11 or newer.")
    if not PY.exists():
        print("Creating the virtual environment in .venv …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = ROOT / "pyproject.toml"
    if not STAMP.exists() or STAMP.stat().st_mtime < pyproject.stat().st_mtime:
        print("Installing Placement Journal and its dependencies …")
        subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([str(PY), "-m", "pip", "install", "--quiet", "-e", ".[test]"], cwd=ROOT)
        STAMP.touch()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    ensure_environment()
    if command == "run":
        return subprocess.call([str(PY), "-m", "journal_app", *argv[1:]], cwd=ROOT)
    if command == "demo":
        return subprocess.call([str(PY), "-m", "journal_app", "--demo"], cwd=ROOT)
    if command == "test":
        lint = subprocess.call([str(PY), "-m", "ruff", "check", "journal_app", "tests", "bench"], cwd=ROOT)
        types = subprocess.call([str(PY), "-m", "mypy"], cwd=ROOT)
        tests = subprocess.call([str(PY), "-m", "pytest", "-q", *argv[1:]], cwd=ROOT)
        return lint or types or tests
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
