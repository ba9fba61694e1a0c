"""GET /_mock/ui: the dashboard a developer keeps open beside their app, and the fragment it polls.

Server-rendered with Jinja (autoescaped) from templates/dashboard/ beside this module; the small script in
static/ polls ``/_mock/ui/live`` about once a second and swaps in only the panels that changed, so the
reader's scroll stays where it was. A strict Content-Security-Policy (no inline script) backs up the
escaping: even a string that slipped through could not run. URLs from content become links only for
http(s), images also for ``data:image/``. The page is for people: it is not in the OpenAPI document,
and its requests are neither journaled nor logged. Tests: ``tests/dashboard/`` (HTML in-process, and
Playwright driving Debian's Chromium).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, make_response, render_template, request
from markupsafe import Markup
from werkzeug.http import generate_etag

from ...web.context import current_store
from ...wire.urls import DASHBOARD_PREFIX
from ..context import current_faults, current_journal
from .view import (
    dicts,
    faults_view,
    journal_view,
    json_text,
    pages_view,
    safe_image_url,
    safe_url,
    tree_lines,
)

blueprint = Blueprint(
    "dashboard",
    __name__,
    url_prefix=DASHBOARD_PREFIX,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src http: https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
POLL_INTERVAL_MS = 1000


@blueprint.get("")
def dashboard() -> Response:
    panels = _panels()
    # The page carries the panels' ETag, so the script's first poll is a 304 unless something changed.
    page = render_template(
        "dashboard/page.html", panels=Markup(panels), etag=_etag(panels), poll_ms=POLL_INTERVAL_MS
    )
    return _html(page)


@blueprint.get("/live")
def live() -> Response:
    """The panels alone; answers 304 while they are what the client already has (its ETag)."""
    panels = _panels()
    response = _html(panels)
    response.set_etag(_etag(panels).strip('"'))
    return response.make_conditional(request)


@blueprint.after_request
def _lock_down(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.context_processor
def _drawing_helpers() -> dict[str, Any]:
    return {
        "safe_url": safe_url,
        "safe_image_url": safe_image_url,
        "dicts": dicts,
        "json_text": json_text,
        "tree_lines": tree_lines,
    }


def _panels() -> str:
    """Every panel, rendered (and escaped) by the autoescaping template."""
    journal = current_journal()
    return render_template(
        "dashboard/live.html",
        pages=pages_view(current_store()),
        # None: the server runs with --journal-size 0, so there is nothing to show.
        journal=journal_view(journal.entries()) if journal.size else None,
        faults=faults_view(current_faults().listed()),
    )


def _etag(panels: str) -> str:
    return f'"{generate_etag(panels.encode("utf-8"))}"'


def _html(body: str) -> Response:
    response = make_response(body)
    response.mimetype = "text/html"
    response.headers["Cache-Control"] = "no-cache"
    return response
