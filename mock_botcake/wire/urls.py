"""Where things are on the fake's URL space: the API's base, the page prefix (and the marketing
endpoints' under it), the control plane.

A leaf module (it imports nothing of the project), so that every layer can ask where a path points
without importing the layers that answer it.
"""

from __future__ import annotations

import re

API_BASE = "/api/public_api/v1"
PAGE_PREFIX = API_BASE + "/pages/{page_id}"
# S4's marketing-message endpoints, under the page prefix (the api group's and `snapshot`'s reads').
MARKETING_PREFIX = "/marketing_messages"
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


def media_url(host_url: str, page_id: str, media_id: str) -> str:
    """Where the control plane serves a file upload_media received (``GET /_mock/pages/{id}/media/{id}``)."""
    return f"{host_url.rstrip('/')}{CONTROL_PREFIX}/pages/{page_id}/media/{media_id}"
