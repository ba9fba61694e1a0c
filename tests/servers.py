"""Running ``mock-botcake serve`` as a real process for tests: start it, wait until healthy, stop it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import requests

READY_TIMEOUT_S = 20
LISTENING = re.compile(r"listening on (http://\S+)")


class Served:
    def __init__(self, process: subprocess.Popen[str], root: str, banner: str) -> None:
        self.process, self.root, self.banner = process, root, banner
        # Keep reading the server's output: a full pipe would block the server on its next log line.
        self.output: list[str] = []
        self._drain = threading.Thread(target=lambda: self.output.extend(process.stdout), daemon=True)
        self._drain.start()

    def token_of(self, page_id: str) -> str:
        match = re.search(rf"{re.escape(page_id)} .*\n\s+access-token: (\S+)", self.banner)
        assert match, self.banner
        return match.group(1)


def start(*args: str, env: dict[str, str] | None = None) -> Served:
    """``mock-botcake serve --port 0 ARGS``; ``env`` is added to this process's environment."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env} if env else None,
    )
    banner = _read_banner(process)
    root = LISTENING.search(banner).group(1)
    _wait_until_healthy(root)
    return Served(process, root, banner)


def _read_banner(process: subprocess.Popen[str]) -> str:
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return "".join(lines)
    raise AssertionError("serve exited before it was ready:\n" + "".join(lines))


def _wait_until_healthy(root: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{root}/_mock/health", timeout=1).json() == {"status": "ok"}:
                return
        except requests.ConnectionError:
            continue
    raise AssertionError(f"{root} never became healthy")


def stop(served: Served, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
    """Send ``how`` (SIGTERM, or SIGINT for Ctrl-C); answers the exit code and everything it printed."""
    served.process.send_signal(how)
    served.process.wait(timeout=READY_TIMEOUT_S)
    served._drain.join(timeout=READY_TIMEOUT_S)
    return served.process.returncode, "".join(served.output)
