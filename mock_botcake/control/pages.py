"""Health, pages and their tokens, recorded sends, reset, and the whole state in and out."""

from __future__ import annotations

from typing import Any

from ..store import InvalidSeed
from ..web.context import current_store
from .context import current_faults, current_journal
from .routes import (
    INVALID_SEED,
    INVALID_STATE,
    PAGE_EXISTS,
    PAGE_NOT_FOUND,
    control,
)

PAGE_REFUSALS = {PAGE_NOT_FOUND: "no page with that id"}


@control.operation(
    "get",
    "/health",
    "health",
    summary="Is the fake up?",
    response="control/health",
    admin=False,
)
def health() -> dict[str, Any]:
    return {"status": "ok"}


@control.operation(
    "get",
    "/pages",
    "listPages",
    summary="Every page with its name and token",
    response="control/pages",
)
def list_pages() -> dict[str, Any]:
    return {"pages": current_store().list_pages()}


@control.operation(
    "post",
    "/pages",
    "addPage",
    summary="Add a page from a seed (every key optional)",
    response="control/page_credentials",
    status=201,
    request="control/page_seed",
    request_required=False,
    bad_body=None,  # the store checks a seed: the schema, then unique ids and parents
    refuses={
        INVALID_SEED: "each problem in `errors`",
        PAGE_EXISTS: "a page with that `page_id` is there already",
    },
    links={
        "sendsOfTheNewPage": {
            "operationId": "listSends",
            "parameters": {"path.page_id": "$response.body#/page_id"},
        },
    },
)
def add_page(body: dict[str, Any]) -> dict[str, Any]:
    return current_store().add_page(body)


@control.operation(
    "post",
    "/pages/{page_id}/rotate_token",
    "rotateToken",
    summary="Give a page a new token; the old one stops working",
    response="control/token",
    refuses=PAGE_REFUSALS,
)
def rotate_token(page_id: str) -> dict[str, Any]:
    return {"access_token": current_store().rotate_token(page_id)}


@control.operation(
    "get",
    "/pages/{page_id}/sends",
    "listSends",
    summary="The page's recorded sends, in the order received",
    response="control/sends",
    query="control/paging_query",
    refuses=PAGE_REFUSALS,
)
def list_sends(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return {"sends": current_store().sends(page_id, after=query["after"], limit=query.get("limit"))}


@control.operation(
    "delete",
    "/pages/{page_id}/sends",
    "clearSends",
    summary="Forget the page's recorded sends",
    response="control/sends",
    refuses=PAGE_REFUSALS,
)
def clear_sends(page_id: str) -> dict[str, Any]:
    current_store().clear_sends(page_id)
    return {"sends": []}


@control.operation(
    "post",
    "/reset",
    "reset",
    summary="Back to the state the server started with",
    response="control/reset",
)
def reset() -> dict[str, Any]:
    current_store().reset()
    current_journal().clear()
    current_faults().reset()
    return {"status": "reset"}


@control.operation(
    "get",
    "/state",
    "exportState",
    summary="The whole state (the seed-file format)",
    response="control/state",
)
def export_state() -> dict[str, Any]:
    return current_store().export_state()


@control.operation(
    "put",
    "/state",
    "importState",
    summary="Replace the whole state; answers the new state",
    response="control/state",
    request="control/state",
    bad_body=None,  # the store checks a state: its format, then each page as a seed
    refuses={INVALID_STATE: "each problem in `errors`"},
    store_errors={InvalidSeed: INVALID_STATE},
)
def import_state(body: dict[str, Any]) -> dict[str, Any]:
    current_store().import_state(body)
    return current_store().export_state()
