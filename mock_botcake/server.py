"""Serving the app on a production WSGI server (waitress) until Ctrl-C or SIGTERM, or in a thread.

The server choice lives here alone, so measuring and switching servers touches one file. Waitress was
kept by measurement (benchmarks/README.md, "The server choice"): granian served Flask faster, but it
passes an ``access_token`` (underscore) header on as ``access-token`` (docs/fidelity.md 7.2) and, with
its workers in processes, cannot run in a thread for the pytest plugin.

Waitress answers some bad requests itself, before the app sees them: a body over the fake's limit (it
refuses on the Content-Length, before reading the body, where the app would only see it once whole),
headers over ``MAX_HEADER_BYTES``, a malformed request line. Those answers are given the API's JSON
error shape too, through waitress's own extension point for them (``HTTPChannel.error_task_class``).
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from . import fidelity

# Threads answering requests at once; the store serialises writes, so more threads only help I/O.
DEFAULT_THREADS = 8
# All request headers together; waitress's default is 256 KiB. Real clients send well under 1 KiB, a
# browser on 127.0.0.1 may carry a few KiB of cookies.
MAX_HEADER_BYTES = 64 * 1024


class PortUnavailable(Exception):
    """The host/port cannot be bound (taken, or not an address of this machine)."""


class _JsonErrorTask(ErrorTask):
    """Waitress's own error answers (413, 431, 400), in the API's error shape instead of plain text."""

    def execute(self) -> None:
        error = self.request.error
        message = fidelity.BODY_TOO_LARGE.message if error.code == 413 else error.reason.lower()
        body = json.dumps({"success": False, "message": message}, separators=(",", ":")).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _JsonErrorChannel(HTTPChannel):
    error_task_class = _JsonErrorTask


def create_server(app: Any, host: str, port: int, threads: int = DEFAULT_THREADS) -> Any:
    """A bound, not yet running waitress server for ``app``; ``.effective_port`` is the actual port."""
    try:
        server = waitress.create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="mock-botcake",
            # One byte over the app's limit: waitress refuses a Content-Length >= this, Flask one > limit.
            max_request_body_size=fidelity.MAX_BODY_BYTES + 1,
            max_request_header_size=MAX_HEADER_BYTES,
        )
    except OSError as error:
        raise PortUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    server.channel_class = _JsonErrorChannel
    # Under load waitress warns "Task queue depth is N" for nearly every request: thousands of lines
    # a second on stderr, about 4% of the server's CPU in a profile, and nothing a user can act on.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return server


def run_server(
    app: Any, host: str, port: int, on_ready: Callable[[str, int], None], threads: int = DEFAULT_THREADS
) -> None:
    """Bind, call ``on_ready(host, actual_port)``, and serve until interrupted; then close cleanly."""
    server = create_server(app, host, port, threads)
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


@dataclass
class BackgroundServer:
    """The app served by waitress in a daemon thread of this process (for in-process test fixtures)."""

    server: Any
    thread: threading.Thread
    host: str

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Close the listening socket and every open connection, and wait for the thread to end."""
        if not self.thread.is_alive():
            return
        # Run in the server's own loop (the trigger wakes it at once), since asyncore is not thread-safe.
        self.server.trigger.pull_trigger(lambda: [each.close() for each in list(self.server._map.values())])
        self.thread.join(timeout=10)
        self.server.task_dispatcher.shutdown()


def serve_in_background(app: Any, host: str = "127.0.0.1", port: int = 0) -> BackgroundServer:
    """Serve ``app`` in a background thread; it accepts connections as soon as this returns."""
    server = create_server(app, host, port)
    thread = threading.Thread(target=_run_until_closed, args=(server,), name="mock-botcake", daemon=True)
    thread.start()
    return BackgroundServer(server, thread, host)


def _run_until_closed(server: Any) -> None:
    server.run()  # returns once stop() has closed everything in its socket map
