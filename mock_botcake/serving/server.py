"""Serving the app on granian's public API: ``serve`` in worker processes, test fixtures in a thread.

The server choice lives here alone, so measuring and switching servers touches one file. Granian (a
Rust HTTP server) runs the app through the RSGI bridge of ``rsgi_bridge.py``, which calls the WSGI app
inline in the worker's event loop (benchmarks/README.md, "The server choice", has the figures).

``run_server`` (``mock-botcake serve``) is granian's own process manager (``granian.Granian``): this
process supervises, ``workers`` forked processes answer, each on its own listening socket of the same
port (``SO_REUSEPORT``: the kernel spreads the connections). Forked, each worker starts with the app
this process built; what several workers must share lives in files (``shared_state.py``). The port is taken
here first, without ``SO_REUSEPORT``, so that a port in use is a clear ``PortUnavailable`` and
``--port 0`` has one real port to hand to granian and to announce; the socket then allows reuse,
stays bound (never listening: the kernel hands connections to listening sockets only) and keeps
the port ours until the server ends. ``on_ready`` is called once a worker accepts connections.

``serve_in_background`` runs granian's embedded server (one worker, a task of a loop in a daemon
thread of this process) on the same kind of reserved port, for the pytest plugin's ``botcake_server``
and other in-process fixtures, whose app shares objects with the test.

What granian answers itself, in Rust, before the bridge sees the request, so without the API's JSON
body (an empty one, with ``connection: close``): a malformed request (400), more than 100 headers
(431), headers past its read buffer of about 400 KiB (431; a 2 MB header was), and a URL too long
for it (414; a 200 KB query string was). Headers over ``MAX_HEADER_BYTES`` in all below those and
bodies over the limit are refused by the bridge, as JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.server.embed import Server as EmbeddedServer

from ..control.context import FAULTS_KEY
from ..control.proxying import PROXY_KEY
from . import shared_state
from .rsgi_bridge import MAX_HEADER_BYTES, RsgiBridge

__all__ = [
    "MAX_HEADER_BYTES",
    "BackgroundServer",
    "PortUnavailable",
    "default_workers",
    "run_server",
    "serve_in_background",
]

BACKLOG = 1024
# On Ctrl-C or SIGTERM, requests under way get this long to finish; then the worker is ended. Without
# it granian waits for every open request, and a client that sent half a request would keep the
# process up for as long as it likes (and `docker stop` would end it with SIGKILL).
STOP_GRACE_S = 2
READY_POLL_S = 0.002
PR_SET_PDEATHSIG = 1  # prctl(2), Linux
# Settings both ways of serving share: HTTP/1.1 only, no websockets, granian's own log lines off
# (its "Embedded server is experimental!" and worker lines help no user of the fake).
_GRANIAN_SETTINGS: dict[str, Any] = {
    "interface": Interfaces.RSGI,
    "http": HTTPModes.http1,
    "websockets": False,
    "backlog": BACKLOG,
    "log_enabled": False,
}


class PortUnavailable(Exception):
    """The host/port cannot be bound (taken, or not an address of this machine)."""


def default_workers() -> int:
    """Every core this process may run on, as WireMock uses every core (one where there is no fork)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None) -> int:
    """How many workers serve runs: ``requested``, else one per core; one where there is no fork."""
    if not hasattr(os, "fork"):
        return 1
    return requested or default_workers()


def reserve(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` that keeps the port for granian's listening sockets.

    Bound without ``SO_REUSEPORT`` first, so that a port another socket holds is refused; then reuse
    is allowed, so that granian's sockets (each bound with ``SO_REUSEPORT``) can join it. It never
    listens, so it is handed no connection.
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        raise PortUnavailable(f"cannot listen on {host}:{port}: {_reason(error)}") from None
    try:
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # as granian binds "::"
        sock.bind((host, port))
        if hasattr(socket, "SO_REUSEPORT"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    except OSError as error:
        sock.close()
        raise PortUnavailable(f"cannot listen on {host}:{port}: {_reason(error)}") from None
    return sock


def _reason(error: OSError) -> str:
    return getattr(error, "strerror", None) or str(error)


def _bridge(app: Any) -> RsgiBridge:
    # The Flask app from create_app holds its fault book; any other WSGI app is never delayed by one.
    # Under --proxy every API request waits for the real API: each runs in a thread, never inline.
    extensions = getattr(app, "extensions", {})
    if PROXY_KEY in extensions:
        return RsgiBridge(app, lambda: True)
    faults = extensions.get(FAULTS_KEY)
    return RsgiBridge(app, faults.may_delay if faults is not None else lambda: False)


def _worker_bridge(parent: int, app: Any) -> RsgiBridge:
    """Granian's target loader, called in each worker process once forked."""
    _end_with_parent(parent)
    return _bridge(app)


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this worker when the serve process ends, even by SIGKILL (Linux).

    Else a ``kill -9`` of serve would leave its workers answering on the port and holding the state
    file. Elsewhere a worker outlives a killed serve until it is stopped itself.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # serve ended before the line above
        os._exit(1)


def run_server(
    app: Any, host: str, port: int, on_ready: Callable[[str, int], None], workers: int = 1
) -> None:
    """Serve ``app`` in ``workers`` processes until Ctrl-C or SIGTERM, calling ``on_ready(host, port)``
    once they accept connections; then stop them (after ``STOP_GRACE_S`` for requests under way).

    The workers are forked: each starts with the app as built here. With more than one, the app's
    store, journal and fault rules are first moved into files they all open (``shared_state``).
    """
    if not hasattr(os, "fork"):
        workers = 1  # Windows: granian serves one worker there, and the workers share state by forking
    reservation = reserve(host, port)
    scratch = shared_state.share(app) if workers > 1 else None
    bound = reservation.getsockname()[1]
    server = Granian(
        "mock_botcake",  # granian's name for the target; each forked worker loads it with _worker_bridge
        address=host,
        port=bound,
        workers=workers,
        workers_kill_timeout=STOP_GRACE_S,
        **_GRANIAN_SETTINGS,
    )
    ready = threading.Thread(
        target=_announce_once_listening, args=(host, bound, on_ready), name="ready", daemon=True
    )
    ready.start()
    try:
        server.serve(target_loader=partial(_worker_bridge, os.getpid(), app), wrap_loader=False)
    except KeyboardInterrupt:
        pass  # Ctrl-C before granian's own handler was in place
    finally:
        reservation.close()
        if scratch is not None:
            shared_state.forget(scratch)


def _announce_once_listening(host: str, port: int, on_ready: Callable[[str, int], None]) -> None:
    """Polls until a worker accepts a connection on the port, then calls ``on_ready`` (in this thread)."""
    target = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    while True:
        try:
            with socket.create_connection((target, port), timeout=1):
                break
        except OSError:
            time.sleep(READY_POLL_S)
    on_ready(host, port)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (everywhere but Windows), else asyncio's own.

    The bridge runs every request on the loop, so the loop is the server's hot path: uvloop served the
    cached GET keywords at about 1.5x the requests/s of asyncio's loop (benchmarks/README.md). Granian's
    worker processes pick it the same way (its ``Loops.auto``).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


class _StoppableServer(EmbeddedServer):
    """Granian's embedded server, whose ``serve`` ends once ``stop()`` is called, even past the grace."""

    async def serve_until_stopped(self) -> None:
        try:
            await self.serve()
        except TimeoutError:
            # Past the grace granian's `join` (asyncio.wait_for) has cancelled the worker. Its shutdown
            # callback, run a moment later, then finds the worker's future cancelled and would print an
            # InvalidStateError traceback that tells the user nothing.
            asyncio.get_running_loop().set_exception_handler(_quiet_after_forced_stop)


def _quiet_after_forced_stop(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if not isinstance(context.get("exception"), asyncio.InvalidStateError):
        loop.default_exception_handler(context)


def _native_threads() -> set[int]:
    """The ids of this process's threads that Python did not start (granian's Rust threads among them)."""
    python = {thread.native_id for thread in threading.enumerate()}
    try:
        return {int(tid) for tid in os.listdir("/proc/self/task")} - python
    except OSError:
        return set()  # no /proc (not Linux): nothing to wait for, as far as can be known


def _wait_for_native_threads_to_end(before: set[int], timeout_s: float = 2.0) -> None:
    """Polls until the native threads started since ``before`` have ended (granian's wind down).

    Only for the embedded server, whose Rust threads live in the test's own process: they outlive its
    worker by a few milliseconds, and if Python's finalization starts under one of them, the thread is
    ended by ``pthread_exit`` inside Rust code that cannot unwind, and the whole process aborts ("panic
    in a function that cannot unwind", exit 134 instead of 0). ``serve`` has no such wait: its Rust
    threads live in granian's worker processes, which granian ends itself.
    """
    deadline = time.monotonic() + timeout_s
    while _native_threads() - before and time.monotonic() < deadline:
        time.sleep(0.001)


@dataclass
class BackgroundServer:
    """The app served by granian in a daemon thread of this process (for in-process test fixtures)."""

    server: _StoppableServer
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
    reservation = reserve(host, port)
    bound = reservation.getsockname()[1]
    server = _StoppableServer(_bridge(app), address=host, port=bound, **_GRANIAN_SETTINGS)
    server.workers_kill_timeout = STOP_GRACE_S  # not a constructor argument of the embedded server
    before = _native_threads()
    loop = new_event_loop()
    thread = threading.Thread(
        target=_run_in_thread, args=(loop, server, reservation), name="mock-botcake", daemon=True
    )
    thread.start()
    _wait_until_listening(host, bound, thread)
    return BackgroundServer(server, thread, host, bound, loop, before)


def _wait_until_listening(host: str, port: int, thread: threading.Thread) -> None:
    target = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    while thread.is_alive():
        try:
            with socket.create_connection((target, port), timeout=1):
                return
        except OSError:
            time.sleep(READY_POLL_S)
    raise PortUnavailable(f"cannot listen on {host}:{port}: the server ended before it listened")


def _run_in_thread(loop: asyncio.AbstractEventLoop, server: _StoppableServer, sock: socket.socket) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(server.serve_until_stopped())
    finally:
        loop.close()
        sock.close()
