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
Ctrl-C or SIGTERM stops the server at once even while a request sleeps out a minute's delay. At most
``MAX_THREADED_REQUESTS`` such threads at once: past that a request is answered 503 (JSON) at once,
without running. A delay ends early when the client hangs up (granian's ``client_disconnect``), so a
client that gave up holds no thread for the rest of its delay.

A chunked body whose framing is broken (a chunk size that is not hex, a missing CRLF, a body cut off)
is refused 400 (JSON) without calling the app: granian does not raise on it but hands over an empty
chunk where the error was, so an empty chunk before the last is taken as broken framing (this also
refuses chunked trailers, which granian hands over the same way). A header value that granian cannot
show as text (bytes beyond ASCII) is not dropped: the app sees ``UNREADABLE_HEADER_VALUE`` in its place,
so a non-UTF-8 ``access-token`` is an invalid token, not a missing one.

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

from granian.rsgi import ProtocolClosed

from .. import fidelity
from ..fidelity import Refusal
from ..web.dribble import DRIBBLE_KEY, DRIBBLES_KEY, pieces_of
from ..web.drop import CLIENT_GONE_KEY, CONNECTION_KEY, ConnectionDropped
from ..web.environ import build_environ
from ..web.paths import normalize_path
from ..web.wsgi import WSGIApp, run_to_completion
from ..wire.envelopes import JSON_CONTENT_TYPE, encode, refusal_body
from ..wire.urls import is_api_path

# All request headers together, with the request line; waitress's default was 256 KiB. Real clients
# send well under 1 KiB, a browser on 127.0.0.1 may carry a few KiB of cookies.
MAX_HEADER_BYTES = 64 * 1024
HEADERS_TOO_LARGE = Refusal(431, "request header fields too large")
INTERNAL_ERROR = Refusal(500, "internal server error")
# Per header line, the bytes that are not name or value: ": " and CRLF.
_LINE_OVERHEAD = 4
MALFORMED_CHUNKED_BODY = Refusal(400, "malformed chunked request body")
# Requests running in threads at once while a delaying fault rule is in force (each sleeps out its
# delay in one); past it, an answer at once rather than an unbounded number of threads.
MAX_THREADED_REQUESTS = 256
TOO_MANY_DELAYED = Refusal(503, f"more than {MAX_THREADED_REQUESTS} delayed requests at once")
# U+FFFD as PEP 3333 environ text (its UTF-8 bytes, one latin-1 character each).
UNREADABLE_HEADER_VALUE = "\ufffd".encode().decode("latin-1")

Answer = tuple[int, list[tuple[str, str]], bytes]


class RsgiBridge:
    """Serves ``app`` (WSGI) to granian's RSGI protocol, one request at a time per call."""

    def __init__(self, app: WSGIApp, may_block: Callable[[], bool] = lambda: False) -> None:
        self.app = app
        self.may_block = may_block
        self._thread_slots = threading.BoundedSemaphore(MAX_THREADED_REQUESTS)

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        if _header_bytes(scope) > MAX_HEADER_BYTES:
            return _refuse(proto, HEADERS_TOO_LARGE)
        body = await _body_within_limit(scope, proto)
        if body is None:
            return _refuse(proto, fidelity.BODY_TOO_LARGE)
        if body is MALFORMED:
            return _refuse(proto, MALFORMED_CHUNKED_BODY)
        environ = _environ(scope, body)
        # Fault rules apply to API requests only: the control plane is answered inline even while the
        # delayed requests have taken every thread, so a test can still read and reset the fake.
        if not (self.may_block() and is_api_path(normalize_path(scope.path))):
            answer = _call(self.app, environ)
        elif self._thread_slots.acquire(blocking=False):
            answer = await _in_a_thread(self.app, environ, proto, self._thread_slots)
        else:
            return _refuse(proto, TOO_MANY_DELAYED)
        if answer is None:
            # Dropped: the socket is already shut, so this goes nowhere; it only ends granian's request.
            return proto.response_empty(500, [("connection", "close")])
        if environ.get(DRIBBLE_KEY):  # a `slow` fault: the body spread over that many seconds
            return await _dribble(proto, answer, environ[DRIBBLE_KEY])
        proto.response_bytes(*_closing_when_short(answer))


def _closing_when_short(answer: Answer) -> Answer:
    """The answer, told to close its connection when its body is shorter than its Content-Length (a
    `truncated` fault): else granian keeps the connection open and the client waits for the rest."""
    status, headers, body = answer
    announced = next((value for name, value in headers if name.lower() == "content-length"), None)
    if announced is None or int(announced) <= len(body):
        return answer
    return status, [*headers, ("connection", "close")], body


def _header_bytes(scope: Any) -> int:
    """About the size of the request's head as sent (the path decoded, so a little under)."""
    line = len(scope.method) + len(scope.path) + len(scope.query_string) + 12
    return line + sum(len(name) + len(value) + _LINE_OVERHEAD for name, value in scope.headers.items())


MALFORMED = b"<malformed>"  # told apart by identity, never by value


async def _body_within_limit(scope: Any, proto: Any) -> bytes | None:
    """The whole body; ``None`` as soon as it is known to be over the limit; ``MALFORMED`` for broken
    chunked framing."""
    length = scope.headers.get("content-length")
    # granian has refused a Content-Length that is not a number (400) before calling the app.
    if length is not None and int(length) > fidelity.MAX_BODY_BYTES:
        return None  # refused on the announcement, before a byte of the body is read
    if "transfer-encoding" not in scope.headers:
        if length is None:
            return b""  # neither header: no body (RFC 9112, 6.3), so nothing to wait for (most GETs)
        return await proto()  # as long as announced (granian holds the client to it)
    chunks, size, ended = [], 0, False
    async for chunk in proto:  # chunked: counted as it comes, never buffered past the limit
        if ended:
            return MALFORMED  # something after an empty chunk: granian's mark of broken framing
        ended = not chunk
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
        headers=_headers(scope.headers),
        body=body,
        server=(local[0], str(local[1])),
        remote_addr=peer[0],
        scheme=scope.scheme,
        protocol=f"HTTP/{scope.http_version}",
        multithread=True,
    )
    environ[CONNECTION_KEY] = (local, peer)
    environ[DRIBBLES_KEY] = True  # a slow body is sent here, with the loop's pauses (web/dribble.py)
    return environ


def _headers(headers: Any) -> list[tuple[str, str]]:
    """The request's headers, with a stand-in value for each that granian cannot show as text."""
    readable = headers.items()
    names = headers.keys()
    if len(names) == len(readable):
        return readable
    shown = {name for name, _ in readable}
    return readable + [(name, UNREADABLE_HEADER_VALUE) for name in dict.fromkeys(names) if name not in shown]


def _address(text: str) -> tuple[str, int]:
    """``"127.0.0.1:8080"`` or ``"[::1]:8080"`` -> ``(host, port)``."""
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


async def _in_a_thread(
    app: WSGIApp, environ: dict[str, Any], proto: Any, slots: threading.BoundedSemaphore
) -> Answer | None:
    """``_call`` in a new daemon thread (holding one of ``slots`` until it ends), awaited without holding
    up the event loop; if the client hangs up meanwhile, the thread is told (``CLIENT_GONE_KEY``)."""
    loop = asyncio.get_running_loop()
    answered: asyncio.Future[Answer | None] = loop.create_future()
    gone = environ[CLIENT_GONE_KEY] = threading.Event()

    def run() -> None:
        try:
            answer = _call(app, environ)
        finally:
            slots.release()
        with contextlib.suppress(RuntimeError):  # the loop has closed: the server is stopping
            loop.call_soon_threadsafe(_settle, answered, answer)

    threading.Thread(target=run, name="mock-botcake-request", daemon=True).start()
    disconnected = asyncio.ensure_future(proto.client_disconnect())
    try:
        await asyncio.wait((answered, disconnected), return_when=asyncio.FIRST_COMPLETED)
        if not answered.done():
            gone.set()  # the thread stops waiting out its delay, and ends
        return await answered
    finally:
        disconnected.cancel()


async def _dribble(proto: Any, answer: Answer, seconds: float) -> None:
    """The head at once, then the body piece by piece, each after its share of ``seconds``; a client that
    hangs up meanwhile ends it."""
    status, headers, body = answer
    transport = proto.response_stream(status, headers)
    pieces = pieces_of(body)
    with contextlib.suppress(ProtocolClosed):
        for piece in pieces:
            await asyncio.sleep(seconds / len(pieces))
            await transport.send_bytes(piece)


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
        return _json_answer(INTERNAL_ERROR)
    return int(status[:3]), headers, body


def _refuse(proto: Any, refusal: Refusal) -> None:
    # Connection: close, as waitress did: the rest of an unread body must not be taken for a request.
    status, headers, body = _json_answer(refusal)
    proto.response_bytes(status, [*headers, ("connection", "close")], body)


def _json_answer(refusal: Refusal) -> Answer:
    return refusal.status, [("content-type", JSON_CONTENT_TYPE)], encode(refusal_body(refusal))
