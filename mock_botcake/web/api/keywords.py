"""GET keywords, POST keywords/create, POST keywords/update."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ... import fidelity
from ...store import FlowNotFound, KeywordNotFound
from ..bodies import json_body, validated
from ..context import current_store
from ..errors import ApiError

blueprint = Blueprint("keywords", __name__)


@blueprint.get("/keywords")
def list_keywords(page_id: str) -> ResponseReturnValue:
    return jsonify({"success": True, "data": current_store().keywords(page_id)})


@blueprint.post("/keywords/create")
def create_keyword(page_id: str) -> ResponseReturnValue:
    # Real clients send no body (Pipedream) or {}; a body that is there must still be a JSON object.
    validated("requests/keywords_create", json_body(empty_means={}))
    return jsonify({"keyword": current_store().create_keyword(page_id), "success": True})


@blueprint.post("/keywords/update")
def update_keyword(page_id: str) -> ResponseReturnValue:
    body = validated("requests/keywords_update", json_body())
    try:
        keyword = current_store().update_keyword(
            page_id, int(body["keyword_id"]), int(body["update"]["flow_id"])
        )
    except KeywordNotFound as error:
        raise ApiError(fidelity.UNKNOWN_KEYWORD_ON_UPDATE, [str(error)]) from None
    except FlowNotFound as error:
        raise ApiError(fidelity.UNKNOWN_FLOW_ON_UPDATE, [str(error)]) from None
    return jsonify({"keyword": keyword, "success": True})
