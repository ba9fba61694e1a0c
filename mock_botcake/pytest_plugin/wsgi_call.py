"""Calling the fake's WSGI app with a ``requests`` request, in-process, as a WSGI server would.

The environ is built the way waitress builds it (PEP 3333): the path percent-decoded into
``PATH_INFO``, headers as ``HTTP_*`` keys, and header names with underscores dropped, so both ways
into the fake see the same request (docs/fidelity.md 7.2). Built by hand rather than with werkzeug's
``EnvironBuilder``, which does much more (forms, files, cookies) and costs a third of a call.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from requests import PreparedRequest

DEFAULT_PORTS = {"http": "80", "https": "443"}


@dataclass(frozen=True)
class WsgiAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def call_app(app: Any, request: PreparedRequest) -> WsgiAnswer:
    """Run ``request`` through ``app`` and answer what a WSGI server would send back."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return _no_write

    app_iter = app(_environ(request), start_response)
    try:
        body = b"".join(app_iter)
    finally:
        if hasattr(app_iter, "close"):
            app_iter.close()
    status, headers = started
    return WsgiAnswer(int(status.split(" ", 1)[0]), dict(headers), body)


def _environ(request: PreparedRequest) -> dict[str, Any]:
    url = urlsplit(request.url or "")
    body = _body_bytes(request.body)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method or "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(url.path or "/").decode("latin-1"),
        "QUERY_STRING": url.query,
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(url.port) if url.port else DEFAULT_PORTS.get(url.scheme, "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": url.scheme or "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request.headers.items():
        if "_" in name:
            continue  # dropped, as waitress and nginx drop them
        key = name.upper().replace("-", "_")
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = text
    environ["CONTENT_LENGTH"] = str(len(body)) if body else environ.get("CONTENT_LENGTH", "")
    return environ


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    # responses has already read file-like bodies; what is left is an iterable of chunks.
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in body)


def _no_write(data: bytes) -> None:
    raise NotImplementedError("the fake's app streams through its return value, never write()")
