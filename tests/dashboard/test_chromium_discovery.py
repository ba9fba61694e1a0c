"""The browser tests find Chromium wherever it is installed, and say why when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from .chromium import ENVIRONMENT, NoChromium, find_chromium


class PlaywrightChromium:
    """Playwright's ``playwright.chromium`` as find_chromium reads it: its own browser's path."""

    def __init__(self, executable_path: Path) -> None:
        self.executable_path = str(executable_path)


def an_executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def nowhere(tmp_path, monkeypatch) -> PlaywrightChromium:
    """No browser on PATH, no variable, no Playwright download."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    return PlaywrightChromium(tmp_path / "playwright" / "chrome")


def test_the_variable_names_the_browser_first(tmp_path, monkeypatch, nowhere):
    chosen = an_executable(tmp_path, "my-chrome")
    monkeypatch.setenv(ENVIRONMENT, str(chosen))
    assert find_chromium(nowhere) == chosen


def test_a_variable_naming_no_file_is_an_error_that_says_so(tmp_path, monkeypatch, nowhere):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "missing"))
    with pytest.raises(NoChromium, match="is not a file"):
        find_chromium(nowhere)


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_a_browser_on_path_is_found_by_any_of_its_usual_names(tmp_path, monkeypatch, nowhere, name):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    found = an_executable(bin_folder, name)
    monkeypatch.setenv("PATH", str(bin_folder))
    assert find_chromium(nowhere) == found


def test_playwrights_own_browser_is_used_when_nothing_else_is_installed(tmp_path, nowhere):
    own = an_executable(tmp_path, "playwright-chrome")
    assert find_chromium(PlaywrightChromium(own)) == own


def test_without_any_browser_the_reason_says_where_it_looked_and_how_to_get_one(nowhere):
    with pytest.raises(NoChromium) as error:
        find_chromium(nowhere)
    assert "apt-get install chromium" in str(error.value)
    assert ENVIRONMENT in str(error.value)
