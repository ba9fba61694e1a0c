"""WSGI middleware applying the fault rules of ``faults.py`` to API requests.

It sits outside Flask, so a fault applied before the handler runs no code of the app at all (the
request changes nothing), and a dropped connection is never turned into a 500 by Flask's handlers.

The network faults (``action.fault``) are made here as far as WSGI can make them: ``malformed`` is an
answer like any other, ``truncated`` an answer whose Content-Length promises more than its body (a
server then closes the connection short of it), ``slow`` a body in pieces with pauses between. What
WSGI cannot say, closing or resetting the connection itself and sending the pieces on time, is asked
of the server behind the request (web/drop.py, web/dribble.py).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from typing import Any

from .. import fidelity
from ..web.dribble import DRIBBLE_KEY, DRIBBLES_KEY, dribbled
from ..web.drop import CLIENT_GONE_KEY, ConnectionDropped, drop_connection, reset_connection
from ..web.wsgi import StartResponse, WSGIApp, json_answer, run_to_completion, status_line
from ..wire.envelopes import JSON_CONTENT_TYPE
from ..wire.urls import api_target, is_api_path
from .faults import DEFAULT_FAULT_STATUS, Fault, FaultBook, RequestDetails

Answer = tuple[str, list[tuple[str, str]], bytes]
Respond = Callable[[StartResponse], Iterable[bytes]]  # an answer, given when called with a start_response

# Set in the WSGI environ of a request a rule fired on: that rule's id and name, for the request journal.
FIRED_RULE_KEY = "mock_botcake.fired_rule"


def _wait(environ: dict[str, Any], seconds: float) -> None:
    """Sleep out a delay; when the client hangs up meanwhile, stop waiting and answer no one."""
    gone = environ.get(CLIENT_GONE_KEY)
    if gone is None:
        time.sleep(seconds)
    elif gone.wait(seconds):
        raise ConnectionDropped("the client hung up during a delay")


class Faulting:
    """Asks the fault book about each API request and delays, drops or answers it as told, or fails it
    as a network would (``action.fault``)."""

    def __init__(self, app: WSGIApp, faults: FaultBook) -> None:
        self.app = app
        self.faults = faults

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not is_api_path(path):
            return self.app(environ, start_response)
        fault = self.faults.pick(environ.get("REQUEST_METHOD", ""), *api_target(path), _details(environ))
        if fault is None:
            return self.app(environ, start_response)
        return self._apply(fault, environ, start_response)

    def _apply(self, fault: Fault, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        environ[FIRED_RULE_KEY] = {"id": fault.rule_id, "name": fault.rule_name}
        real_answer = self._real_answer(fault, environ)
        if fault.delay_ms and fault.network != "slow":  # slow spends its delay dribbling the body
            _wait(environ, fault.delay_ms / 1000)  # the injected slowness itself
        if fault.drop_connection or fault.network == "empty":
            drop_connection(environ)
        if fault.network == "reset":
            reset_connection(environ)
        if fault.network == "malformed":
            return _malformed_answer(start_response)
        answer = _fault_answer(fault) if fault.answers else real_answer
        if fault.network == "truncated":
            return _cut_short(_collected(answer), start_response)
        if fault.network == "slow":
            return _dribbled(_collected(answer), fault.delay_ms / 1000, environ, start_response)
        return answer(start_response)

    def _real_answer(self, fault: Fault, environ: dict[str, Any]) -> Respond:
        """The app's answer, to give when told; under ``after_write`` the app runs at once (the write
        happens) and its answer waits."""
        if not fault.after_write:
            return lambda respond: self.app(environ, respond)
        status, headers, body = run_to_completion(self.app, environ)

        def replay(respond: StartResponse) -> Iterable[bytes]:
            respond(status, headers)
            return [body]

        return replay


def _fault_answer(fault: Fault) -> Respond:
    return lambda respond: json_answer(respond, fault.status or DEFAULT_FAULT_STATUS, fault.body)


def _collected(answer: Respond) -> Answer:
    """The whole of an answer: status line, headers and body."""
    return run_to_completion(lambda _environ, respond: answer(respond), {})


def _cut_short(answer: Answer, start_response: StartResponse) -> list[bytes]:
    """The answer's head with the whole body's Content-Length, then only the first half of the body: the
    server, short of what it announced, closes the connection."""
    status, headers, body = answer
    kept = [(name, value) for name, value in headers if name.lower() != "content-length"]
    start_response(status, [*kept, ("Content-Length", str(len(body)))])
    return [body[: len(body) // 2]]


def _dribbled(
    answer: Answer, seconds: float, environ: dict[str, Any], start_response: StartResponse
) -> Iterable[bytes]:
    """The answer's head at once, its body spread over ``seconds`` (web/dribble.py: by the server
    itself when it can)."""
    status, headers, body = answer
    start_response(status, headers)
    if environ.get(DRIBBLES_KEY):
        environ[DRIBBLE_KEY] = seconds
        return [body]
    return dribbled(body, seconds, environ.get(CLIENT_GONE_KEY))


# What a `malformed` fault answers with HTTP 200: JSON's content type, then a body no JSON parser takes
# (a list cut short, as a proxy or a crashed worker might leave it).
MALFORMED_BODY = b'{"success": true, "data": [{"id": 1, "name": '


def _malformed_answer(start_response: StartResponse) -> list[bytes]:
    start_response(
        status_line(200),
        [("Content-Type", JSON_CONTENT_TYPE), ("Content-Length", str(len(MALFORMED_BODY)))],
    )
    return [MALFORMED_BODY]


# The two headers a WSGI environ keeps without the HTTP_ prefix.
_UNPREFIXED_HEADERS = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


def _details(environ: dict[str, Any]) -> RequestDetails:
    """What a rule's ``match.query``, ``headers`` and ``body`` read of this request, read when asked."""

    def header(name: str) -> str | None:
        key = _UNPREFIXED_HEADERS.get(name) or "HTTP_" + name.upper().replace("-", "_")
        return environ.get(key)

    return RequestDetails(environ.get("QUERY_STRING", ""), header, lambda: _buffered_body(environ))


def _buffered_body(environ: dict[str, Any]) -> bytes:
    """The body's bytes, put back for the app to read again; none past the size limit (the app refuses
    such a body, 413, from its header alone)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return b""
    if not 0 < length <= fidelity.MAX_BODY_BYTES:
        return b""
    raw = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(raw)
    return raw
