"""Starting ``mock-botcake serve`` as a child process and waiting until it answers.

For whatever drives a real server from outside: the contract suite (the fake it starts), the
benchmarks and this project's own tests. The server's banner gives its address (``--port 0`` picks a
free one); readiness is polled on ``/_mock/health``, never waited for with a sleep.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import requests

READY_TIMEOUT_S = 20
LISTENING = re.compile(r"listening on (http://\S+)")
BANNER_END = "Press Ctrl-C"


class ServeFailed(RuntimeError):
    """The server exited, or never answered, before it was ready; the message holds what it printed."""


class ServeProcess:
    """A running ``mock-botcake serve``: its process, its root URL and the banner it printed."""

    def __init__(
        self, process: subprocess.Popen[str], root: str, banner: str, admin_token: str | None = None
    ) -> None:
        self.process, self.root, self.banner = process, root, banner
        self.admin_token = admin_token  # what it was started with, for its own control-plane reads
        # Keep reading the server's output: a full pipe would block the server on its next log line.
        self.output: list[str] = []
        self._drain = threading.Thread(target=lambda: self.output.extend(process.stdout or ()), daemon=True)
        self._drain.start()

    def token_of(self, page_id: str) -> str:
        """The current access token of ``page_id``, read from the control plane (``GET /_mock/pages``)."""
        headers = {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}
        pages = requests.get(f"{self.root}/_mock/pages", headers=headers, timeout=READY_TIMEOUT_S).json()
        for page in pages.get("pages", []):
            if page["page_id"] == page_id:
                return page["access_token"]
        raise LookupError(f"the server has no page {page_id}: {pages}")

    def stop(self, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """Send ``how`` (SIGTERM, or SIGINT for Ctrl-C); answers the exit code and everything it printed."""
        if self.process.poll() is None:
            self.process.send_signal(how)
        self.process.wait(timeout=READY_TIMEOUT_S)
        self._drain.join(timeout=READY_TIMEOUT_S)
        return self.process.returncode, "".join(self.output)


def launch(
    *serve_args: str,
    command: Sequence[str | Path] | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> ServeProcess:
    """``mock-botcake serve --port 0 SERVE_ARGS``, answered once healthy.

    ``command`` runs another installation's ``mock-botcake`` (default: this interpreter's
    ``python -m mock_botcake``); ``env`` is added to this process's environment.
    """
    process = subprocess.Popen(
        [*(command or (sys.executable, "-m", "mock_botcake")), "serve", "--port", "0", *serve_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env={**os.environ, **env} if env else None,
    )
    banner = _read_banner(process)
    listening = LISTENING.search(banner)
    if listening is None:
        process.kill()
        raise ServeFailed("serve printed no address:\n" + banner)
    served = ServeProcess(process, listening.group(1), banner, _admin_token(serve_args, env))
    _wait_until_healthy(served)
    return served


def _admin_token(serve_args: Sequence[str], env: dict[str, str] | None) -> str | None:
    """The ``--admin-token`` (or ``MOCK_BOTCAKE_ADMIN_TOKEN``) serve was started with, if any."""
    for index, argument in enumerate(serve_args):
        if argument == "--admin-token" and index + 1 < len(serve_args):
            return serve_args[index + 1]
        if argument.startswith("--admin-token="):
            return argument.split("=", 1)[1]
    return {**os.environ, **(env or {})}.get("MOCK_BOTCAKE_ADMIN_TOKEN")


def _read_banner(process: subprocess.Popen[str]) -> str:
    lines = []
    for line in process.stdout or ():
        lines.append(line)
        if line.startswith(BANNER_END):
            return "".join(lines)
    raise ServeFailed("serve exited before it was ready:\n" + "".join(lines))


def _wait_until_healthy(served: ServeProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    with requests.Session() as session:
        while time.monotonic() < deadline:
            try:
                if session.get(f"{served.root}/_mock/health", timeout=1).json() == {"status": "ok"}:
                    return
            except requests.ConnectionError:
                continue
    served.process.kill()
    raise ServeFailed(f"{served.root} never became healthy")
