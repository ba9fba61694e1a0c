"""WSGI middleware that times every request, journals the API ones and logs API and control ones.

Outside the other middlewares, so the journal and the log show what the client really got: a fault's
answer, an admin-token refusal, or status 0 for a dropped connection.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from .. import fidelity
from ..web.answers import REFUSAL_KEY
from ..web.wsgi import StartResponse, WSGIApp
from ..wire.envelopes import timestamp
from ..wire.urls import api_target, is_api_path, is_control_path, is_dashboard_path
from .faulting import FIRED_RULE_KEY
from .journal import Journal, body_for_journal, query_for_journal, token_hint
from .proxying import PROXIED_KEY

DROPPED = 0  # the status journaled and logged when no answer was sent


class RequestRecorder:
    """Journals each API request into ``journal`` and passes one line per API/control request to ``log``."""

    def __init__(self, app: WSGIApp, journal: Journal, log: Callable[[str], None] | None = None) -> None:
        self.app = app
        self.journal = journal
        self.log = log

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        journaled = is_api_path(path) and self.journal.size > 0
        # Not the dashboard: an open tab polls every second and would bury the lines that matter.
        logged = self.log is not None and (
            is_api_path(path) or (is_control_path(path) and not is_dashboard_path(path))
        )
        if not (journaled or logged):
            return self.app(environ, start_response)
        received_at = datetime.now(UTC)
        started = time.perf_counter()
        body = _buffered_body(environ) if journaled else None
        statuses: list[int] = []

        def recording_start_response(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            statuses.append(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        try:
            result = self.app(environ, recording_start_response)
        except Exception:
            self._done(environ, path, DROPPED, received_at, started, body, journaled)
            raise
        self._done(
            environ, path, statuses[-1] if statuses else DROPPED, received_at, started, body, journaled
        )
        return result

    def _done(
        self,
        environ: dict[str, Any],
        path: str,
        status: int,
        received_at: datetime,
        started: float,
        body: Any,
        journaled: bool,
    ) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        method = environ.get("REQUEST_METHOD", "")
        if journaled:
            self.journal.record(
                {
                    "method": method,
                    "path": path,
                    "query": query_for_journal(environ.get("QUERY_STRING", "")),
                    "page_id": api_target(path)[0],
                    "status": status,
                    "refusal": environ.get(REFUSAL_KEY),
                    "received_at": timestamp(received_at),
                    "duration_ms": duration_ms,
                    "body": body,
                    "token": token_hint(environ.get("HTTP_ACCESS_TOKEN")),
                    "fault": environ.get(FIRED_RULE_KEY),
                    # Under serve --proxy: whether the real API answered, and its answer's body.
                    **environ.get(PROXIED_KEY, {}),
                }
            )
        if self.log is not None:
            shown = "dropped" if status == DROPPED else str(status)
            self.log(f"{method} {path} {shown} {duration_ms:.1f}ms")


def _buffered_body(environ: dict[str, Any]) -> Any:
    """The body as the journal shows it; read here and put back for the app to read again."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0:
        return None
    if length > fidelity.MAX_BODY_BYTES:
        # Left unread: the app refuses it (413) from the header alone.
        return f"({length} bytes, over the body size limit: not recorded)"
    raw = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(raw)
    return body_for_journal(raw)
