"""WSGI middleware applying the fault rules of ``faults.py`` to API requests.

It sits outside Flask, so a fault applied before the handler runs no code of the app at all (the
request changes nothing), and a dropped connection is never turned into a 500 by Flask's handlers.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable
from typing import Any

from .. import fidelity
from ..web.drop import CLIENT_GONE_KEY, ConnectionDropped, drop_connection
from ..web.wsgi import StartResponse, WSGIApp, json_answer, run_to_completion
from ..wire.urls import api_target, is_api_path
from .faults import Fault, FaultBook, RequestDetails

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
    """Asks the fault book about each API request and delays, drops or answers it as told."""

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
        if fault.after_write:
            answer = run_to_completion(self.app, environ)  # the write happens; its answer waits

            def real_answer(respond: StartResponse) -> Iterable[bytes]:
                respond(answer[0], answer[1])
                return [answer[2]]
        else:

            def real_answer(respond: StartResponse) -> Iterable[bytes]:
                return self.app(environ, respond)

        if fault.delay_ms:
            _wait(environ, fault.delay_ms / 1000)  # the injected slowness itself
        if fault.drop_connection:
            drop_connection(environ)
        if fault.answers:
            return json_answer(start_response, fault.status or 500, fault.body)
        return real_answer(start_response)


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
