"""Serving the app on granian, in this process, until Ctrl-C or SIGTERM, or in a thread.

The server choice lives here alone, so measuring and switching servers touches one file. Granian
(a Rust HTTP server) runs the app through the RSGI bridge of ``rsgi_bridge.py``, which calls the
WSGI app inline in granian's event loop: 2.6x waitress's requests/s on the fake's GET keywords at 32
connections in one run (6,050 against 2,328 req/s; 0.31 s against 0.26 s to the first 200, and 0.38
against 0.27 ms p50 at one connection: benchmarks/README.md, "The server choice"). One process, one
state: granian's embedded server runs its single worker as a task of this process's own asyncio loop,
on a socket bound here (so that ``--port 0`` has one real port to announce and a taken port is a
clear ``PortUnavailable``). ``serve_in_background`` runs the same server in a thread with a loop of
its own, for the pytest plugin's ``botcake_server`` and other in-process fixtures (waitress is no
longer used by either; ``web/drop.py`` still knows it, for anyone serving the app on it).

What granian answers itself, in Rust, before the bridge sees the request, so without the API's JSON
body (an empty one, with ``connection: close``): a malformed request (400), more than 100 headers
(431), headers past its read buffer of about 400 KiB (431; a 2 MB header was), and a URL too long
for it (414; a 200 KB query string was). Headers over ``MAX_HEADER_BYTES`` in all below those and
bodies over the limit are refused by the bridge, as JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from granian._granian import SocketHolder
from granian.constants import HTTPModes, Interfaces
from granian.server.embed import Server

from ..control.context import FAULTS_KEY
from .rsgi_bridge import MAX_HEADER_BYTES, RsgiBridge

__all__ = ["MAX_HEADER_BYTES", "BackgroundServer", "PortUnavailable", "run_server", "serve_in_background"]

BACKLOG = 1024
# On Ctrl-C or SIGTERM, requests under way get this long to finish; then the worker is cancelled. Without
# it granian waits for every open request, and a client that sent half a request would keep the
# process up for as long as it likes (and `docker stop` would end it with SIGKILL).
STOP_GRACE_S = 2.0


class PortUnavailable(Exception):
    """The host/port cannot be bound (taken, or not an address of this machine)."""


class _BoundServer(Server):
    """Granian's embedded server (its worker a task of the running loop) on a socket bound by us."""

    def __init__(self, bridge: RsgiBridge, sock: socket.socket) -> None:
        super().__init__(
            bridge,
            interface=Interfaces.RSGI,
            http=HTTPModes.http1,
            websockets=False,
            backlog=BACKLOG,
            log_enabled=False,  # granian's own lines ("Embedded server is experimental!") help no user
        )
        self.sock = sock
        self.workers_kill_timeout = STOP_GRACE_S  # not a constructor argument of the embedded server

    async def serve_until_stopped(self) -> None:
        """``serve()``, ending when ``stop()`` is called even if a request is still open after the grace."""
        try:
            await self.serve()
        except TimeoutError:
            # Past the grace granian's `join` (asyncio.wait_for) has cancelled the worker. Its shutdown
            # callback, run a moment later, then finds the worker's future cancelled and would print an
            # InvalidStateError traceback that tells the user nothing.
            asyncio.get_running_loop().set_exception_handler(_quiet_after_forced_stop)

    def _init_shared_socket(self) -> None:
        # A private hook of granian's embedded server (2.8): a granian release that renames it fails
        # every serve test at once (the port would not be ours) rather than serving something else.
        # granian would bind address:port itself, once per worker on Linux: port 0 would give each its
        # own port. It takes a bound, listening socket's descriptor instead, and closes it when its
        # worker ends: it gets a duplicate, so that our socket object stays the one owner of its own.
        self._ssp = None
        self._shd = SocketHolder(os.dup(self.sock.fileno()), False, BACKLOG)


def _quiet_after_forced_stop(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if not isinstance(context.get("exception"), asyncio.InvalidStateError):
        loop.default_exception_handler(context)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; ``PortUnavailable`` when it cannot be had."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=BACKLOG)
    except OSError as error:
        reason = getattr(error, "strerror", None) or error
        raise PortUnavailable(f"cannot listen on {host}:{port}: {reason}") from None


def _bridge(app: Any) -> RsgiBridge:
    # The Flask app from create_app holds its fault book; any other WSGI app is never delayed by one.
    faults = getattr(app, "extensions", {}).get(FAULTS_KEY)
    return RsgiBridge(app, faults.may_delay if faults is not None else lambda: False)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (everywhere but Windows), else asyncio's own.

    The bridge runs every request on the loop, so the loop is the server's hot path: uvloop served the
    cached GET keywords at about 1.5x the requests/s of asyncio's loop (benchmarks/README.md).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def run_server(app: Any, host: str, port: int, on_ready: Callable[[str, int], None]) -> None:
    """Bind, call ``on_ready(host, actual_port)``, and serve until Ctrl-C or SIGTERM; then close cleanly."""
    sock = bind(host, port)
    server = _BoundServer(_bridge(app), sock)
    before = _native_threads()
    try:
        on_ready(host, sock.getsockname()[1])
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            runner.run(_serve_until_signalled(server))
    except KeyboardInterrupt:
        pass  # Ctrl-C before the loop's own handler was in place
    finally:
        sock.close()
        _wait_for_native_threads_to_end(before)


async def _serve_until_signalled(server: _BoundServer) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, server.stop)
    try:
        await server.serve_until_stopped()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


def _native_threads() -> set[int]:
    """The ids of this process's threads that Python did not start (granian's Rust threads among them)."""
    python = {thread.native_id for thread in threading.enumerate()}
    try:
        return {int(tid) for tid in os.listdir("/proc/self/task")} - python
    except OSError:
        return set()  # no /proc (not Linux): nothing to wait for, as far as can be known


def _wait_for_native_threads_to_end(before: set[int], timeout_s: float = 2.0) -> None:
    """Polls until the native threads started since ``before`` have ended (granian's wind down).

    Granian's threads outlive its worker by a few milliseconds; if Python's finalization starts under
    one of them, the thread is ended by ``pthread_exit`` inside Rust code that cannot unwind, and the
    whole process aborts ("panic in a function that cannot unwind", exit 134 instead of 0): 2 to 5 stops
    in 16 did, before this wait.
    """
    deadline = time.monotonic() + timeout_s
    while _native_threads() - before and time.monotonic() < deadline:
        time.sleep(0.001)


@dataclass
class BackgroundServer:
    """The app served by granian in a daemon thread of this process (for in-process test fixtures)."""

    server: _BoundServer
    thread: threading.Thread
    host: str
    port: int
    loop: asyncio.AbstractEventLoop
    native_threads_before: set[int]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Close the listening socket and every open connection, and wait for the thread to end."""
        if not self.thread.is_alive():
            return
        with contextlib.suppress(RuntimeError):  # the loop has just closed by itself
            self.loop.call_soon_threadsafe(self.server.stop)
        self.thread.join(timeout=10)
        # Else a test session that ends right after could abort at exit (see the function).
        _wait_for_native_threads_to_end(self.native_threads_before)


def serve_in_background(app: Any, host: str = "127.0.0.1", port: int = 0) -> BackgroundServer:
    """Serve ``app`` in a background thread; it accepts connections as soon as this returns."""
    sock = bind(host, port)
    server = _BoundServer(_bridge(app), sock)
    before = _native_threads()
    loop = new_event_loop()
    thread = threading.Thread(
        target=_run_in_thread, args=(loop, server, sock), name="mock-botcake", daemon=True
    )
    thread.start()
    return BackgroundServer(server, thread, host, sock.getsockname()[1], loop, before)


def _run_in_thread(loop: asyncio.AbstractEventLoop, server: _BoundServer, sock: socket.socket) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(server.serve_until_stopped())
    finally:
        loop.close()
        sock.close()
