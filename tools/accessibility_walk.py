#!/usr/bin/env python3
"""Walk the running app the way a screen reader does (AT-SPI), page by page, and count what a
blind keyboard user would trip over. Every number it prints should be zero.

    /usr/bin/python3 tools/accessibility_walk.py [--size 1366x768] [--scale 1] [--pages today,hours]
                                                 [--app-python .venv/bin/python] [--tabs 120]

It starts its own virtual screen (Xvfb), window manager (openbox, if installed), D-Bus session
bus and AT-SPI registry, opens a fresh copy of the demo journal in the app, unlocks it, and
then for the unlock window and each sidebar page:

- **unnamed**: controls that show and have neither a name nor a label (a screen reader says
  only "button" or "edit");
- **silent stops**: Tab presses after which focus lands somewhere that has no name (a scroll
  area, a bare container) or that AT-SPI does not report at all;
- **unreachable**: controls that take keyboard focus and show, but that Tab never reaches
  (radio buttons count as reached when one of their group is, as arrows move between them);
- **traps**: Tab never leaves the page's content back to the sidebar within the presses
  allowed, or keeps cycling inside one control;
- **filler windows**: top-level windows exposed with a role that says nothing ("filler",
  "panel") instead of a window, frame or dialog.

It exits 0 when all are zero, 1 when something was found, 2 when it could not run.

Needs (Debian/Ubuntu): xvfb at-spi2-core python3-pyatspi gir1.2-atspi-2.0 xdotool dbus-x11,
and openbox (recommended, so new windows get the keyboard). pyatspi comes from the system's
packages: run this script with the system interpreter, and point --app-python at the
interpreter that has the app's dependencies (default: the project's .venv, else python3).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Placement Journal"
PAGES = ("today", "interactions", "customers", "promises", "evidence", "plans", "hours", "insights",
         "privacy", "settings")
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text", "password text",
    "entry", "spin button", "slider", "list", "list box", "table", "tree", "tree table", "page tab list",
    "link", "date editor", "editbar", "scroll bar", "scroll pane", "tool bar",
}
# Parts of a control that Tab never visits on their own (arrows or the control itself move there).
NOT_TAB_STOPS = {"table cell", "list item", "menu item", "check menu item", "radio menu item", "tree item",
                 "page tab", "menu", "menu bar", "column header", "row header", "scroll bar",
                 "table column header"}
ITEM_ROLES = {"list item", "table cell", "tree item", "page tab", "menu item"}
CONTAINER_ROLES = {"filler", "panel", "scroll pane", "viewport", "unknown", "layered pane", "section",
                   "grouping", "frame", "window", "dialog", "page tab list", "split pane", "tool bar"}


# --- the session ------------------------------------------------------------------------------
def start_session(size: str) -> tuple[dict[str, str], list[subprocess.Popen]]:
    """Xvfb, a window manager, a session bus and the AT-SPI bus, in a fresh environment."""
    for tool in ("Xvfb", "dbus-launch", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (see the script's help)")
    places = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
    launcher = next((p for p in places if os.path.exists(p)), None)
    if launcher is None:
        raise SystemExit("at-spi-bus-launcher is not installed (package at-spi2-core)")
    display = next(n for n in range(90, 200) if not os.path.exists(f"/tmp/.X11-unix/X{n}"))
    env = dict(os.environ, DISPLAY=f":{display}")
    procs = [subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for _ in range(50):
        if os.path.exists(f"/tmp/.X11-unix/X{display}"):
            break
        time.sleep(0.1)
    out = subprocess.run(["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        if "=" in line and line.split("=", 1)[0] in ("DBUS_SESSION_BUS_ADDRESS", "DBUS_SESSION_BUS_PID"):
            key, value = line.rstrip(";").split("=", 1)
            env[key] = value.strip("'")
    if "DBUS_SESSION_BUS_PID" in env:
        procs.append(_Pid(int(env["DBUS_SESSION_BUS_PID"])))  # type: ignore[arg-type]
    if shutil.which("openbox"):
        procs.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    procs.append(subprocess.Popen([launcher, "--launch-immediately"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    time.sleep(1.0)
    env.update(QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1",
               NO_AT_BRIDGE="0", GTK_MODULES="")
    return env, procs


class _Pid:
    """A process we did not start with Popen (the session bus), stopped the same way."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def terminate(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGTERM)

    def wait(self, timeout: float | None = None) -> None:
        pass


def stop(procs: list) -> None:
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.wait(timeout=5)


# --- reading the tree ----------------------------------------------------------------------------
def _safe(call, default=None):
    try:
        return call()
    except Exception:
        return default


class Tree:
    def __init__(self, pyatspi) -> None:
        self.at = pyatspi

    def app(self, timeout: float = 30.0):
        end = time.time() + timeout
        while time.time() < end:
            desktop = self.at.Registry.getDesktop(0)
            for app in self.children(desktop, cap=500):
                if app is not None and _safe(lambda app=app: app.name) == APP_NAME:
                    return app
            time.sleep(0.5)
        return None

    def states(self, node) -> set[str]:
        return _safe(lambda: {self.at.stateToString(s) for s in node.getState().getStates()}, set())

    def role(self, node) -> str:
        return _safe(lambda: node.getRoleName(), "?")

    def name(self, node) -> str:
        return _safe(lambda: node.name or "", "")

    def labelled(self, node) -> bool:
        def check() -> bool:
            return any(r.getRelationType() == self.at.RELATION_LABELLED_BY for r in node.getRelationSet())
        return bool(_safe(check, False))

    def extents(self, node) -> tuple[int, int, int, int]:
        e = _safe(lambda: node.queryComponent().getExtents(self.at.DESKTOP_COORDS))
        return (e.x, e.y, e.width, e.height) if e is not None else (0, 0, 0, 0)

    def key(self, node, path: str) -> str:
        """Role, name and place in the tree: stable while a focus ring changes the size."""
        return f"{self.role(node)}|{self.name(node)[:50]}|{path}"

    def children(self, node, cap: int = 60) -> list:
        count = _safe(lambda: node.childCount, 0)
        if self.role(node) in ("table", "tree table", "tree", "list", "list box"):
            count = min(count, cap)
        kids = (_safe(lambda i=i: node.getChildAtIndex(i)) for i in range(count))
        return [c for c in kids if c is not None]

    def showing(self, root) -> list[tuple[object, str, set[str]]]:
        """(node, path, states) of every node that shows, depth first (long tables are sampled)."""
        found: list[tuple[object, str, set[str]]] = []
        stack = [(root, "0")]
        while stack and len(found) < 6000:
            node, path = stack.pop()
            states = self.states(node)
            if node is not root and "showing" not in states:
                continue
            found.append((node, path, states))
            kids = self.children(node)
            stack.extend(reversed([(kid, f"{path}.{n}") for n, kid in enumerate(kids)]))
        return found

    def parent_role(self, node) -> str:
        return _safe(lambda: self.role(node.parent), "")

    def focused(self, root) -> tuple[object, str] | tuple[None, str]:
        """The control a screen reader announces: of the nodes reporting focus on one branch (a
        text box and its viewport, a view and its current item, a field and its focus proxy),
        the outermost one with a name, else the innermost. An item only counts when its view
        has the focus too."""
        nodes = [(n, p) for n, p, states in self.showing(root) if "focused" in states]
        paths = {p for _n, p in nodes}
        chain = []
        for node, path in nodes:
            if self.role(node) in ITEM_ROLES:
                parents = {path.rsplit(".", k)[0] for k in range(1, 4) if path.count(".") >= k}
                if not parents & paths:
                    continue
            chain.append((node, path))
        if not chain:
            return (None, "")
        innermost = chain[-1]
        branch = [(n, p) for n, p in chain if innermost[1] == p or innermost[1].startswith(p + ".")]
        named = [(n, p) for n, p in branch if self.name(n).strip() or self.labelled(n)]
        return named[0] if named else innermost


# --- the checks ----------------------------------------------------------------------------------
def press(env: dict[str, str], *keys: str) -> None:
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], env=env, check=False)
    time.sleep(0.25)


def active_window(tree: Tree, app, title: str = "", wait: float = 10.0):
    """The window with the keyboard (or, on a busy machine where the state lags, the one whose
    title is ``title``)."""
    end = time.time() + wait
    while True:
        windows = tree.children(app)
        active = [w for w in windows if "active" in tree.states(w)]
        if active:
            return active[0]
        named = [w for w in windows if title and tree.name(w) == title]
        if named:
            return named[0]
        if time.time() > end:
            return None
        time.sleep(0.3)


def check_view(tree: Tree, env: dict[str, str], window, label: str, tabs: int, home: str | None) -> dict:
    """Count what is wrong in ``window``: Tab from where the focus is until it comes back there
    (or to the control named ``home``, the sidebar), at most ``tabs`` times."""
    nodes = tree.showing(window)
    controls = [(n, p) for n, p, _s in nodes if tree.role(n) in CONTROL_ROLES]
    unnamed = [f"{tree.key(n, p)} in {tree.parent_role(n)} {_safe(lambda n=n: tree.name(n.parent), '')!r}"
               for n, p in controls
               if not tree.name(n).strip() and not tree.labelled(n) and tree.role(n) not in ("scroll bar",
                                                                                            "scroll pane")]
    focusable = [(n, p) for n, p, states in nodes
                 if {"focusable", "enabled", "visible", "showing"} <= states
                 and tree.role(n) not in NOT_TAB_STOPS and tree.role(n) not in ("label", "static", "heading")
                 and tree.role(n) not in CONTAINER_ROLES - {"scroll pane"}
                 and tree.parent_role(n) not in ("combo box", "spin button", "page tab list")]
    wanted = {tree.key(n, p): (n, p) for n, p in focusable}
    radio_groups: dict[str, set[str]] = {}
    for key, (node, path) in wanted.items():
        if tree.role(node) == "radio button":
            radio_groups.setdefault(path.rsplit(".", 1)[0], set()).add(key)

    reached: list[str] = []
    silent: list[str] = []
    first, first_path = tree.focused(window)
    first_key = tree.key(first, first_path) if first is not None else ""
    left = False
    for n in range(1, tabs + 1):
        press(env, "Tab")
        node, path = tree.focused(window)
        if node is None:
            silent.append(f"Tab {n}: no control reported focus")
            continue
        key = tree.key(node, path)
        reached.append(key)
        if not tree.name(node).strip() and not tree.labelled(node):
            parent = _safe(lambda node=node: tree.name(node.parent), "")
            silent.append(f"Tab {n}: {key} in {tree.parent_role(node)} {parent!r}")
        if n > 1 and (key == first_key or (home and tree.name(node) == home)):
            left = True
            break
    got = set(reached)
    for group in radio_groups.values():
        if group & got:
            got |= group
    paths = {key.rsplit("|", 1)[1] for key in reached}

    def reached_inside(path: str) -> bool:
        # a table is reached when one of its cells has focus; a field inside a composite (a date
        # field and its text box) when the composite announced the focus for it
        return any(p == path or p.startswith(path + ".") or path.startswith(p + ".") for p in paths)

    unreachable = sorted(k for k, (_n, p) in wanted.items() if k not in got and not reached_inside(p))
    traps = [] if left else [f"{label}: {tabs} Tabs never came back round (last: {reached[-3:]})"]
    return dict(view=label, controls=len(controls), unnamed=unnamed, silent=silent, unreachable=unreachable,
                traps=traps, tab_stops=len(set(reached)), sequence=[first_key, *reached])


def unlock_button(tree: Tree, window) -> None:
    """Press Unlock the way a screen reader's "activate" does (its default action)."""
    for node, _path, _states in tree.showing(window):
        if tree.role(node) == "push button" and tree.name(node) == "Unlock":
            action = _safe(lambda node=node: node.queryAction())
            if action is not None and _safe(lambda action=action: action.doAction(0)) is not None:
                return
    raise SystemExit("no Unlock button in the unlock window")


def window_roles(tree: Tree, app) -> list[str]:
    bad = []
    for window in tree.children(app):
        role = tree.role(window)
        if role not in ("frame", "window", "dialog", "alert", "file chooser"):
            bad.append(f"{tree.name(window) or '(no name)'}: {role}")
    return bad


def walk(args: argparse.Namespace) -> int:
    try:
        import pyatspi  # type: ignore[import-not-found]
    except ImportError:
        print("pyatspi is not installed: run this with the system python3 after installing python3-pyatspi",
              file=sys.stderr)
        return 2
    env, procs = start_session(args.size)
    home = Path(tempfile.mkdtemp(prefix="pj-a11y-"))
    app_env = dict(env, JOURNAL_APP_HOME=str(home / "app"), HOME=str(home), QT_SCALE_FACTOR=str(args.scale))
    app_proc = subprocess.Popen([args.app_python, "-m", "journal_app", "--demo"], cwd=ROOT, env=app_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    procs.append(app_proc)
    os.environ.update(env)
    results: list[dict] = []
    try:
        tree = Tree(pyatspi)
        app = tree.app()
        if app is None:
            print("the app never appeared on the accessibility bus", file=sys.stderr)
            return 2
        time.sleep(1.5)
        unlock = active_window(tree, app) or tree.children(app)[0]
        fillers = window_roles(tree, app)
        results.append(check_view(tree, env, unlock, "unlock", min(args.tabs, 30), None))
        unlock_button(tree, unlock)  # the demo's passphrase is filled in
        for _ in range(60):
            main = active_window(tree, app, APP_NAME, wait=0.5)
            if main is not None and tree.name(main).startswith(APP_NAME):
                break
            time.sleep(0.5)
        else:
            print("the main window never opened", file=sys.stderr)
            return 2
        time.sleep(1.0)
        fillers += window_roles(tree, app)
        wanted = [p for p in PAGES if not args.pages or p in args.pages]
        for page in wanted:
            index = PAGES.index(page)
            if index < 9:
                press(env, f"ctrl+{index + 1}")
            else:
                press(env, "alt+g")
                press(env, "Up")  # the menu wraps round to its last entry
                press(env, "Return")
            time.sleep(1.0)
            main = active_window(tree, app, APP_NAME)
            if main is None:
                results.append(dict(view=page, controls=0, unnamed=[], silent=[], unreachable=[],
                                    traps=[f"{page}: no active window"], tab_stops=0))
                continue
            results.append(check_view(tree, env, main, page, args.tabs, "Sections"))
        fillers = sorted(set(fillers))
    finally:
        app_proc.terminate()
        try:
            app_proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app_proc.kill()
        stop([p for p in procs if p is not app_proc])
        shutil.rmtree(home, ignore_errors=True)

    totals = dict(views=len(results), controls=sum(r["controls"] for r in results),
                  unnamed=sum(len(r["unnamed"]) for r in results),
                  silent_stops=sum(len(r["silent"]) for r in results),
                  unreachable=sum(len(r["unreachable"]) for r in results),
                  traps=sum(len(r["traps"]) for r in results), filler_windows=len(fillers))
    for r in results:
        print(f"{r['view']:>13}: {r['controls']:3d} controls, {r['tab_stops']:3d} Tab stops, "
              f"{len(r['unnamed'])} unnamed, {len(r['silent'])} silent stops, "
              f"{len(r['unreachable'])} unreachable, "
              f"{len(r['traps'])} traps")
        for kind in ("unnamed", "silent", "unreachable", "traps"):
            for item in r[kind]:
                print(f"    {kind.upper():11} {item}")
    for item in fillers:
        print(f"    FILLER      window {item}")
    print(json.dumps(totals))
    if args.json:
        args.json.write_text(json.dumps(dict(totals=totals, views=results, fillers=fillers), indent=1))
    problems = sum(totals[k] for k in ("unnamed", "silent_stops", "unreachable", "traps", "filler_windows"))
    return 0 if problems == 0 else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1366x768", help="screen size, e.g. 1024x768")
    parser.add_argument("--scale", default="1", help="screen scale factor, e.g. 1.5")
    parser.add_argument("--pages", type=lambda text: [p.strip() for p in text.split(",") if p.strip()],
                        default=[], help="comma-separated page names (default: every page)")
    venv = ROOT / ".venv" / "bin" / "python"
    parser.add_argument("--app-python", default=str(venv) if venv.exists() else "python3",
                        help="the interpreter that runs the app (has PySide6 and the app's dependencies)")
    parser.add_argument("--tabs", type=int, default=120, help="most Tab presses per page")
    parser.add_argument("--json", type=Path, default=None, help="also write every finding to this file")
    return walk(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
