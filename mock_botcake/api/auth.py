"""The per-page token check run before every API handler (fidelity 7.1 and 7.2).

A request is let through only with the ``access-token`` header holding the current token of the page
in its URL. An unknown token is refused before the page is looked at, so a caller without a valid
token learns nothing about which pages exist.
"""

from __future__ import annotations

from flask import request

from .. import fidelity
from ..web.answers import ApiError
from ..web.context import current_store

TOKEN_HEADER = "access-token"
QUERY_TOKEN_NAMES = ("access_token", "access-token")


def require_page_token() -> None:
    """Refuse the request unless its token belongs to the page named in its URL."""
    page_id = (request.view_args or {}).get("page_id")
    if page_id is None:
        return  # no route matched; the 404 handler answers
    # Most requests have no query string: skip parsing one (a cost on every write otherwise).
    if request.query_string and any(name in request.args for name in QUERY_TOKEN_NAMES):
        raise ApiError(fidelity.TOKEN_IN_QUERY)
    token = request.headers.get(TOKEN_HEADER, "")
    if not token:
        raise ApiError(fidelity.MISSING_TOKEN)
    owner = current_store().page_of_token(token)
    if owner is None:
        raise ApiError(fidelity.UNKNOWN_TOKEN)
    if owner != page_id:
        raise ApiError(fidelity.TOKEN_FOR_OTHER_PAGE)
