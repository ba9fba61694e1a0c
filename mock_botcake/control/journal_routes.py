"""``GET/DELETE /_mock/requests``: read and clear the request journal (``journal.py``)."""

from __future__ import annotations

from typing import Any

from .context import current_journal
from .routes import PAGING_REFUSAL, control, paging_args


@control.operation(
    "get",
    "/requests",
    "listRequests",
    summary="The request journal: the latest API requests, oldest first",
    response="control/requests",
    query=("requests_after", "requests_limit"),
    refuses=PAGING_REFUSAL,
)
def list_requests() -> dict[str, Any]:
    after, limit = paging_args()
    return {"requests": current_journal().entries(after=after, limit=limit)}


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
