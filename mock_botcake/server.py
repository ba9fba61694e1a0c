"""Serving the app on a production WSGI server (waitress) until Ctrl-C or SIGTERM.

The server choice lives here alone, so measuring and switching servers touches one file.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

import waitress

# Threads answering requests at once; the store serialises writes, so more threads only help I/O.
DEFAULT_THREADS = 8


class PortUnavailable(Exception):
    """The host/port cannot be bound (taken, or not an address of this machine)."""


def run_server(
    app: Any, host: str, port: int, on_ready: Callable[[str, int], None], threads: int = DEFAULT_THREADS
) -> None:
    """Bind, call ``on_ready(host, actual_port)``, and serve until interrupted; then close cleanly."""
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="mock-botcake")
    except OSError as error:
        raise PortUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        on_ready(host, server.effective_port)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
