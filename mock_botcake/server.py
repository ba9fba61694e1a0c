"""Serving the app on a production WSGI server (waitress) until Ctrl-C or SIGTERM.

The server choice lives here alone, so measuring and switching servers touches one file.
"""

from __future__ import annotations

import signal
import threading
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


class BackgroundServer:
    """A waitress server answering from a daemon thread of this process (the pytest plugin's live mode).

    Runs in a thread so the test process keeps direct access to the app's store; waitress is a
    pure-Python server and needs no main-thread signal handling, unlike process-based servers.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, threads: int = DEFAULT_THREADS):
        try:
            self._server = waitress.create_server(
                app, host=host, port=port, threads=threads, ident="mock-botcake"
            )
        except OSError as error:
            raise PortUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        self.host = host
        self.port: int = self._server.effective_port
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="mock-botcake-server", daemon=True)
        self._thread.start()

    @property
    def root_url(self) -> str:
        """``http://host:port``, the server's address without a path."""
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop serving, close every connection, and end the thread; waits for nothing but that."""
        self._stopping.set()
        self._server.pull_trigger()  # wakes the loop from its select() at once
        self._thread.join()
        # The loop has ended, so its channels can be closed from here without racing it.
        for channel in list(self._server._map.values()):
            channel.close()
        self._server.task_dispatcher.shutdown()

    def _serve(self) -> None:
        # waitress's own run() loops until its socket map is empty, which idle keep-alive
        # connections can delay for long; one poll at a time lets stop() end it at once.
        while not self._stopping.is_set():
            self._server.asyncore.loop(
                timeout=self._server.adj.asyncore_loop_timeout, map=self._server._map, count=1
            )


def serve_in_background(app: Any, host: str = "127.0.0.1", port: int = 0) -> BackgroundServer:
    """Serve ``app`` from a daemon thread on ``host:port`` (0: a free port) until ``stop()``."""
    return BackgroundServer(app, host, port)
