"""./dev installs what each command needs, once: serve the package alone, test the test extra too.

Run on a copy of ./dev and pyproject.toml with stand-ins for uv and the venv's programs, which record
how they were called: the stamp logic is what is tested, not the installers.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "{log}"\n'


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A folder with ./dev and pyproject.toml, a uv on PATH that records, and a venv whose programs do."""
    folder = tmp_path / "clone"
    folder.mkdir()
    shutil.copy2(REPO / "dev", folder / "dev")
    shutil.copy2(REPO / "pyproject.toml", folder / "pyproject.toml")
    log = tmp_path / "calls.log"
    log.touch()
    executable(tmp_path / "bin" / "uv", RECORDER.format(log=log))
    for program in ("python", "mock-botcake", "ruff"):
        executable(folder / ".venv" / "bin" / program, RECORDER.format(log=log))
    return folder


def dev(checkout: Path, *args: str) -> list[str]:
    """Run ./dev ARGS; answers the calls the stand-ins saw."""
    log = checkout.parent / "calls.log"
    log.write_text("")
    env = {**os.environ, "PATH": f"{checkout.parent / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "./dev", *args], cwd=checkout, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines()


def installs(calls: list[str]) -> list[str]:
    return [call for call in calls if call.startswith("uv ")]


def test_serve_installs_the_package_without_test_extras(checkout):
    calls = dev(checkout, "serve", "--port", "9000")
    assert installs(calls) == ["uv pip install --quiet --compile-bytecode --python .venv/bin/python -e ."]
    assert "mock-botcake serve --port 9000" in calls


def test_a_second_serve_installs_nothing(checkout):
    dev(checkout, "serve")
    assert installs(dev(checkout, "serve")) == []


def test_test_after_serve_installs_the_test_extra(checkout):
    dev(checkout, "serve")
    assert installs(dev(checkout, "test", "-q")) == [
        "uv pip install --quiet --compile-bytecode --python .venv/bin/python -e .[test] pip"
    ]


def test_serve_after_test_installs_nothing(checkout):
    dev(checkout, "test")
    assert installs(dev(checkout, "serve")) == []


def test_a_changed_pyproject_installs_again(checkout):
    dev(checkout, "test")
    with (checkout / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# changed\n")
    assert installs(dev(checkout, "serve")) == [
        "uv pip install --quiet --compile-bytecode --python .venv/bin/python -e ."
    ]
