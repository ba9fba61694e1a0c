"""GET keywords, POST keywords/create, POST keywords/update."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import FlowNotFound, IdsExhausted, KeywordNotFound
from ..web.answers import IDS_EXHAUSTED
from ..web.context import current_store
from .routes import api


@api.operation(
    "get",
    "/keywords",
    "listKeywords",
    tag="keywords",
    summary="Every keyword of the page",
    response="responses/keywords",
    cached=True,
)
def list_keywords(page_id: str) -> dict[str, Any]:
    return {"data": current_store().keywords(page_id)}


@api.operation(
    "post",
    "/keywords/create",
    "createKeyword",
    tag="keywords",
    summary="Create an empty, inactive keyword",
    response="responses/keyword_write",
    request="requests/keywords_create",
    request_required=False,  # real clients send no body (Pipedream) or {}
    links={
        "updateTheNewKeyword": {
            "operationId": "updateKeyword",
            "requestBody": {"keyword_id": "$response.body#/keyword/id"},
        }
    },
    store_errors={IdsExhausted: IDS_EXHAUSTED},
)
def create_keyword(page_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"keyword": current_store().create_keyword(page_id)}


@api.operation(
    "post",
    "/keywords/update",
    "updateKeyword",
    tag="keywords",
    summary="Point a keyword at a flow",
    response="responses/keyword_write",
    request="requests/keywords_update",
    store_errors={
        KeywordNotFound: fidelity.UNKNOWN_KEYWORD_ON_UPDATE,
        FlowNotFound: fidelity.UNKNOWN_OR_REMOVED_FLOW,
    },
)
def update_keyword(page_id: str, body: dict[str, Any]) -> dict[str, Any]:
    keyword_id, flow_id = int(body["keyword_id"]), int(body["update"]["flow_id"])
    return {"keyword": current_store().update_keyword(page_id, keyword_id, flow_id)}
