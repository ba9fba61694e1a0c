"""Calling the fake's WSGI app with a ``requests`` request, in-process, exactly as a server would."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask
from requests import PreparedRequest
from werkzeug.test import EnvironBuilder, run_wsgi_app


@dataclass(frozen=True)
class WsgiAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def call_app(app: Flask, request: PreparedRequest) -> WsgiAnswer:
    """Run ``request`` through ``app`` and answer what a WSGI server would send back."""
    url = urlsplit(request.url or "")
    body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body or b""
    environ = EnvironBuilder(
        path=url.path or "/",
        query_string=url.query,
        method=request.method or "GET",
        # Header names with underscores are dropped, as waitress (and nginx) drop them: both ways into
        # the fake then see the same headers (docs/fidelity.md 7.2).
        headers=[(name, value) for name, value in request.headers.items() if "_" not in name],
        data=body,
        base_url=f"{url.scheme}://{url.netloc}",
    ).get_environ()
    app_iter, status, headers = run_wsgi_app(app, environ, buffered=True)
    try:
        payload = b"".join(app_iter)
    finally:
        if hasattr(app_iter, "close"):
            app_iter.close()
    return WsgiAnswer(int(status.split(" ", 1)[0]), dict(headers), payload)
