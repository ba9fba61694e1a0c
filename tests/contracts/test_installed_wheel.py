"""A non-editable install works: the wheel carries the schemas and the contract suite, and from a
folder outside the repository `mock-botcake serve` answers and `mock-botcake verify` passes against it.

The fresh venv gets the wheel alone (--no-deps); its dependencies come from this project's venv
through a .pth line. Python does not process .pth files of a directory that a .pth line added, so the
editable install's finder in that venv cannot shadow the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import requests

from mock_botcake.serving.launch import launch

from ..helpers import SHOP_ID, copy_of_the_sources
from ..servers import Served, stop
from .verify_runs import verify

STEP_TIMEOUT_S = 300


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=STEP_TIMEOUT_S
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def build_wheel(folder: Path) -> Path:
    """The wheel, built from a copy of the sources so that the clone gets no build/ or egg-info."""
    source = copy_of_the_sources(folder / "source")
    wheels = folder / "wheels"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        wheels,
        source,
        cwd=folder,
    )
    return next(wheels.glob("mock_botcake-*.whl"))


def fresh_venv(folder: Path, wheel: Path) -> Path:
    venv = folder / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=folder)
    python = venv / "bin" / "python"
    # Installed before the .pth line exists, so pip sees no other mock-botcake to keep or replace.
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=folder)
    site_packages = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder)
    (Path(site_packages.strip()) / "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return venv


def serve(venv: Path, cwd: Path) -> Served:
    return launch(command=[venv / "bin" / "mock-botcake"], cwd=cwd)


def test_the_installed_wheel_serves_and_verifies_from_outside_the_repository(tmp_path: Path) -> None:
    venv = fresh_venv(tmp_path, build_wheel(tmp_path))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    imported_from = run(
        venv / "bin" / "python", "-c", "import mock_botcake; print(mock_botcake.__file__)", cwd=outside
    )
    assert imported_from.startswith(str(venv)), imported_from
    served = serve(venv, outside)
    try:
        token = served.token_of(SHOP_ID)
        answer = requests.get(
            f"{served.root}/api/public_api/v1/pages/{SHOP_ID}/flows", headers={"access-token": token}
        )
        assert answer.status_code == 200
        base_url = served.root + "/api/public_api/v1"
        args = ("--base-url", base_url, "--page-id", SHOP_ID, "--token", token, "--allow-writes")
        verdict = verify(*args, cwd=outside, executable=str(venv / "bin" / "python"))
        assert verdict.code == 0, verdict.output
        assert "GET flows " in verdict.output
    finally:
        stop(served)
