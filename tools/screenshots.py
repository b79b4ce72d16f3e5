#!/usr/bin/env python3
"""Save a PNG of every screen, tab, first-run page and dialog, in light and dark, on a fresh
copy of the demo journal.

    python tools/screenshots.py [--out build/screenshots] [--scale 1.5] [--size 1366x768]
                                [--pages today,interactions,settings] [--schemes light]

--size is the screen: the window then opens as it would on that screen (fitted to it).

Runs under a virtual X display (xvfb-run) when there is no display, so it works on
a build server; falls back to Qt's offscreen platform if Xvfb isn't installed.
Settings and the demo copy go to a temporary folder: nothing of yours is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1280, 820)


def _needs_display() -> bool:
    return sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get(
        "WAYLAND_DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen"


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def _relaunch_under_xvfb(argv: list[str], screen: tuple[int, int] | None = None) -> int | None:
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    env = dict(os.environ, PJ_SCREENSHOTS_CHILD="1")
    width, height = screen or (1600, 1000)
    screen_arg = f"-screen 0 {width}x{height}x24"
    return subprocess.call([xvfb, "-a", "-s", screen_arg, sys.executable, __file__, *argv], env=env)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--scale", default="1", help="screen scale factor, e.g. 1.5 for 150%%")
    parser.add_argument("--size", type=_size, default=None,
                        help="screen size WxH, e.g. 1366x768 (default: a 1280x820 window)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--schemes", default="light,dark", help="light, dark or both")
    args = parser.parse_args(argv)
    if _needs_display() and not os.environ.get("PJ_SCREENSHOTS_CHILD"):
        code = _relaunch_under_xvfb(argv, args.size)
        if code is not None:
            return code
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    work = Path(tempfile.mkdtemp(prefix="pj-screens-"))
    os.environ["JOURNAL_APP_HOME"] = str(work / "home")
    try:
        pages = {p.strip() for p in args.pages.split(",") if p.strip()}
        schemes = tuple(s.strip() for s in args.schemes.split(",") if s.strip())
        return shoot(args.out, work, screen=args.size, pages=pages, schemes=schemes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# A record of the demo journal to open on a page, so its detail view is seen too.
DETAILS = {
    "customers": ("customer", "c-patel"),
    "evidence": ("evidence", "e-01"),
    "plans": ("objective", "o-01"),
    "promises": ("promise", "p-07"),
}


def shoot(out: Path, work: Path, screen: tuple[int, int] | None = None, pages: set[str] | None = None,
          schemes: tuple[str, ...] = ("light", "dark")) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QTabWidget

    from journal_app.journal.journal import Journal
    from journal_app.services.demo import DEMO_PASSPHRASE, create_demo_copy
    from journal_app.ui.app import make_application
    from journal_app.ui.context import AppContext
    from journal_app.ui.dialogs.search import SearchDialog
    from journal_app.ui.dialogs.unlock import UnlockWindow
    from journal_app.ui.main_window import PAGES, MainWindow
    from journal_app.ui.theme import apply_theme

    app = make_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    today = datetime.now().astimezone().date()
    demo = create_demo_copy(work, today)
    saved: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()

    suffix = f"-{screen[0]}x{screen[1]}" if screen else ""

    def grab(widget, name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    def grab_screen(name: str) -> None:
        """The whole screen, so a window running off its edge shows as cut off."""
        settle()
        path = out / f"{name}{suffix}-screen.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        saved.append(path)

    for scheme in schemes:
        apply_theme(app, scheme)
        unlock = UnlockWindow(demo, demo_passphrase=DEMO_PASSPHRASE)
        unlock.resize(560, 400)
        unlock.show()
        grab(unlock, f"{scheme}-00-unlock")
        unlock.close()

        shoot_wizard(work, scheme, grab)

        journal = Journal.open(demo, DEMO_PASSPHRASE)
        context = AppContext(journal)
        window = MainWindow(context)
        if screen is None:
            window.resize(*SIZE)
        window.show()
        for n, spec in enumerate(PAGES, start=1):
            if pages and spec.name not in pages:
                continue
            page = window.show_page(spec.name)
            grab(window, f"{scheme}-{n:02d}-{spec.name}")
            if screen is not None:
                grab_screen(f"{scheme}-{n:02d}-{spec.name}")
            for tabs in page.findChildren(QTabWidget):
                for index in range(1, tabs.count()):
                    tabs.setCurrentIndex(index)
                    grab(window, f"{scheme}-{n:02d}-{spec.name}-tab{index}-{_slug(tabs.tabText(index))}")
                tabs.setCurrentIndex(0)
            if spec.name == "insights":
                page.as_tables.setChecked(True)
                grab(window, f"{scheme}-{n:02d}-insights-tables")
                page.as_tables.setChecked(False)
            detail = DETAILS.get(spec.name)
            if detail is not None:
                window.open_record(*detail)
                grab(window, f"{scheme}-{n:02d}-{spec.name}-detail")
                if spec.name == "customers":
                    page = window.pages["customers"]
                    page.open_feedback(None)
                    page.feedback_dialog.comment.setPlainText("Van back on time and washed. Thank you!")
                    grab(page.feedback_dialog, f"{scheme}-{n:02d}-feedback-dialog")
                    page.feedback_dialog.reject()
            if spec.name == "interactions":
                window.new_interaction()
                form = window.pages["interactions"].editor.form
                form.kind.setCurrentIndex(form.kind.findData("complaint"))
                form.summary.setPlainText("Customer upset the car wasn't ready when promised.")
                grab(window, f"{scheme}-{n:02d}-interaction-editor")
                if screen is not None:
                    grab_screen(f"{scheme}-{n:02d}-interaction-editor")
                window.pages["interactions"].editor.drop_draft()
                window.pages["interactions"].editor.finished.emit("")
        if pages and "search" not in pages:
            window.lock()
            window.close()
            settle()
            continue
        search = SearchDialog(context, window)
        search.show()
        search.query.setText("Okafor")
        search.run_search()
        grab(search, f"{scheme}-11-search")
        search.close()
        shoot_dialogs(context, window, scheme, grab)
        window.lock()
        window.close()
        settle()
    QApplication.instance()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(saved)} screenshots written to {out}")
    return 0


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def shoot_wizard(work: Path, scheme: str, grab) -> None:
    """Every page of the first-run wizard; the journal it makes goes to the temporary folder."""
    from journal_app.ui.dialogs.first_run import CHECK_GROUP, FirstRunWizard

    wizard = FirstRunWizard()
    wizard.show()
    grab(wizard, f"{scheme}-00-first-run-1-welcome")
    wizard.next()
    wizard.location.path_edit.setText(str(work / f"wizard-{scheme}.pjournal"))
    grab(wizard, f"{scheme}-00-first-run-2-location")
    wizard.next()
    strong = "correct horse battery staple lantern"
    wizard.passphrase.fields.first.setText(strong)
    wizard.passphrase.fields.second.setText(strong)
    grab(wizard, f"{scheme}-00-first-run-3-passphrase")
    wizard.next()
    key = wizard.key_page.key_view.key()
    wizard.key_page.written.setChecked(True)
    wizard.key_page.check_edit.setText(key.split("-")[CHECK_GROUP - 1])
    grab(wizard, f"{scheme}-00-first-run-4-recovery-key")
    wizard.next()
    wizard.profile.name.setText("Sam Learner")
    grab(wizard, f"{scheme}-00-first-run-5-profile")
    wizard.next()
    grab(wizard, f"{scheme}-00-first-run-6-framework")
    wizard.close()
    if wizard.journal is not None:
        wizard.journal.close()


def shoot_dialogs(context, window, scheme: str, grab) -> None:
    """The dialogs a learner meets: export, promise outcome, retention, passphrase, recovery key."""
    from journal_app.journal.records import Promise
    from journal_app.ui.dialogs.export_dialog import ExportDialog
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog, RecoveryKeyDialog
    from journal_app.ui.dialogs.promise_outcome import PromiseOutcomeDialog
    from journal_app.ui.dialogs.retention_prompt import RetentionPrompt

    today = context.now().date()

    class Due:
        description = "Customer C: contact details anonymised"
        due = today

    promise = Promise(text="Ring back with the date the part arrives", due=today.isoformat())
    dialogs = {
        "export": lambda: ExportDialog(context, window),
        "promise-outcome": lambda: PromiseOutcomeDialog(promise, today, "renegotiated", window),
        "retention-prompt": lambda: RetentionPrompt([Due(), Due()], window),
        "change-passphrase": lambda: ChangePassphraseDialog(context.journal, parent=window),
        "recovery-key": lambda: RecoveryKeyDialog("ABCDE-FGHJK-MNPQR-STVWX-YZ234-56789", window),
    }
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        grab(dialog, f"{scheme}-12-dialog-{name}")
        dialog.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
