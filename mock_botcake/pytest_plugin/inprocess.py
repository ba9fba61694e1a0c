"""Serving the fake in-process through ``responses``: calls to botcake.io reach the Flask app, no socket.

The route is registered on a ``responses.RequestsMock`` (by default the library's own default mock,
the one ``@responses.activate`` and ``responses.add`` use), so it works beside a test's own mocks.
Every other host passes through to the network, unless the test's own mocks answer it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests
import responses
from flask import Flask
from requests import PreparedRequest

from ..web.drop import ConnectionDropped
from .wsgi_call import call_app

IN_PROCESS_ROOT = "https://botcake.io"
# Every URL of botcake.io goes to the fake, so a test can never reach the real service by mistake.
BOTCAKE_URL = re.compile(r"^https?://(www\.)?botcake\.io(:\d+)?(/|$)", re.IGNORECASE)
OTHER_HOSTS = re.compile(r"^(?!https?://(www\.)?botcake\.io(:\d+)?(/|$))", re.IGNORECASE)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class InProcessRoute:
    """The callbacks that hand botcake.io requests to ``app``."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._registered: list[responses.BaseResponse] = []

    def register(self, mock: responses.RequestsMock) -> None:
        """Answer botcake.io on ``mock`` (e.g. a test's own ``responses.RequestsMock()``)."""
        for method in METHODS:
            self._registered.append(
                mock.add_callback(method, BOTCAKE_URL, callback=self._answer, content_type=None)
            )

    def unregister(self, mock: responses.RequestsMock) -> None:
        for route in self._registered:
            # A test's @responses.activate resets the default mock on exit: ours may be gone already.
            if route in mock.registered():
                mock.remove(route)
        self._registered.clear()

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        try:
            answer = call_app(self.app, request)
        except ConnectionDropped:
            # What requests raises when a real server closes the connection without an answer.
            raise requests.ConnectionError(
                "Connection aborted: the fake dropped the connection (a fault rule)", request=request
            ) from None
        return answer.status, answer.headers, answer.body


@contextmanager
def served_in_process(app: Flask, mock: responses.RequestsMock = responses.mock) -> Iterator[InProcessRoute]:
    """While the block runs, ``requests`` calls to botcake.io reach ``app`` and other hosts pass through."""
    route = InProcessRoute(app)
    # responses has no public "is it started" question; its patcher is set exactly while it is.
    started_here = getattr(mock, "_patcher", None) is None
    route.register(mock)
    mock.add_passthru(OTHER_HOSTS)
    if started_here:
        mock.start()
    try:
        yield route
    finally:
        route.unregister(mock)
        mock.passthru_prefixes = tuple(p for p in mock.passthru_prefixes if p is not OTHER_HOSTS)
        if started_here:
            mock.stop(allow_assert=False)
