"""``serve_botcake()``: a fake on a real HTTP server on a free port, from a thread of this process.

For clients that do not go through ``requests`` (httpx, aiohttp, urllib, a subprocess). The server is
the one of ``mock-botcake serve`` and of the ``botcake_server`` fixture: granian, run in a thread by
``serving/server.py``'s ``serve_in_background``, so the fake answers here exactly as it does there (the
same RSGI bridge, limits and network faults). The block begins once the server has answered a request
and ends once the port is closed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .fake import Botcake
from .mock import activated

if TYPE_CHECKING:
    from ..serving.server import BackgroundServer

# How long the server may take to answer its first request (it takes milliseconds; a loaded CI machine
# may be far slower, and a server that never answers is an error worth waiting a while to be sure of).
READY_WITHIN_S = 30.0
# One readiness probe's wait: a probe that times out is sent again, until READY_WITHIN_S.
PROBE_TIMEOUT_S = 1.0


class ServerNotReady(RuntimeError):
    """The server's thread ended, or it did not answer in time: the message says which."""


@contextmanager
def serve_botcake(seed: str | Path = "empty", host: str = "127.0.0.1", port: int = 0) -> Iterator[Botcake]:
    """Serve a fake of its own, started from ``seed``, at ``http://host:port`` (a free port by default).

    Yields the ``botcake_server`` fixture's handle: give the client ``botcake.base_url``. ``seed`` as for
    ``mock_botcake()``; a taken ``port`` raises ``PortUnavailable``.
    """
    from ..serving.server import serve_in_background
    from .fakes import POOL

    with POOL.fake_from(seed) as fake:
        server = serve_in_background(fake.app, host, port)
        try:
            wait_until_answering(server)
            with activated(Botcake(fake.app, server.base_url)) as handle:
                yield handle
        finally:
            server.stop()


def wait_until_answering(server: BackgroundServer, within_s: float = READY_WITHIN_S) -> None:
    """Polls the server's health check until it answers 200; ``ServerNotReady`` if it never does."""
    import urllib.error
    import urllib.request  # here, not at the top: importing the package (the pytest plugin does) stays cheap

    health = f"{server.base_url}/_mock/health"
    # Straight to the server: an HTTP_PROXY in the environment must not see (or answer) the probe.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + within_s
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if not server.thread.is_alive():
            raise ServerNotReady(f"the server's thread ended before it answered {health}")
        try:
            # The socket listens before the thread starts: a probe waits in its backlog, no sleep needed.
            wait_s = max(0.01, min(PROBE_TIMEOUT_S, deadline - time.monotonic()))
            with opener.open(health, timeout=wait_s):
                return
        except urllib.error.HTTPError as error:  # it answers, but not as a fake's health check does
            raise ServerNotReady(f"{health} answered {error.code}, not 200") from None
        except OSError as error:  # URLError included: timed out, or not accepting yet
            last_problem = str(error)
    raise ServerNotReady(f"{health} did not answer 200 within {within_s:g} s ({last_problem})")
