"""The command line. Every headless command goes through the same services as the GUI
and none of them imports Qt, so they start fast."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from .. import __version__
from ..errors import JournalError, one_line

# Each module defines register(subparsers); handlers import what they need lazily.
COMMAND_MODULES = (
    "vault_commands",      # init, verify, passwd, recover, restore
    "record_commands",     # import, export, search
    "reminder_commands",   # reminders
    "privacy_commands",    # erase, subject-export, retention, audit
    "pack_commands",       # verify-pack
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journal-app",
        description="Placement Journal: an encrypted reflective journal for work placements. "
        "With no command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true", help="open a copy of the demo journal in the app")
    parser.add_argument("--self-test", action="store_true", help="check this installation works, then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{name}":
                continue
            raise
        module.register(sub)
    return parser


def journal_to_open(argv: list[str], commands: set[str]) -> str | None:
    """``journal-app PATH.pjournal`` (what a double-click on a journal file runs): the path,
    else None. A command name or an option is never taken for a file."""
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] in commands:
        return None
    return argv[0]


def run(argv: list[str]) -> int:
    parser = build_parser()
    opening = journal_to_open(argv, _command_names(parser))
    args = parser.parse_args([] if opening else argv)
    try:
        if args.self_test:
            from ..selftest import self_test

            return self_test()
        if args.command is None:
            journal_path = _existing_journal(opening) if opening else None
            _check_screen()
            from ..ui.app import run_gui

            return run_gui(demo=args.demo, journal_path=journal_path)
        from .common import accept_older_if_asked

        accept_older_if_asked(args)
        return int(args.handler(args) or 0)
    except JournalError as error:
        print(f"journal-app: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("\njournal-app: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug, not the learner's fault: say so plainly
        if os.environ.get("JOURNAL_APP_DEBUG"):
            raise
        print(
            f"journal-app: something unexpected went wrong ({type(error).__name__}). "
            "Your journal was not changed. Run again with JOURNAL_APP_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 70


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _existing_journal(text: str) -> Path:
    from ..errors import JournalNotFound

    path = Path(text).expanduser()
    if not path.is_file():
        raise JournalNotFound(path)
    return path.resolve()


def _check_screen() -> None:
    """On Linux without X11 or Wayland, Qt would abort with a page of plugin errors."""
    import sys as _sys

    from ..errors import NoScreen

    if not _sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoScreen()
