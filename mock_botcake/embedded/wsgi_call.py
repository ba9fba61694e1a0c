"""Calling the fake's WSGI app with a ``requests`` request, in-process, as a WSGI server would.

The environ is built by ``web/environ.py``, as for ``mock-botcake serve`` (PEP 3333: the path
percent-decoded into ``PATH_INFO``, headers as ``HTTP_*`` keys, header names with underscores
dropped), so both ways into the fake see the same request (docs/fidelity.md 7.2). Built by hand rather
than with werkzeug's ``EnvironBuilder``, which does much more (forms, files, cookies) and costs a third
of a call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from requests import PreparedRequest

from ..web.environ import build_environ
from ..web.wsgi import run_to_completion

DEFAULT_PORTS = {"http": "80", "https": "443"}


@dataclass(frozen=True)
class WsgiAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def call_app(app: Any, request: PreparedRequest) -> WsgiAnswer:
    """Run ``request`` through ``app`` and answer what a WSGI server would send back."""
    status, headers, body = run_to_completion(app, _environ(request))
    return WsgiAnswer(int(status.split(" ", 1)[0]), dict(headers), body)


def _environ(request: PreparedRequest) -> dict[str, Any]:
    url = urlsplit(request.url or "")
    return build_environ(
        method=request.method or "GET",
        path=unquote_to_bytes(url.path or "/").decode("latin-1"),
        query=url.query,
        headers=((name, _text(value)) for name, value in request.headers.items()),
        body=_body_bytes(request.body),
        server=(
            url.hostname or "localhost",
            str(url.port) if url.port else DEFAULT_PORTS.get(url.scheme, "80"),
        ),
        remote_addr="127.0.0.1",
        scheme=url.scheme or "http",
    )


def _text(value: str | bytes) -> str:
    """A header value as PEP 3333 text: its bytes read as latin-1, as a server reads them off the wire.

    A ``str`` that latin-1 cannot hold (http.client would refuse to send it) is taken as its UTF-8 bytes,
    lone surrogates included, so that the app never sees text a real request could not carry.
    """
    if isinstance(value, bytes):
        return value.decode("latin-1")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("latin-1")
    return value


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    # responses has already read file-like bodies; what is left is an iterable of chunks.
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else chunk for chunk in body)
