"""Where the app keeps things: per-user folders, portable mode beside the program, the override."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from journal_app import paths


@pytest.fixture
def installed_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be a built app in tmp_path/PlacementJournal with no override set."""
    app = tmp_path / "PlacementJournal"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "journal-app"))
    monkeypatch.delenv("JOURNAL_APP_HOME", raising=False)
    return app


@pytest.fixture
def platform_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Per-user platform folders pointed at tmp_path (Linux XDG variables; macOS/Windows ignore them)."""
    folders = {name: tmp_path / "profile" / name for name in ("data", "state", "config")}
    monkeypatch.setenv("XDG_DATA_HOME", str(folders["data"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(folders["state"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folders["config"]))
    return folders


def test_marker_beside_the_program_keeps_everything_in_a_folder_beside_it(installed_app: Path) -> None:
    (installed_app / "portable.txt").write_text("", "utf-8")
    data = installed_app / "PlacementJournalData"

    assert paths.is_portable()
    assert paths.app_home() == data
    assert paths.data_dir() == data / "data"
    assert paths.state_dir() == data / "state"
    assert paths.config_dir() == data / "config"
    assert paths.default_journal_path() == data / "data" / "journal.pjournal"
    assert paths.qsettings_path() == data / "config" / "settings.ini"
    assert paths.qt_settings_dir() == data / "config"
    assert paths.describe()["mode"].startswith("portable")


def test_portable_mode_writes_nothing_to_the_user_profile(
    installed_app: Path, platform_folders: dict[str, Path]
) -> None:
    (installed_app / "portable.txt").write_text("", "utf-8")
    profile = platform_folders["data"].parent

    every_folder = [paths.data_dir(), paths.state_dir(), paths.config_dir(), paths.qsettings_path()]

    assert all(installed_app in folder.parents for folder in every_folder)
    assert not any(profile in folder.parents for folder in every_folder)


def test_asking_for_folders_creates_none_of_them(installed_app: Path) -> None:
    (installed_app / "portable.txt").write_text("", "utf-8")

    paths.data_dir(), paths.state_dir(), paths.config_dir(), paths.qsettings_path(), paths.describe()

    assert sorted(p.name for p in installed_app.iterdir()) == ["portable.txt"]


def test_marker_beside_a_macos_app_bundle_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "stick"
    program = stick / "Placement Journal.app" / "Contents" / "MacOS"
    program.mkdir(parents=True)
    (stick / "portable.txt").write_text("", "utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "journal-app"))
    monkeypatch.delenv("JOURNAL_APP_HOME", raising=False)

    assert paths.portable_root() == stick / "PlacementJournalData"


def test_a_folder_named_like_the_marker_is_not_the_marker(installed_app: Path) -> None:
    (installed_app / "portable.txt").mkdir()

    assert paths.portable_root() is None
    assert not paths.is_portable()


def test_without_marker_or_override_the_per_user_platform_folders_are_used(
    installed_app: Path, platform_folders: dict[str, Path]
) -> None:
    import platformdirs

    assert paths.app_home() is None
    assert not paths.is_portable()
    assert paths.qsettings_path() is None
    assert paths.qt_settings_dir() is None
    assert paths.data_dir() == Path(platformdirs.user_data_dir("PlacementJournal", appauthor=False))
    assert paths.state_dir() == Path(platformdirs.user_state_dir("PlacementJournal", appauthor=False))
    assert paths.config_dir() == Path(platformdirs.user_config_dir("PlacementJournal", appauthor=False))
    assert paths.describe()["mode"] == "per-user folders"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are the Linux convention")
def test_per_user_folders_on_linux_follow_xdg(
    installed_app: Path, platform_folders: dict[str, Path]
) -> None:
    assert paths.data_dir() == platform_folders["data"] / "PlacementJournal"
    assert paths.state_dir() == platform_folders["state"] / "PlacementJournal"
    assert paths.config_dir() == platform_folders["config"] / "PlacementJournal"


def test_override_wins_over_the_portable_marker(
    installed_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (installed_app / "portable.txt").write_text("", "utf-8")
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("JOURNAL_APP_HOME", str(chosen))

    assert paths.app_home() == chosen
    assert not paths.is_portable()
    assert paths.data_dir() == chosen / "data"
    assert paths.qsettings_path() == chosen / "config" / "settings.ini"
    assert "JOURNAL_APP_HOME" in paths.describe()["mode"]


def test_relative_override_is_fixed_to_where_the_app_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOURNAL_APP_HOME", "journal-home")

    home = paths.app_home()

    assert home == tmp_path / "journal-home"
    assert home.is_absolute()


def test_blank_override_is_ignored(installed_app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_APP_HOME", "  ")

    assert paths.app_home() is None


def test_resources_come_from_the_bundle_when_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.resources_dir() == tmp_path / "resources"


def test_resources_from_source_hold_the_app_icon() -> None:
    icons = paths.resources_dir() / "icons"

    assert (icons / "app.svg").is_file()
    assert (icons / "app-256.png").read_bytes().startswith(b"\x89PNG")
