"""Exports onto a device and into a read-only folder: a plain refusal, nothing replaced."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import write_commands as w


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[w.Template, Path]]:
    with w.remembered_keys():
        base = tmp_path_factory.mktemp("export-refusals")
        template = w.build_template(base / "t")
        yield template, w.fresh_copy(template, base / "run")


@pytest.mark.skipif(not hasattr(os, "mknod"), reason="needs device nodes")
@pytest.mark.parametrize("command", ["export", "subject-export"])
def test_an_export_onto_a_device_is_refused_even_with_force(copy, command: str) -> None:
    template, root = copy
    device = root / "out" / f"null-{command}"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")
    pw = ["--passphrase-file", root / "files" / "old.txt"]
    extra = ["--format", "json"] if command == "export" else ["--customer", template.ids["customer"]]
    before = w.journal_files(root)
    code, out, err = w.run_cli(root, [command, root / w.JOURNAL, *extra, "--out", device, "--force", *pw])
    assert code == 13, err
    assert "not an ordinary file" in err and err.count("\n") == 1 and out == ""
    assert stat.S_ISCHR(device.lstat().st_mode), "the device was replaced by a file"
    assert w.journal_files(root) == before


@pytest.mark.parametrize("command", ["export", "subject-export"])
def test_an_export_into_a_read_only_folder_is_refused_plainly(copy, command: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    template, root = copy
    folder = root / "out" / "read-only"
    folder.mkdir(exist_ok=True)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if str(path).startswith(str(folder)) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)  # as root, a chmod would not stop the write
    pw = ["--passphrase-file", root / "files" / "old.txt"]
    extra = ["--format", "json"] if command == "export" else ["--customer", template.ids["customer"]]
    before = w.journal_files(root)
    code, out, err = w.run_cli(root, [command, root / w.JOURNAL, *extra, "--out", folder / "x.json", *pw])
    assert code == 21, err
    lines = [line for line in err.splitlines() if "NOT encrypted" not in line]
    assert len(lines) == 1 and "Could not write the export" in lines[0] and "read-only" in lines[0], err
    assert "Traceback" not in err and "Your journal is unchanged." in lines[0]
    assert list(folder.iterdir()) == []
    assert w.journal_files(root) == before
