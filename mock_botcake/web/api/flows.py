"""GET flows, GET flows/<path>, GET flows/<flow_id>/statistics."""

from __future__ import annotations

import json
import re

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from ... import fidelity, schemas
from ...store import BadFlowPath, FlowNotFound
from ..context import current_store
from ..converters import MAX_ID
from ..errors import ApiError

blueprint = Blueprint("flows", __name__)

# A JSON-style array of folder ids, the encoding S1 documents: [1561,1564] (spaces allowed), or [].
# The pattern is the schema's, so that the OpenAPI document says exactly what is accepted.
_PATH_LITERAL = re.compile(schemas.definition("common", "flow_path")["pattern"])


@blueprint.get("/flows")
def list_flows(page_id: str) -> ResponseReturnValue:
    if "path" in request.args:
        return _children_of_path(page_id, request.args["path"])
    return jsonify({"success": True, "data": current_store().flow_tree(page_id)})


@blueprint.get("/flows/<flow_path>")
def list_flows_by_path(page_id: str, flow_path: str) -> ResponseReturnValue:
    return _children_of_path(page_id, flow_path)


@blueprint.get("/flows/<id:flow_id>/statistics")
def flow_statistics(page_id: str, flow_id: int) -> ResponseReturnValue:
    try:
        statistics = current_store().flow_statistics(page_id, flow_id)
    except FlowNotFound as error:
        raise ApiError(fidelity.UNKNOWN_FLOW_STATISTICS, [str(error)]) from None
    return jsonify({"success": True, "data": statistics})


def _children_of_path(page_id: str, literal: str) -> ResponseReturnValue:
    path = parse_flow_path(literal)
    try:
        children = current_store().folder_children(page_id, path)
    except BadFlowPath as error:
        raise ApiError(fidelity.BAD_FLOW_PATH, [str(error)]) from None
    return jsonify({"success": True, "data": children})


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
