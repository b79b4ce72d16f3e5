"""A corpus of hostile interchange files run through ``journal-app import``.

Every case is a mutation of the format's own example (tests/unit/interchange_support.py):
wrong types for every value, lone surrogates, null characters, terminal escape codes and
huge strings in every text value, timestamps and dates in forms Python reads but the app
can't use, numbers too big to hold, missing required keys, broken JSON, and evidence paths
that lead to links, pipes, folders and devices. For each one the command must:

- exit with a documented code (0 or 14 here), never 70;
- if it refuses, print exactly one plain line on standard error (no traceback, no control
  characters, not megabytes long) naming the JSON path of the problem;
- leave the journal file and its attachments byte for byte as they were;
- leave a journal that ``journal-app verify`` passes (checked on a sample, to stay fast).

The command runs in-process (``journal_app.cli.run``) against one journal shared by the
whole module; a handful of cases also run as a real process.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from journal_app.cli import run
from journal_app.journal.attachments import MAX_ATTACHMENT_BYTES
from journal_app.journal.journal import Journal
from journal_app.vault import keys

from ..conftest import PASSPHRASE
from ..unit.interchange_support import TESTIMONY, spec_example

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_EXITS = {0, 14}
VERIFY_EVERY = 40  # run `verify` after every 40th case (and the last one)
ANSI = "\x1b[31mERROR\x1b[0m\x1b[2J"
HUGE = "x" * 200_001  # over every text limit (the longest is 100,000)

Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    name: str
    content: Callable[[], bytes]  # the JSON file as written
    path: str | None  # the JSON path the refusal must name; "" for the file as a whole
    refused: bool = True  # False: accepting it is fine too (it must still be clean)


# --- building documents ----------------------------------------------------------------------
def _json_path(pointer: Pointer) -> str:
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _nodes(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    if pointer:
        yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*pointer, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nodes(item, (*pointer, i))


def _with(pointer: Pointer, value: Any) -> Callable[[], bytes]:
    def content() -> bytes:
        doc: Any = spec_example()
        target = doc
        for part in pointer[:-1]:
            target = target[part]
        target[pointer[-1]] = copy.deepcopy(value)
        return json.dumps(doc).encode("utf-8")  # ASCII escapes: "\ud800" stays a lone surrogate
    return content


def _without(pointer: Pointer) -> Callable[[], bytes]:
    def content() -> bytes:
        doc: Any = spec_example()
        target = doc
        for part in pointer[:-1]:
            target = target[part]
        del target[pointer[-1]]
        return json.dumps(doc).encode("utf-8")
    return content


def _replaced(old: str, new: str) -> Callable[[], bytes]:
    def content() -> bytes:
        text = json.dumps(spec_example())
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")
    return content


def _raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _file_path(relative: str) -> Callable[[], bytes]:
    return _with(("evidence", 0, "file"), {"name": "testimony.pdf", "media_type": "application/pdf",
                                           "path": relative})


# --- the corpus -------------------------------------------------------------------------------------
WRONG_TYPES: dict[type, tuple[Any, Any]] = {
    str: (5, {"a": 1}), int: ("5", [5]), float: ("3.8", {}), bool: ("true", [True]),
    type(None): (5, [{}]), list: ("x", {"0": 1}), dict: ("x", [1]),
}
ECHOED = {"kind", "channel", "segment", "source", "dimension", "status", "action", "category", "format",
          "at", "due", "date", "start", "end"}  # values a refusal repeats
TIMESTAMPS = [
    "2026-W40-1T09:30Z", "20261001T093000Z", "2026-10-01T09:30Z", "2026-10-01 09:30:00+01:00",
    "2026-10-01T09:30:00", "2026-10-01T09:30:00+0100", "2026-274T09:30:00Z", "2026-10-01T25:00:00Z",
    "2026-10-01T09:30:00,5Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "2026-10-01",
]
DATES = ["2026-W40-1", "20261001", "2026-02-30", "0001-01-01", "9999-12-31", "2026-10-01T00:00:00Z"]
TIMESTAMP_FIELDS = [("exported_at",), ("interactions", 0, "at"), ("feedback", 0, "at"),
                    ("promises", 0, "closed_at")]
DATE_FIELDS = [("learner", "start"), ("learner", "end"), ("promises", 0, "due"), ("evidence", 0, "at"),
               ("objectives", 0, "due"), ("objectives", 0, "review"), ("reviews", 0, "at"),
               ("hours", 0, "date")]
REQUIRED = [
    ("format",), ("version",), ("frameworks", 0, "id"), ("frameworks", 0, "title"),
    ("frameworks", 0, "criteria"), ("frameworks", 0, "criteria", 0, "code"),
    ("frameworks", 0, "criteria", 0, "text"), ("customers", 0, "id"), ("customers", 0, "name"),
    ("interactions", 0, "id"), ("interactions", 0, "at"), ("promises", 0, "id"), ("promises", 0, "text"),
    ("promises", 0, "due"), ("feedback", 0, "id"), ("feedback", 0, "at"), ("evidence", 0, "id"),
    ("objectives", 0, "id"), ("reviews", 0, "id"), ("reviews", 0, "objective"), ("reviews", 0, "at"),
    ("hours", 0, "id"), ("hours", 0, "date"), ("retention", 0, "category"),
]


def _value_cases() -> list[Case]:
    cases: list[Case] = []
    example = spec_example()
    for n, (pointer, value) in enumerate(_nodes(example)):
        where = _json_path(pointer)
        wrong = WRONG_TYPES[type(value)][n % 2]
        cases.append(Case(f"type {where} = {type(wrong).__name__}", _with(pointer, wrong), where))
        if isinstance(value, str):
            cases.append(Case(f"surrogate {where}", _with(pointer, value + "\ud800"), where))
            cases.append(Case(f"null {where}", _with(pointer, value + "\x00"), where))
            if pointer[-1] in ECHOED or n % 3 == 1:  # an accepted import saves: keep those few
                cases.append(Case(f"ansi {where}", _with(pointer, ANSI + value), None, refused=False))
            if n % 3 == 0 or pointer[-1] in ("id", "name", "kind", "at", "path"):
                cases.append(Case(f"huge {where}", _with(pointer, value + HUGE), where))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            text = json.dumps(value)
            anchor = f'"{pointer[-1]}": {text}'
            for big in ("9" * 5000, "-" + "1" * 20, "1e400"):
                cases.append(Case(f"number {where} = {big[:8]}", _replaced(anchor, f'"{pointer[-1]}": {big}'),
                                  where))
    for pointer in TIMESTAMP_FIELDS:
        for value in TIMESTAMPS:
            where = _json_path(pointer)
            cases.append(Case(f"time {where} = {value}", _with(pointer, value), where))
    for pointer in DATE_FIELDS:
        for value in DATES:
            where = _json_path(pointer)
            cases.append(Case(f"date {where} = {value}", _with(pointer, value), where))
    for pointer in REQUIRED:
        cases.append(Case(f"missing {_json_path(pointer)}", _without(pointer), _json_path(pointer)))
    return cases


def _other_cases() -> list[Case]:
    ten_mb = "\x1b[31m" + "y" * 10_000_000
    return [
        Case("10 MB enumeration value", _with(("customers", 0, "kind"), ten_mb), "customers[0].kind"),
        Case("10 MB unknown top-level key", _with((ten_mb[:5000] + "\n",), 1), None, refused=False),
        Case("surrogate in an unknown key's name", _replaced('"notes": ""', '"notes": "", "\\udc00": 1'),
             'customers[0]["\\udc00"]'),
        Case("null in an unknown key's name", _replaced('"notes": ""', '"notes": "", "a\\u0000": 1'),
             'customers[0]["a\\x00"]'),
        Case("surrogate in an unknown key", _with(("learner", "nickname"), "\udbff"), "learner.nickname"),
        Case("huge int in an unknown key", _replaced('"notes": ""', '"notes": "", "n": ' + "7" * 4301),
             "customers[0].n"),
        Case("64-bit overflow in an unknown key",
             _replaced('"notes": ""', '"notes": "", "n": 9223372036854775808'), "customers[0].n"),
        Case("infinity in an unknown key", _replaced('"notes": ""', '"notes": "", "n": -1e309'),
             "customers[0].n"),
        Case("nested too deeply", _with(("learner", "deep"), json.loads("[" * 80 + "]" * 80)),
             "learner.deep" + "[0]" * 62),
        Case("version 1.0", _with(("version",), 1.0), "version"),
        Case("version '1.0'", _with(("version",), "1.0"), "version"),
        Case("version true", _with(("version",), True), "version"),
        Case("empty criteria", _with(("frameworks", 0, "criteria"), []), "frameworks[0].criteria"),
        Case("dangling reference", _with(("promises", 0, "customer"), "c9"), "promises[0].customer"),
        Case("duplicate id", _replaced('"notes": ""}', '"notes": ""}, {"id": "c1", "name": "Again"}'),
             "customers[1].id"),
        Case("not JSON", _raw(b'{"format": "placement-journal",'), ""),
        Case("not UTF-8", _raw(b'{"format": "placement-journal\xff"}'), ""),
        Case("a list, not an object", _raw(b"[1, 2, 3]"), ""),
        Case("NaN", _raw(b'{"format": "placement-journal", "version": 1, "learner": {"x": NaN}}'), ""),
        Case("empty file", _raw(b""), ""),
        Case("nested beyond the parser", _raw(b"[" * 100_000 + b"]" * 100_000), ""),
        Case("huge bare number", _raw(b"9" * 10_000), ""),
        Case("ANSI in a format name", _with(("format",), ANSI + "\n"), "format"),
    ]


def _path_cases() -> list[Case]:
    where = "evidence[0].file.path"
    names = [
        "/etc/passwd", "../testimony.pdf", "files/../../testimony.pdf", "C:\\Windows\\win.ini", "",
        "   ", "test\x00imony.pdf", "\ud800.pdf", "x" * 600, "missing.pdf", "link-environ", "link-zero",
        "link-outside", "link-loop", "pipe", "folder", "big.pdf", "link-dev-null", "socket",
    ]
    cases = [Case(f"path {name[:30]!r}", _file_path(name), where) for name in names]
    cases.append(Case("path to a regular file", _file_path("testimony.pdf"), None, refused=False))
    cases.append(Case("path through a link inside the folder", _file_path("link-inside"), None,
                      refused=False))
    return cases


CASES = _value_cases() + _other_cases() + _path_cases()


# --- running ----------------------------------------------------------------------------------------
_KEYS: dict[tuple[str, bytes, Any], bytes] = {}
_derive = keys.derive_passphrase_key


def _remembered_key(passphrase: str, salt: bytes, kdf: Any) -> bytes:
    """The same key, worked out once per salt: the corpus opens one journal hundreds of times."""
    if (passphrase, salt, kdf) not in _KEYS:
        _KEYS[(passphrase, salt, kdf)] = _derive(passphrase, salt, kdf)
    return _KEYS[(passphrase, salt, kdf)]


@pytest.fixture(autouse=True)
def _fast_unlock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "derive_passphrase_key", _remembered_key)
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)


def _make_folder(folder: Path, outside: Path) -> None:
    """The files evidence paths can name: a real one, links, a pipe, a folder, a huge one.
    Where the system can't make one (links or pipes on Windows), its case names a missing
    file instead, which must be refused just the same."""
    folder.mkdir()
    (folder / "testimony.pdf").write_bytes(TESTIMONY)
    (folder / "files").mkdir()
    (folder / "files" / "real.pdf").write_bytes(TESTIMONY)
    (outside / "secret.txt").write_text("not for the journal", "utf-8")
    (folder / "folder").mkdir()
    with open(folder / "big.pdf", "wb") as big:
        big.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: takes no disk space
    links = {"link-inside": folder / "files" / "real.pdf", "link-outside": outside / "secret.txt",
             "link-environ": Path("/proc/self/environ"), "link-zero": Path("/dev/zero"),
             "link-dev-null": Path("/dev/null"), "link-loop": folder / "link-loop"}
    for name, target in links.items():
        with contextlib.suppress(OSError, NotImplementedError):
            (folder / name).symlink_to(target)
    with contextlib.suppress(OSError, AttributeError):
        os.mkfifo(folder / "pipe")
    with contextlib.suppress(OSError, AttributeError):
        import socket

        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(str(folder / "socket"))  # may fail: the path is too long for a socket
        finally:
            server.close()


@dataclass
class Setup:
    journal: Path
    folder: Path
    source: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    base = tmp_path_factory.mktemp("hostile")
    home = tmp_path_factory.mktemp("hostile-home")
    folder = base / "files-for-import"
    _make_folder(folder, base)
    path = base / "journal.pjournal"
    saved = os.environ.get("JOURNAL_APP_HOME")
    os.environ["JOURNAL_APP_HOME"] = str(home)
    try:
        Journal.create(path, PASSPHRASE, lock=False)[0].close()
        source = folder / "import.json"
        source.write_text(json.dumps(spec_example()), "utf-8")
        os.environ["JOURNAL_PASSPHRASE"] = PASSPHRASE
        assert run(["import", str(path), str(source)]) == 0  # a journal with records to protect
    finally:
        os.environ.pop("JOURNAL_PASSPHRASE", None)
        if saved is None:
            os.environ.pop("JOURNAL_APP_HOME", None)
        else:
            os.environ["JOURNAL_APP_HOME"] = saved
    return Setup(path, folder, source)


def _snapshot(journal: Path) -> dict[str, str]:
    folder = journal.with_name(journal.name + ".attachments")
    files = [journal, *sorted(folder.glob("*"))] if folder.is_dir() else [journal]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _plain(line: str) -> bool:
    return all(char.isprintable() for char in line)


@pytest.mark.parametrize("case", CASES, ids=[c.name[:70] for c in CASES])
def test_a_hostile_file_is_refused_cleanly(
    setup: Setup, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    setup.source.write_bytes(case.content())
    before = _snapshot(setup.journal)
    capsys.readouterr()
    code = run(["import", str(setup.journal), str(setup.source)])
    out, err = capsys.readouterr()
    assert code in DOCUMENTED_EXITS, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert all(_plain(line) and len(line) < 2_500 for line in lines), err[:500]
    assert all(line.startswith("journal-app: ") for line in lines), err[:500]
    if code == 0:
        assert not case.refused, f"accepted: {out.strip()}"
    else:
        assert len(lines) == 1, err[:500]
        assert lines[0].endswith("Nothing was imported; the journal is unchanged."), lines[0][:300]
        if case.path:
            assert lines[0].startswith(f"journal-app: {case.path}: "), (case.path, lines[0][:300])
        elif case.path == "":
            assert not lines[0][len("journal-app: "):].split(" ", 1)[0].endswith(":"), lines[0][:300]
        assert _snapshot(setup.journal) == before
    index = CASES.index(case)
    if index % VERIFY_EVERY == 0 or index == len(CASES) - 1:
        assert run(["verify", str(setup.journal)]) == 0, capsys.readouterr().err


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 300
    assert len({c.name for c in CASES}) == len(CASES)


# --- a handful as real processes ---------------------------------------------------------------------
PROCESS_CASES = ["surrogate interactions[0].summary", "path 'link-zero'", "path 'pipe'",
                 "number feedback[0].nps = 99999999", "10 MB enumeration value"]


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_as_a_real_process(setup: Setup, name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    setup.source.write_bytes(case.content())
    before = _snapshot(setup.journal)
    env = dict(os.environ, JOURNAL_APP_FAST_KDF="1", JOURNAL_PASSPHRASE=PASSPHRASE,
               JOURNAL_APP_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", "import", str(setup.journal), str(setup.source)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
    )
    err = result.stderr.decode("utf-8")
    assert result.returncode == 14, err[:500]
    assert err.count("\n") == 1 and err.startswith(f"journal-app: {case.path}: ")
    assert _plain(err.rstrip("\n")) and "Traceback" not in err
    assert _snapshot(setup.journal) == before


# --- the CLI's printer ---------------------------------------------------------------------------------
def test_the_printer_escapes_whatever_a_message_holds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal_app.cli import record_commands
    from journal_app.errors import InvalidInput

    def hostile(args: object) -> int:
        raise InvalidInput("fake \x1b[31mERROR\x1b[0m\nsecond line \ud800 " + "z" * 10_000_000)

    monkeypatch.setattr(record_commands, "_import", hostile)
    assert run(["import", "j.pjournal", "x.json"]) == 13
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 2_100
    assert err.startswith("journal-app: fake \\x1b[31mERROR\\x1b[0m\\nsecond line \\ud800 zzz")
    assert _plain(err.rstrip("\n"))


def test_a_journal_path_with_escape_codes_is_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["verify", str(tmp_path / "\x1b[31mred\n.pjournal")]) == 11
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and '\\x1b[31mred\\n.pjournal"' in err
