"""``GET/DELETE /_mock/requests``: read and clear the request journal (``journal.py``)."""

from __future__ import annotations

from typing import Any

from .context import current_journal
from .routes import control


@control.operation(
    "get",
    "/requests",
    "listRequests",
    summary="The request journal: the latest API requests, oldest first",
    response="control/requests",
    query="control/paging_query",
)
def list_requests(query: dict[str, Any]) -> dict[str, Any]:
    return {"requests": current_journal().entries(after=query["after"], limit=query.get("limit"))}


@control.operation(
    "delete",
    "/requests",
    "clearRequests",
    summary="Empty the request journal",
    response="control/requests",
)
def clear_requests() -> dict[str, Any]:
    current_journal().clear()
    return {"requests": []}
