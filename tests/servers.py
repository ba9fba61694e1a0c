"""Running ``mock-botcake serve`` as a real process for tests: start it, wait until healthy, stop it.

The launching itself is ``mock_botcake.serving.launch``, shared with the contract suite and the benchmarks.
"""

from __future__ import annotations

import signal

from mock_botcake.serving.launch import LISTENING, READY_TIMEOUT_S, ServeProcess, launch

Served = ServeProcess

__all__ = ["LISTENING", "READY_TIMEOUT_S", "Served", "start", "stop"]


def start(*args: str, env: dict[str, str] | None = None) -> Served:
    """``mock-botcake serve --port 0 ARGS``; ``env`` is added to this process's environment."""
    return launch(*args, env=env)


def stop(served: Served, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
    """Send ``how`` (SIGTERM, or SIGINT for Ctrl-C); answers the exit code and everything it printed."""
    return served.stop(how)
