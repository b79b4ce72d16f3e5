"""Shared by the crash and disk-full tests: a journal with attachments, backups, a hold and a
hidden reminder, built once as a template and copied for every run, and every writing command
to run against a copy.

A copy is a whole folder: the app's home (its generations file), the journal, its backups,
its attachments and the passphrase, recovery key and import files the commands read.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..unit.interchange_support import spec_example

OLD = "crash test passphrase one"
NEW = "violet tangerine harbour under 2931 lamps"
AT = "2026-10-10T09:00:00+01:00"
JOURNAL = "j/journal.pjournal"


@dataclass
class Template:
    root: Path
    ids: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def home(root: Path) -> Iterator[None]:
    """The app's home for one copy (its generations file), and no passphrase in the environment."""
    saved = {k: os.environ.get(k) for k in ("JOURNAL_APP_HOME", "JOURNAL_PASSPHRASE")}
    os.environ["JOURNAL_APP_HOME"] = str(root / "home")
    os.environ.pop("JOURNAL_PASSPHRASE", None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_cli(root: Path, argv: list[str]) -> tuple[int, str, str]:
    """``journal-app argv`` in this process against the copy at ``root``: (code, stdout, stderr)."""
    from journal_app.cli import run

    out, err = io.StringIO(), io.StringIO()
    with home(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _ok(root: Path, argv: list[str]) -> str:
    code, out, err = run_cli(root, argv)
    assert code == 0, (argv, err)
    return out


def _import_document(root: Path, seed: int) -> dict:
    rng = random.Random(seed)
    doc = spec_example()
    for n, item in enumerate(doc["evidence"]):
        name = f"file-{seed}-{n}.png"
        (root / "files" / name).write_bytes(rng.randbytes(20_000 + 5_000 * n))
        item["file"] = {"name": name, "media_type": "image/png", "path": name}
    return doc


def build_template(root: Path) -> Template:
    files = root / "files"
    files.mkdir(parents=True)
    (root / "out").mkdir()
    (root / "home").mkdir()
    (files / "old.txt").write_text(OLD + "\n")
    (files / "new.txt").write_text(NEW + "\n")
    j = root / JOURNAL
    j.parent.mkdir()
    _ok(root, ["init", j, "--passphrase-file", files / "old.txt", "--recovery-key-file", files / "key.txt",
               "--name", "Sam Learner"])
    doc = _import_document(root, 1)
    (files / "import.json").write_text(json.dumps(doc))
    _ok(root, ["import", j, files / "import.json", "--passphrase-file", files / "old.txt"])
    # For the import command: the first evidence item's file replaced by another, and a
    # second item with a file of its own added.
    more = _import_document(root, 2)
    more = {key: value for key, value in more.items() if key not in {"evidence"}} | {
        "evidence": [copy.deepcopy(more["evidence"][0]),
                     dict(copy.deepcopy(more["evidence"][0]), id="ev-crash-added")]
    }
    (files / "import2.json").write_text(json.dumps(more))
    from journal_app.paths import resources_dir

    framework = json.loads((resources_dir() / "frameworks" / "crm-unit.json").read_text("utf-8"))
    framework["id"] = "crash-unit"
    (files / "framework.json").write_text(json.dumps(framework))
    framework["id"] = "after-unit"
    (files / "framework-after.json").write_text(json.dumps(framework))
    ids = {"customer": doc["customers"][0]["id"], "evidence": doc["evidence"][0]["id"]}
    held = _ok(root, ["hold", j, "--evidence", ids["evidence"], "--until", "2027-06-01",
                      "--passphrase-file", files / "old.txt"])
    ids["hold"] = held.rsplit("hold id ", 1)[1].split(")")[0]
    reminders = json.loads(_ok(root, ["reminders", j, "--at", AT, "--json", "--passphrase-file",
                                      files / "old.txt"]))
    assert len(reminders) >= 2, reminders
    ids["dismiss"], ids["restore"] = reminders[0]["key"], reminders[1]["key"]
    _ok(root, ["reminders", j, "--at", AT, "--dismiss", ids["restore"],
               "--passphrase-file", files / "old.txt"])
    return Template(root, ids)


def commands(t: Template, root: Path, *, all_forms: bool = False) -> dict[str, list]:
    """Each writing command as run against the copy at ``root``."""
    j, f, out = root / JOURNAL, root / "files", root / "out"
    pw = ["--passphrase-file", f / "old.txt"]
    ids = t.ids
    chosen = {
        "passwd": ["passwd", j, *pw, "--new-passphrase-file", f / "new.txt"],
        "export-json": ["export", j, "--format", "json", "--out", out / "export.json", *pw],
        "export-html": ["export", j, "--format", "html", "--out", out / "pack.html", *pw],
        "hold": ["hold", j, "--customer", ids["customer"], "--until", "2027-03-01", "--reason", "EPA", *pw],
        "reminders-dismiss": ["reminders", j, "--at", AT, "--dismiss", ids["dismiss"], *pw],
        "subject-export": ["subject-export", j, "--customer", ids["customer"], "--out", out / "subject.json",
                           *pw],
        "import-framework": ["import-framework", j, f / "framework.json", *pw],
        "recover": ["recover", j, "--recovery-key-file", f / "key.txt",
                    "--new-passphrase-file", f / "new.txt"],
        "erase-new-key": ["erase", j, "--customer", ids["customer"], "--new-key",
                          "--keep-recovery-key-file", f / "key.txt", *pw],
        "import": ["import", j, f / "import2.json", *pw],
        "erase": ["erase", j, "--customer", ids["customer"], "--delete-linked", *pw],
        "retention": ["retention", j, "--apply", "--at", "2036-01-01T09:00:00+00:00", *pw],
    }
    if all_forms:
        chosen |= {
            "init": ["init", root / "j" / "second.pjournal", "--passphrase-file", f / "old.txt",
                     "--recovery-key-file", out / "second-key.txt"],
            "export-sqlite": ["export", j, "--format", "sqlite", "--out", out / "copy.sqlite", *pw],
            "export-csv": ["export", j, "--format", "csv", "--out", out / "tables", *pw],
            "export-docx": ["export", j, "--format", "docx", "--out", out / "pack.docx", *pw],
            "export-pdf": ["export", j, "--format", "pdf", "--out", out / "pack.pdf", *pw],
            "hold-remove": ["hold", j, "--remove", ids["hold"], *pw],
            "reminders-snooze": ["reminders", j, "--at", AT, "--snooze", ids["dismiss"], "--until",
                                 "2026-10-20", *pw],
            "reminders-restore": ["reminders", j, "--at", AT, "--restore", ids["restore"], *pw],
            "passwd-new-key": ["passwd", j, *pw, "--new-passphrase-file", f / "new.txt",
                               "--recovery-key-file", out / "new-key.txt"],
        }
    return chosen


CRASHED = ["passwd", "export-json", "export-html", "hold", "reminders-dismiss", "subject-export",
           "import-framework", "recover", "import", "erase", "retention", "erase-new-key"]
EVERY = [*CRASHED, "init", "export-sqlite", "export-csv", "export-docx", "export-pdf",
         "hold-remove", "reminders-snooze", "reminders-restore", "passwd-new-key"]
KEY_COMMANDS = {"passwd", "passwd-new-key", "recover"}
# Commands that give the journal a new data key (the passphrase may stay the same).
REKEY_COMMANDS = KEY_COMMANDS | {"erase-new-key"}


def fresh_copy(t: Template, root: Path) -> Path:
    shutil.copytree(t.root, root, symlinks=True)
    return root


def journal_files(root: Path) -> dict[str, bytes]:
    """Every file of the journal: itself, its backups, its attachments (not its lock file)."""
    folder = root / "j"
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(".lock")
    }


def passphrases_for(name: str) -> tuple[str, ...]:
    return (OLD, NEW) if name in KEY_COMMANDS else (OLD,)


def every_copy_opens_with_its_files(root: Path, passphrases: tuple[str, ...]) -> tuple[str, int]:
    """The journal and every backup open with one of ``passphrases`` (returns the one the
    journal opens with) and every attached file each refers to is there and matches its SHA-256."""
    from journal_app.errors import WrongPassphrase
    from journal_app.journal.journal import Journal
    from journal_app.vault.store import list_backups

    path = root / JOURNAL
    journal_passphrase = ""
    files = 0
    with home(root):
        for n, copy_path in enumerate([path, *list_backups(path)]):
            for passphrase in passphrases:
                try:
                    journal = Journal.open(copy_path, passphrase, lock=False, allow_rollback=True)
                except WrongPassphrase:
                    continue
                break
            else:
                raise AssertionError(f"{copy_path.name} opens with none of the passphrases")
            if n == 0:
                journal_passphrase = passphrase
            try:
                files += files_match(journal, path, copy_path.name)
            finally:
                journal.close()
    return journal_passphrase, files


def files_match(journal, path: Path, label: str) -> int:  # journal: an open Journal
    """Every attached file ``journal`` refers to opens from ``path``'s attachments folder and
    matches its recorded SHA-256; returns how many were checked."""
    from journal_app.vault import attachments as sealed

    key = journal.vault.sealing_key(sealed.KEY_PURPOSE)
    checked = 0
    for evidence in journal.evidence.all():
        if evidence.file is None:
            continue
        data = sealed.read_blob(sealed.folder_for(path), key, evidence.file.blob)
        assert hashlib.sha256(data).hexdigest() == evidence.file.sha256, f"{label}: wrong file"
        checked += 1
    return checked


def next_write_then_verify(t: Template, root: Path, passphrase: str) -> None:
    """A successful write after the crash or failure, then ``verify`` exits 0 and no stray
    attachment file is left."""
    j = root / JOURNAL
    (root / "files" / "now.txt").write_text(passphrase + "\n")
    pw = ["--passphrase-file", root / "files" / "now.txt"]
    code, _out, err = run_cli(root, ["import-framework", j, root / "files" / "framework-after.json", *pw])
    assert code == 0, err
    code, out, err = run_cli(root, ["verify", j, "--json", *pw])
    assert code == 0, (out, err)
    report = json.loads(out)
    assert report.get("ok", True), report


def template_data_key(t: Template) -> bytes:
    """The data key of the template journal (what an old copy and OLD would give anyone)."""
    from journal_app.vault.store import VaultFile

    with home(t.root):
        vault, _body = VaultFile.unlock(t.root / JOURNAL, OLD, lock=False, allow_rollback=True)
    try:
        return bytes(vault._data_key)
    finally:
        vault.close()


def never_a_mix(root: Path, old_key: bytes) -> tuple[int, int]:
    """After a re-key was killed: each copy (journal, backups) is wholly under the old data key
    or wholly under a new one — its body and every file it names — never a mix. Returns
    (copies under the old key, copies under a new key)."""
    from journal_app.errors import DamagedJournal
    from journal_app.journal.attachments import blobs_in_body
    from journal_app.vault import attachments as sealed
    from journal_app.vault.store import _read_and_open, _sealing_key, list_backups

    path = root / JOURNAL
    folder = sealed.folder_for(path)
    old, new = 0, 0
    for copy_path in [path, *list_backups(path)]:
        try:
            header, _k, body = _read_and_open(copy_path, data_key=old_key)
        except DamagedJournal:
            new += 1  # opened above with a passphrase, so under the new key; its files were checked
            continue
        old += 1
        key = _sealing_key(old_key, header.journal_id, sealed.KEY_PURPOSE)
        for blob in blobs_in_body(body):
            sealed.read_blob(folder, key, blob)  # each file it names is still under the old key
    return old, new


@contextlib.contextmanager
def remembered_keys() -> Iterator[None]:
    """Work out the key for each passphrase and salt once (the same Argon2id call the app
    makes, kept for the next unlock of the same file): hundreds of runs against copies of one
    journal then don't each spend most of their time deriving the same key again. A new salt
    (a new passphrase, a new journal) is derived as usual."""
    from journal_app.vault import keys

    derive = keys.derive_passphrase_key
    known: dict[tuple, bytes] = {}

    def remembered(passphrase: str, salt: bytes, kdf) -> bytes:
        key = (passphrase, bytes(salt), repr(kdf))
        if key not in known:
            known[key] = derive(passphrase, salt, kdf)
        return known[key]

    keys.derive_passphrase_key = remembered  # type: ignore[assignment]
    try:
        yield
    finally:
        keys.derive_passphrase_key = derive  # type: ignore[assignment]


@contextlib.contextmanager
def rendered_once() -> Iterator[None]:
    """Render each distinct evidence pack once: the PDF, Word and HTML renderers turn blocks
    into bytes and write nothing, so the file-writing steps that follow run as they would."""
    from journal_app.services.export import docx, html, pdf

    real = {module: module.render for module in (pdf, docx, html)}
    known: dict[tuple, bytes | str] = {}

    def once(module):
        def render(blocks, title, *more):
            key = (module.__name__, repr(blocks), title, repr(more))
            if key not in known:
                known[key] = real[module](blocks, title, *more)
            return known[key]
        return render

    for module in real:
        module.render = once(module)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for module, render in real.items():
            module.render = render  # type: ignore[method-assign]
