"""GET flows, GET flows/{path}, GET flows/{flow_id}/statistics."""

from __future__ import annotations

import json
import re
from typing import Any

from .. import fidelity
from ..store import FlowNotFound
from ..web.answers import ApiError
from ..web.context import current_store
from ..web.converters import MAX_ID
from ..wire import schemas
from .routes import api

# A JSON-style array of folder ids, the encoding S1 documents: [1561,1564] (spaces allowed), or [].
# The pattern is the schema's, so that the OpenAPI document says exactly what is accepted.
_PATH_LITERAL = re.compile(schemas.definition("common", "flow_path")["pattern"])


@api.operation(
    "get",
    "/flows",
    "listFlows",
    tag="flows",
    summary="Every folder and flow of the page",
    response="responses/flows",
    query="requests/flows_query",
    bad_query=fidelity.BAD_FLOW_PATH,
    refuses={fidelity.BAD_FLOW_PATH: "only with `?path=`: as `flows/{path}` refuses it"},
    cached=True,
    description="Flat, linked by `parent_id`. With `?path=[a,b]` it answers what `flows/{path}` does.",
    links={
        "statisticsOfFirstFlow": {
            "operationId": "getFlowStatistics",
            "parameters": {"path.flow_id": "$response.body#/data/flows/0/id"},
        }
    },
)
def list_flows(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    if "path" in query:
        return _children_of_path(page_id, query["path"])
    return {"data": current_store().flow_tree(page_id)}


@api.operation(
    "get",
    "/flows/{path}",
    "listFlowsByPath",
    tag="flows",
    summary="The direct children of a folder",
    response="responses/flows_by_path",
    refuses={
        fidelity.BAD_FLOW_PATH: "a malformed path, a bare id, an unknown folder or a broken chain, with "
        "details in `errors`"
    },
    cached=True,
)
def list_flows_by_path(page_id: str, path: str) -> dict[str, Any]:
    return _children_of_path(page_id, path)


@api.operation(
    "get",
    "/flows/{flow_id}/statistics",
    "getFlowStatistics",
    tag="flows",
    summary="Delivery statistics of a flow",
    response="responses/flow_statistics",
    store_errors={FlowNotFound: fidelity.UNKNOWN_FLOW_STATISTICS},
    cached=True,
)
def flow_statistics(page_id: str, flow_id: int) -> dict[str, Any]:
    return {"data": current_store().flow_statistics(page_id, flow_id)}


def _children_of_path(page_id: str, literal: str) -> dict[str, Any]:
    return {"data": current_store().folder_children(page_id, parse_flow_path(literal))}


def parse_flow_path(literal: str) -> list[int]:
    """``"[1561, 1564]"`` -> ``[1561, 1564]``; anything else (a bare id, a word) is refused."""
    if not _PATH_LITERAL.fullmatch(literal):
        raise ApiError(
            fidelity.BAD_FLOW_PATH,
            [f"path must be a list of folder ids like [1561,1564], got {json.dumps(literal[:60])}"],
        )
    ids = [int(part) for part in literal.strip("[] ").split(",") if part.strip()]
    if any(not 1 <= folder_id <= MAX_ID for folder_id in ids):
        raise ApiError(fidelity.BAD_FLOW_PATH, ["folder ids are positive 64-bit integers"])
    return ids
