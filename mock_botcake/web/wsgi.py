"""Small WSGI helpers for the middlewares: JSON answers and where an API path points."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from .. import strict_json
from .api import API_BASE

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
StartResponse = Callable[..., Any]

CONTROL_PREFIX = "/_mock"
DASHBOARD_PREFIX = CONTROL_PREFIX + "/ui"
_API_PAGE_PATH = re.compile(re.escape(API_BASE) + r"/pages/([^/]+)(?:/(.*))?")


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def is_control_path(path: str) -> bool:
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


def is_dashboard_path(path: str) -> bool:
    """The dashboard's page, its once-a-second polls and its static files (``/_mock/ui...``)."""
    return path == DASHBOARD_PREFIX or path.startswith(DASHBOARD_PREFIX + "/")


def api_target(path: str) -> tuple[str | None, str | None]:
    """The page id of an API path and the rest after it: ``(".../pages/1/flows")`` -> ``("1", "flows")``."""
    match = _API_PAGE_PATH.fullmatch(path)
    if match is None:
        return None, None
    return match.group(1), match.group(2) or ""


def json_answer(
    start_response: StartResponse, status: int, body: Any, headers: list[tuple[str, str]] | None = None
) -> list[bytes]:
    """Answer ``body`` as JSON with ``status``, as the Flask app would (compact, UTF-8)."""
    data = strict_json.dumps(body).encode("utf-8") + b"\n"
    start_response(
        status_line(status),
        [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *(headers or [])],
    )
    return [data]


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def error_body(message: str) -> dict[str, Any]:
    """The API's error shape (see ``errors.py``)."""
    return {"success": False, "message": message}


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
