"""WSGI middleware applying the fault rules of ``faults.py`` to API requests.

It sits outside Flask, so a fault applied before the handler runs no code of the app at all (the
request changes nothing), and a dropped connection is never turned into a 500 by Flask's handlers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from ..web.drop import CLIENT_GONE_KEY, ConnectionDropped, drop_connection
from ..web.wsgi import StartResponse, WSGIApp, json_answer, run_to_completion
from ..wire.urls import api_target, is_api_path
from .faults import Fault, FaultBook

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
        fault = self.faults.pick(environ.get("REQUEST_METHOD", ""), *api_target(path))
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
