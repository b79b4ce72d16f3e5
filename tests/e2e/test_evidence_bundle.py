"""Evidence bundles (``export --bundle``) and ``verify-pack``, read back with zipfile, json and
hashlib as an assessor's own tools would: what is inside, and what verify-pack says when a
file was changed, removed or added, or when it is given something that isn't a bundle."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from journal_app.cli import run
from journal_app.journal.attachments import attachments_folder
from journal_app.journal.journal import Journal
from journal_app.services.actions.evidence import attach_evidence
from tests.conftest import PASSPHRASE

from .export_pack_data import populate

RECEIPT = b"%PDF-1.4 receipt for Aisha Patel, LS1 4AP " * 200
PHOTO = bytes(range(256)) * 300
NOTE = b"Notes from the team meeting.\n" * 40


@pytest.fixture
def placement(journal_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A saved journal with the test placement and three attached files; returns their ids."""
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    journal, _key = Journal.create(journal_path, PASSPHRASE)
    populate(journal)
    receipt = attach_evidence(journal, "aisha-patel-receipt.pdf", RECEIPT, "application/pdf").value
    photo = attach_evidence(journal, "Patel desk photo.JPG", PHOTO, "image/jpeg").value
    note = attach_evidence(journal, "meeting-notes.txt", NOTE, "text/plain").value
    journal.save()
    ids = {"receipt": receipt.id, "photo": photo.id, "note": note.id, "folder": attachments_folder(journal),
           "blobs": {e.id: e.file.blob for e in (receipt, photo, note)}}
    journal.close()
    return ids


def _export(journal_path: Path, out: Path, *extra: str) -> int:
    return run(["export", str(journal_path), "--format", extra[0] if extra else "pdf", "--bundle",
                "--out", str(out), *extra[1:]])


def _manifest(bundle: Path) -> dict:
    with zipfile.ZipFile(bundle) as archive:
        return json.loads(archive.read("manifest.json"))


def test_a_bundle_holds_the_pack_every_attachment_by_reference_and_their_hashes(
    placement, journal_path: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "bundle.zip"
    assert _export(journal_path, out) == 0
    err = capsys.readouterr().err
    assert "not hidden" in err  # the learner is told the attached files are as they were added
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
    packs = [n for n in names if n.startswith("evidence-log-") and n.endswith(".pdf")]
    assert len(packs) == 1 and contents[packs[0]].startswith(b"%PDF")
    # Pseudonymised: the reference and the kind, never the learner's file name with a customer in it.
    assert f"attachments/{placement['receipt']}-document.pdf" in names
    assert f"attachments/{placement['photo']}-photo.jpg" in names
    assert f"attachments/{placement['note']}-document.txt" in names
    assert not [n for n in names if "patel" in n.lower()]
    assert contents[f"attachments/{placement['receipt']}-document.pdf"] == RECEIPT
    assert contents[f"attachments/{placement['photo']}-photo.jpg"] == PHOTO

    manifest = _manifest(out)
    assert manifest["manifest"] == "Placement Journal evidence bundle"
    assert manifest["pseudonymised"] is True and manifest["pack"] == packs[0]
    assert manifest["app_version"] and "pack_id" in manifest
    assert manifest["exported_at"].startswith("20")
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(names) - {"manifest.json"}
    for name, item in listed.items():
        assert item["size"] == len(contents[name])
        assert item["sha256"] == hashlib.sha256(contents[name]).hexdigest()
    # The hashes match the ones the evidence index prints (recorded when each file was added).
    assert listed[f"attachments/{placement['receipt']}-document.pdf"]["sha256"] == hashlib.sha256(
        RECEIPT).hexdigest()
    assert listed[f"attachments/{placement['receipt']}-document.pdf"]["evidence"] == placement["receipt"]

    assert run(["verify-pack", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Nothing has changed since it was exported" in said
    assert "all 3 files" not in said and f"all {len(listed)} files" in said


def test_real_names_keep_the_learners_file_names(placement, journal_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "named.zip"
    assert _export(journal_path, out, "docx", "--real-names") == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert f"attachments/{placement['receipt']}-aisha-patel-receipt.pdf" in names
    assert f"attachments/{placement['photo']}-Patel-desk-photo.jpg" in names
    assert any(n.endswith(".docx") for n in names)
    assert _manifest(out)["pseudonymised"] is False


def test_verify_pack_names_each_changed_missing_and_added_file(
    placement, journal_path: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "bundle.zip"
    assert _export(journal_path, out, "html") == 0
    receipt = f"attachments/{placement['receipt']}-document.pdf"
    photo = f"attachments/{placement['photo']}-photo.jpg"
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            if info.filename == photo:
                continue  # removed
            data = source.read(info.filename)
            if info.filename == receipt:
                data = data.replace(b"Aisha", b"Alice")  # same size, different bytes
            target.writestr(info, data)
        target.writestr("attachments/extra-evidence.txt", b"added later")
    capsys.readouterr()
    assert run(["verify-pack", str(tampered)]) == 24
    said = capsys.readouterr().out
    assert f"changed: {receipt}" in said
    assert f"missing: {photo}" in said
    assert "added:   attachments/extra-evidence.txt" in said
    assert "2 of 4 files listed in the manifest are as they were" in said
    assert run(["verify-pack", str(tampered), "--json"]) == 24
    result = json.loads(capsys.readouterr().out)
    assert result["unchanged"] is False
    assert result["changed"] == [receipt] and result["missing"] == [photo]
    assert result["added"] == ["attachments/extra-evidence.txt"]


def test_the_csv_packs_zip_has_a_manifest_verify_pack_checks(placement, journal_path: Path, tmp_path: Path,
                                                              capsys) -> None:
    out = tmp_path / "tables.zip"
    assert run(["export", str(journal_path), "--format", "csv", "--out", str(out)]) == 0
    manifest = _manifest(out)
    with zipfile.ZipFile(out) as archive:
        tables = {n: archive.read(n) for n in archive.namelist() if n.endswith(".csv")}
    assert manifest["manifest"] == "Placement Journal CSV evidence pack"
    assert {f["path"]: (f["size"], f["sha256"]) for f in manifest["files"]} == {
        n: (len(b), hashlib.sha256(b).hexdigest()) for n, b in tables.items()}
    capsys.readouterr()
    assert run(["verify-pack", str(out)]) == 0
    assert len(tables) == 12 and "all 12 files match" in capsys.readouterr().out


def test_an_attachment_missing_from_the_journal_is_left_out_and_said(
    placement, journal_path: Path, tmp_path: Path, capsys
) -> None:
    (placement["folder"] / placement["blobs"][placement["photo"]]).unlink()
    out = tmp_path / "bundle.zip"
    assert _export(journal_path, out) == 0
    said = capsys.readouterr().err
    assert f"the file attached to evidence {placement['photo']} is not in the bundle" in said
    manifest = _manifest(out)
    assert [item["evidence"] for item in manifest["left_out"]] == [placement["photo"]]
    assert run(["verify-pack", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Nothing has changed" in said and placement["photo"] in said


@pytest.mark.parametrize(("args", "words"), [
    (["--format", "csv"], "The CSV pack is a zip already"),
    (["--format", "pdf", "--out-name", "bundle.pdf"], "name ending in .zip"),
])
def test_a_bundle_that_cant_work_is_refused_before_unlocking(journal_path: Path, tmp_path: Path, capsys,
                                                             args: list[str], words: str) -> None:
    journal_path.write_bytes(b"not even a journal")  # refused before it is opened
    name = args.pop(args.index("--out-name") + 1) if "--out-name" in args else "bundle.zip"
    args = [a for a in args if a != "--out-name"]
    assert run(["export", str(journal_path), *args, "--bundle", "--out", str(tmp_path / name)]) == 13
    assert words in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_an_existing_bundle_is_replaced_only_with_force(placement, journal_path: Path, tmp_path: Path,
                                                        capsys) -> None:
    out = tmp_path / "bundle.zip"
    out.write_bytes(b"the assessor's copy")
    assert _export(journal_path, out) == 13
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"the assessor's copy"
    assert _export(journal_path, out, "pdf", "--force") == 0
    assert zipfile.is_zipfile(out)


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _good_manifest(files: dict[str, bytes]) -> bytes:
    return json.dumps({
        "manifest": "Placement Journal evidence bundle", "version": 1, "pack_id": "PJ-TEST",
        "exported_at": "2026-12-10T09:00:00+00:00", "app_version": "0.1.0",
        "files": [{"path": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                  for n, b in files.items()],
    }).encode()


def _refusals(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = {"pack.pdf": b"%PDF pack"}
    whole = _zip(tmp_path / "whole.zip", {**good, "manifest.json": _good_manifest(good)})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    text = tmp_path / "notes.zip"
    text.write_text("just some notes, not a zip at all\n")
    climbing = {"../../outside.txt": b"escape"}
    absolute = {"/etc/passwd": b"root"}
    bomb = {"pack.pdf": b"\0" * (64 << 20)}
    return {
        "missing": (tmp_path / "nowhere.zip", "There is no file called"),
        "not a zip": (text, "is not a zip file, or it is damaged or cut short"),
        "cut short": (cut, "is not a zip file, or it is damaged or cut short"),
        "climbs out": (_zip(tmp_path / "climb.zip", {**climbing, "manifest.json": _good_manifest(climbing)}),
                       "unsafe name"),
        "absolute": (_zip(tmp_path / "abs.zip", {**absolute, "manifest.json": _good_manifest(absolute)}),
                     "unsafe name"),
        "bomb": (_zip(tmp_path / "bomb.zip", {**bomb, "manifest.json": _good_manifest(bomb)},
                      zipfile.ZIP_DEFLATED), "zip bomb"),
        "no manifest": (_zip(tmp_path / "bare.zip", good), "has no manifest.json"),
        "bad manifest": (_zip(tmp_path / "badjson.zip", {**good, "manifest.json": b"{not json"}),
                         "manifest.json in"),
        "folder": (tmp_path, "is not a file"),
    }


@pytest.mark.parametrize("case", ["missing", "not a zip", "cut short", "climbs out", "absolute", "bomb",
                                  "no manifest", "bad manifest", "folder"])
def test_verify_pack_refuses_what_isnt_a_bundle_plainly(tmp_path: Path, capsys, case: str) -> None:
    path, words = _refusals(tmp_path)[case]
    assert run(["verify-pack", str(path)]) == 25
    captured = capsys.readouterr()
    assert words in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert captured.err.count("\n") == 1  # one plain sentence


def test_verify_pack_needs_no_journal_and_never_loads_qt(tmp_path: Path) -> None:
    good = {"pack.pdf": b"%PDF pack"}
    bundle = _zip(tmp_path / "b.zip", {**good, "manifest.json": _good_manifest(good)})
    code = (
        "import sys\nfrom journal_app.cli import run\n"
        f"code = run(['verify-pack', {str(bundle)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\nsys.exit(code)"
    )
    env = {**os.environ, "JOURNAL_APP_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
    assert "Nothing has changed" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"
