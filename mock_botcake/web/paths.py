"""Accepts the URL spellings real clients send: ``//`` (Pipedream's ``v1//pages``) and a trailing ``/``.

Done as WSGI middleware, before routing, so that every route gets it and a POST is never redirected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

_SLASH_RUNS = re.compile(r"/{2,}")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def normalize_path(path: str) -> str:
    """``//a//b/`` -> ``/a/b``; the root stays ``/``."""
    path = _SLASH_RUNS.sub("/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path


class SlashTolerantPaths:
    """Wraps a WSGI app so that its routes match whatever slashes the client doubled or added."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["PATH_INFO"] = normalize_path(environ.get("PATH_INFO", "") or "/")
        return self.app(environ, start_response)
