"""``journal-app --self-test``: the installation check a learner or IT person can run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from journal_app import paths, selftest

STEP_LABELS = [label for label, _step in selftest.STEPS] + ["clean up"]


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, redirected so a test can see what is left in it."""
    root = tmp_path / "system-temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def run_self_test() -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.self_test(out)
    return code, out.getvalue().splitlines()


def test_every_step_passes_and_says_so(temp_root: Path) -> None:
    code, lines = run_self_test()

    assert code == 0
    assert lines[0].startswith("Placement Journal ")
    assert "self-test" in lines[0]
    step_lines = lines[1:-1]
    assert [line.split()[0] for line in step_lines] == ["ok"] * len(STEP_LABELS)
    assert [line[7:23].strip() for line in step_lines] == STEP_LABELS
    assert lines[-1].startswith("Self-test passed in ")


def test_leaves_nothing_behind_and_never_touches_the_app_folders(temp_root: Path, app_home: Path) -> None:
    before = {name: os.environ.get(name) for name in ("JOURNAL_APP_HOME", "JOURNAL_APP_FAST_KDF")}

    code, _lines = run_self_test()

    assert code == 0
    assert list(temp_root.iterdir()) == []
    assert list(app_home.iterdir()) == []
    assert {name: os.environ.get(name) for name in before} == before


def test_a_missing_app_file_fails_with_a_plain_reason_and_stops(
    temp_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "broken-install"
    empty.mkdir()
    monkeypatch.setattr(paths, "resources_dir", lambda: empty)

    code, lines = run_self_test()

    assert code == 1
    assert lines[1].split()[0] == "FAIL"
    assert "files missing from the app: frameworks/crm-unit.json, icons/app.svg" in lines[1]
    assert not any("create journal" in line for line in lines)
    assert any(line.startswith("  ok   clean up") for line in lines)
    assert lines[-1].startswith("Self-test FAILED")
    assert list(temp_root.iterdir()) == []


def test_a_failure_late_in_the_run_still_cleans_up(temp_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_export(journal: object) -> tuple[dict, str]:
        raise selftest.StepFailed("the export holds 0 customers, expected 1")

    monkeypatch.setattr(selftest, "_export_document", broken_export)

    code, lines = run_self_test()

    assert code == 1
    assert "  FAIL export           the export holds 0 customers, expected 1" in lines
    assert any(line.startswith("  ok   verify file") for line in lines)
    assert list(temp_root.iterdir()) == []


def test_an_unexpected_error_is_reported_not_raised(temp_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(run: selftest.Run) -> str:
        raise OSError("No space left on device")

    monkeypatch.setattr(selftest, "STEPS", (("create journal", crash),))

    code, lines = run_self_test()

    assert code == 1
    assert "  FAIL create journal   OSError: No space left on device" in lines


def test_command_line_runs_it_without_loading_qt(tmp_path: Path) -> None:
    """The built app runs this on machines with no display: Qt must never be imported."""
    script = (
        "import sys\n"
        "from journal_app.__main__ import main\n"
        "code = main(['--self-test'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print('QT-MODULES:', qt)\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOURNAL_")}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Self-test passed" in result.stdout
    assert "QT-MODULES: []" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_no_temporary_folder_is_reported_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))

    code, lines = run_self_test()

    assert code == 1
    assert lines[1].startswith("  FAIL temporary folder can't create one:")
    assert lines[-1].startswith("Self-test FAILED")
