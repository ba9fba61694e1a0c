"""Small WSGI helpers for the middlewares: JSON answers, and an app's whole answer collected."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from ..wire.envelopes import JSON_CONTENT_TYPE, encode

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
StartResponse = Callable[..., Any]


def json_answer(
    start_response: StartResponse, status: int, body: Any, headers: list[tuple[str, str]] | None = None
) -> list[bytes]:
    """Answer ``body`` as JSON with ``status``, as the Flask app would (``envelopes.encode``)."""
    data = encode(body)
    start_response(
        status_line(status),
        [("Content-Type", JSON_CONTENT_TYPE), ("Content-Length", str(len(data))), *(headers or [])],
    )
    return [data]


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def run_to_completion(app: WSGIApp, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call the app and collect its whole answer: status line, headers and body."""
    captured: list[Any] = []

    def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        captured[:] = [status, headers]

    result = app(environ, keep)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return captured[0], captured[1], body
