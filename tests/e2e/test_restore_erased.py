"""An erased customer stays erased when an older interchange file is imported, in their own
record and in every record about them, until the learner asks for them back with
``journal-app import PATH FILE --restore-erased ID``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal_app.cli import run

from ..conftest import PASSPHRASE
from ..unit.privacy_support import NAME, SECRETS, build


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def setup(journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> dict:
    """A saved journal about Mrs Patel (and Mr Jones), and an interchange file of it taken
    before anything was erased."""
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    built = build(journal)
    journal.save()
    path = journal.path
    journal.close()
    old = tmp_path / "before-erasure.json"
    code, _out, err = cli(capsys, "export", path, "--format", "json", "--out", old)
    assert code == 0, err
    return {"path": path, "old": old, "patel": built.patel.id, "jones": built.jones.id,
            "interaction": built.interaction.id, "tmp": tmp_path}


def _everything(capsys, setup: dict, name: str) -> str:
    """The journal as a complete JSON copy: what it now holds, names and all."""
    out = setup["tmp"] / name
    code, _out, err = cli(capsys, "export", setup["path"], "--format", "json", "--out", out)
    assert code == 0, err
    return out.read_text("utf-8")


def _patel_secrets_in(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.mark.parametrize("delete_linked", [False, True], ids=["anonymised", "erased-with-records"])
def test_an_old_file_brings_back_no_trace_of_an_erased_customer(setup, capsys, delete_linked) -> None:
    erase = ["erase", setup["path"], "--customer", setup["patel"]]
    code, _out, err = cli(capsys, *erase, *(["--delete-linked"] if delete_linked else []))
    assert code == 0, err
    assert _patel_secrets_in(_everything(capsys, setup, "erased.json")) == []
    code, out, err = cli(capsys, "import", setup["path"], setup["old"])
    assert code == 0, err
    assert "records about erased customers left as erased:" in out
    assert setup["patel"] in err and "Traceback" not in err  # the warning names the id, not the person
    held = _everything(capsys, setup, "after-import.json")
    assert _patel_secrets_in(held) == []
    # Mr Jones was never erased: his records are imported as usual.
    assert "Mr Gareth Jones" in held
    interactions = {i["id"] for i in json.loads(held)["interactions"]}
    assert (setup["interaction"] in interactions) is not delete_linked


@pytest.mark.parametrize("delete_linked", [False, True], ids=["anonymised", "erased-with-records"])
def test_restore_erased_brings_the_customer_and_their_records_back(setup, capsys, delete_linked) -> None:
    erase = ["erase", setup["path"], "--customer", setup["patel"]]
    assert cli(capsys, *erase, *(["--delete-linked"] if delete_linked else []))[0] == 0
    code, out, err = cli(capsys, "import", setup["path"], setup["old"], "--restore-erased", setup["patel"])
    assert code == 0, err
    assert f"erased customers restored from the file: {setup['patel']}" in out
    held = json.loads(_everything(capsys, setup, "restored.json"))
    [patel] = [c for c in held["customers"] if c["id"] == setup["patel"]]
    assert patel["name"] == NAME and "07700 900123" in patel["contact"]
    [interaction] = [i for i in held["interactions"] if i["id"] == setup["interaction"]]
    assert interaction["summary"] == "Mrs Patel rang about the van AB12 CDE"
    meta = held.get("journal", {}).get("records", {}).get("customers", {}).get(setup["patel"], {})
    assert not meta.get("anonymised_at")  # a real customer again: retention counts them once more
    # The audit trail notes the restore, by count, and still holds no name.
    code, trail, err = cli(capsys, "audit", setup["path"], "--json")
    assert code == 0, err
    imports = [e for e in json.loads(trail) if e.get("event") == "import"]
    assert json.dumps(imports[-1]).count("restored_customers") == 1
    assert _patel_secrets_in(trail) == []


def test_a_restored_customer_erased_again_stays_erased(setup, capsys) -> None:
    erase = ["erase", setup["path"], "--customer", setup["patel"], "--delete-linked"]
    assert cli(capsys, *erase)[0] == 0
    assert cli(capsys, "import", setup["path"], setup["old"], "--restore-erased", setup["patel"])[0] == 0
    assert cli(capsys, *erase)[0] == 0
    code, out, err = cli(capsys, "import", setup["path"], setup["old"])
    assert code == 0, err
    assert "restored" not in out
    assert _patel_secrets_in(_everything(capsys, setup, "again.json")) == []


def test_restoring_an_id_the_file_does_not_hold_is_refused(setup, capsys) -> None:
    assert cli(capsys, "erase", setup["path"], "--customer", setup["patel"])[0] == 0
    before = setup["path"].read_bytes()
    code, out, err = cli(capsys, "import", setup["path"], setup["old"], "--restore-erased", "c-nobody")
    assert code == 14
    assert err.count("\n") == 1 and '"c-nobody" is not in this file' in err
    assert "Nothing was imported; the journal is unchanged." in err and out == ""
    assert setup["path"].read_bytes() == before


def test_restoring_a_customer_who_was_never_erased_says_so(setup, capsys) -> None:
    code, out, err = cli(capsys, "import", setup["path"], setup["old"], "--restore-erased", setup["jones"])
    assert code == 0, err
    assert f"{setup['jones']} was not erased in this journal, so there was nothing to restore" in err
    assert "restored" not in out
