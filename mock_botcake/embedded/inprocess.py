"""Serving the fake in-process through ``responses``: calls to botcake.io reach the Flask app, no socket.

The route is registered on a ``responses.RequestsMock`` (by default the library's own default mock,
the one ``@responses.activate`` and ``responses.add`` use), so it works beside a test's own mocks.
Every other host passes through to the network, unless the test's own mocks answer it.
"""

from __future__ import annotations

import errno
import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

import requests
import responses
from flask import Flask
from requests import PreparedRequest
from urllib3.exceptions import ProtocolError

from ..web.drop import ConnectionDropped, ConnectionReset
from .wsgi_call import call_app

IN_PROCESS_ROOT = "https://botcake.io"
# Every URL of botcake.io goes to the fake, so a test can never reach the real service by mistake.
BOTCAKE_URL = re.compile(r"^https?://(www\.)?botcake\.io(:\d+)?(/|$)", re.IGNORECASE)
OTHER_HOSTS = re.compile(r"^(?!https?://(www\.)?botcake\.io(:\d+)?(/|$))", re.IGNORECASE)


class _AnyMethod(responses.CallbackResponse):
    """One route for every method: a test's own ``RequestsMock`` then sees one botcake.io route, not seven."""

    def matches(self, request: PreparedRequest) -> tuple[bool, str]:
        if BOTCAKE_URL.match(str(request.url)):
            return True, ""
        return False, "not a botcake.io URL"


class InProcessRoute:
    """The callback that hands botcake.io requests to ``app``."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._route = _AnyMethod("GET", BOTCAKE_URL, callback=self._answer, content_type=None)

    def register(self, mock: responses.RequestsMock) -> None:
        """Answer botcake.io on ``mock`` (e.g. a test's own ``responses.RequestsMock()``)."""
        mock.add(self._route)

    def unregister(self, mock: responses.RequestsMock) -> None:
        # A test's @responses.activate resets the default mock on exit: ours may be gone already.
        if self._route in mock.registered():
            mock.remove(self._route)

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        try:
            answer = call_app(self.app, request)
        except ConnectionReset:
            # What requests raises when a real server resets the connection (a TCP RST), as it raises it.
            reset = ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
            raise requests.ConnectionError(
                ProtocolError("Connection aborted.", reset), request=request
            ) from None
        except ConnectionDropped:
            # What requests raises when a real server closes the connection without an answer.
            raise requests.ConnectionError(
                "Connection aborted: the fake dropped the connection (a fault rule)", request=request
            ) from None
        return answer.status, answer.headers, answer.body


@contextmanager
def served_in_process(app: Flask, mock: responses.RequestsMock = responses.mock) -> Iterator[InProcessRoute]:
    """While the block runs, ``requests`` calls to botcake.io reach ``app`` and other hosts pass through.

    Blocks nest: an inner block's fake answers until it ends, then the outer one's answers again.
    """
    route = InProcessRoute(app)
    started_here = not responses_is_patching(mock)
    # An outer block's route would answer first (responses gives a request to the first route that
    # matches), so it steps aside until this block ends.
    shadowed = [registered for registered in mock.registered() if isinstance(registered, _AnyMethod)]
    for outer in shadowed:
        mock.remove(outer)
    route.register(mock)
    passthru_added_here = OTHER_HOSTS not in mock.passthru_prefixes
    if passthru_added_here:
        mock.add_passthru(OTHER_HOSTS)
    if started_here:
        mock.start()
    try:
        with _httpx_kept_off_botcake():
            yield route
    finally:
        route.unregister(mock)
        for outer in shadowed:
            mock.add(outer)
        if passthru_added_here:
            mock.passthru_prefixes = tuple(p for p in mock.passthru_prefixes if p is not OTHER_HOSTS)
        if started_here:
            mock.stop(allow_assert=False)


def responses_is_patching(mock: responses.RequestsMock) -> bool:
    """Whether a responses mock has patched ``mock.target`` (requests' adapter ``send``) right now.

    responses has no public "is it started" question. A started mock puts a function made by its
    public ``unbound_on_send()`` in place of its target, and every such function shares one code
    object, so the target's code tells. (It cannot tell which mock: a test that started a mock of its
    own keeps it started, and botcake.io calls then go to that mock, which refuses them.)
    """
    owner_path, _, attribute = mock.target.rpartition(".")
    module_name, _, class_name = owner_path.rpartition(".")
    current = getattr(getattr(importlib.import_module(module_name), class_name), attribute)
    return getattr(current, "__code__", None) is mock.unbound_on_send().__code__


HTTPX_ADVICE = (
    "the botcake fixture (and mock_botcake()) answers calls made through requests only; this httpx call "
    "to botcake.io was stopped before it reached the real service. Use the botcake_server fixture (or "
    "serve_botcake()) and give the client its base_url"
)


@contextmanager
def _httpx_kept_off_botcake() -> Iterator[None]:
    """While the fixture runs, an httpx call to botcake.io fails at once instead of reaching the real
    service (with the test's token in it); other hosts are untouched."""
    try:
        import httpx
    except ImportError:  # httpx is not installed: nothing to guard
        yield
        return
    sync_send, async_send = httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request

    def guarded(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        _refuse_botcake(request)
        return sync_send(transport, request)

    async def guarded_async(transport: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        _refuse_botcake(request)
        return await async_send(transport, request)

    with (
        patch.object(httpx.HTTPTransport, "handle_request", guarded),
        patch.object(httpx.AsyncHTTPTransport, "handle_async_request", guarded_async),
    ):
        yield


def _refuse_botcake(request: Any) -> None:
    if BOTCAKE_URL.match(str(request.url)):
        import httpx

        raise httpx.ConnectError(HTTPX_ADVICE, request=request)
