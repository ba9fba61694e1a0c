"""The RSGI app that `mock-botcake serve` runs on granian: it serves the fake's WSGI app.

Why RSGI and not granian's own WSGI interface: granian's WSGI environ turns an ``access_token``
(underscore) header into ``HTTP_ACCESS_TOKEN``, the same key as ``access-token``, where waitress and
nginx drop it (docs/fidelity.md 7.2); RSGI hands over the raw header names, and the environ is built
by ``web/environ.py`` as for the pytest plugin's in-process calls. And it is faster: granian's WSGI
runs the app in blocking threads that contend for the GIL, while this bridge calls the app inline in
the event loop (the store serialises every request behind one lock anyway). benchmarks/README.md,
"The server choice", has the figures.

Inline calls must not sleep, or every other request waits: when a fault rule with ``delay_ms`` is in
force (``may_block``), each request runs in a thread of its own instead. A daemon thread, so that
Ctrl-C or SIGTERM stops the server at once even while a request sleeps out a minute's delay.

The bridge also keeps the limits that waitress kept in front of the app, answering in the API's JSON
error shape: headers over ``MAX_HEADER_BYTES`` in all (431), and a body over
``fidelity.MAX_BODY_BYTES`` (413), refused on its Content-Length before it is read, or, chunked, as
soon as it passes the limit. What granian refuses itself, before any Python runs, is answered without
a body (see server.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import traceback
from collections.abc import Callable
from typing import Any

from . import fidelity, strict_json
from .web.drop import CONNECTION_KEY, ConnectionDropped
from .web.environ import build_environ
from .web.wsgi import WSGIApp, error_body, run_to_completion

# All request headers together, with the request line; waitress's default was 256 KiB. Real clients
# send well under 1 KiB, a browser on 127.0.0.1 may carry a few KiB of cookies.
MAX_HEADER_BYTES = 64 * 1024
HEADERS_TOO_LARGE = (431, "request header fields too large")
# Per header line, the bytes that are not name or value: ": " and CRLF.
_LINE_OVERHEAD = 4

Answer = tuple[int, list[tuple[str, str]], bytes]


class RsgiBridge:
    """Serves ``app`` (WSGI) to granian's RSGI protocol, one request at a time per call."""

    def __init__(self, app: WSGIApp, may_block: Callable[[], bool] = lambda: False) -> None:
        self.app = app
        self.may_block = may_block

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        if _header_bytes(scope) > MAX_HEADER_BYTES:
            return _refuse(proto, *HEADERS_TOO_LARGE)
        body = await _body_within_limit(scope, proto)
        if body is None:
            return _refuse(proto, fidelity.BODY_TOO_LARGE.status, fidelity.BODY_TOO_LARGE.message)
        environ = _environ(scope, body)
        answer = await _in_a_thread(self.app, environ) if self.may_block() else _call(self.app, environ)
        if answer is None:
            # Dropped: the socket is already shut, so this goes nowhere; it only ends granian's request.
            return proto.response_empty(500, [("connection", "close")])
        proto.response_bytes(*answer)


def _header_bytes(scope: Any) -> int:
    """About the size of the request's head as sent (the path decoded, so a little under)."""
    line = len(scope.method) + len(scope.path) + len(scope.query_string) + 12
    return line + sum(len(name) + len(value) + _LINE_OVERHEAD for name, value in scope.headers.items())


async def _body_within_limit(scope: Any, proto: Any) -> bytes | None:
    """The whole body, or ``None`` as soon as it is known to be over the limit."""
    length = scope.headers.get("content-length")
    # granian has refused a Content-Length that is not a number (400) before calling the app.
    if length is not None and int(length) > fidelity.MAX_BODY_BYTES:
        return None  # refused on the announcement, before a byte of the body is read
    if "transfer-encoding" not in scope.headers:
        if length is None:
            return b""  # neither header: no body (RFC 9112, 6.3), so nothing to wait for (most GETs)
        return await proto()  # as long as announced (granian holds the client to it)
    chunks, size = [], 0
    async for chunk in proto:  # chunked: counted as it comes, never buffered past the limit
        size += len(chunk)
        if size > fidelity.MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _environ(scope: Any, body: bytes) -> dict[str, Any]:
    local, peer = _address(scope.server), _address(scope.client)
    path = scope.path
    environ = build_environ(
        method=scope.method,
        # granian decodes the path as UTF-8; PEP 3333 wants each byte as one latin-1 character.
        path=path if path.isascii() else path.encode("utf-8").decode("latin-1"),
        query=scope.query_string,
        headers=scope.headers.items(),
        body=body,
        server=(local[0], str(local[1])),
        remote_addr=peer[0],
        scheme=scope.scheme,
        protocol=f"HTTP/{scope.http_version}",
        multithread=True,
    )
    environ[CONNECTION_KEY] = (local, peer)
    return environ


def _address(text: str) -> tuple[str, int]:
    """``"127.0.0.1:8080"`` or ``"[::1]:8080"`` -> ``(host, port)``."""
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


async def _in_a_thread(app: WSGIApp, environ: dict[str, Any]) -> Answer | None:
    """``_call`` in a new daemon thread, awaited without holding up the event loop."""
    loop = asyncio.get_running_loop()
    answered: asyncio.Future[Answer | None] = loop.create_future()

    def run() -> None:
        answer = _call(app, environ)
        with contextlib.suppress(RuntimeError):  # the loop has closed: the server is stopping
            loop.call_soon_threadsafe(_settle, answered, answer)

    threading.Thread(target=run, name="mock-botcake-request", daemon=True).start()
    return await answered


def _settle(answered: asyncio.Future[Answer | None], answer: Answer | None) -> None:
    if not answered.done():  # not cancelled meanwhile
        answered.set_result(answer)


def _call(app: WSGIApp, environ: dict[str, Any]) -> Answer | None:
    """The app's whole answer; ``None`` when a fault dropped the connection."""
    try:
        status, headers, body = run_to_completion(app, environ)
    except ConnectionDropped:
        return None
    except Exception:
        # What a WSGI server does with a crash of the app: log it and answer 500, in the API's shape.
        traceback.print_exc()
        return _json_answer(500, "internal server error")
    return int(status[:3]), headers, body


def _refuse(proto: Any, status: int, message: str) -> None:
    # Connection: close, as waitress did: the rest of an unread body must not be taken for a request.
    status, headers, body = _json_answer(status, message)
    proto.response_bytes(status, [*headers, ("connection", "close")], body)


def _json_answer(status: int, message: str) -> Answer:
    body = strict_json.dumps(error_body(message)).encode("utf-8")
    return status, [("content-type", "application/json")], body
