"""POST flows/send_flow and POST flows/send_content: validated, recorded, never delivered."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ... import fidelity
from ...store import FlowNotFound
from ..bodies import json_body, validated
from ..context import current_store
from ..errors import ApiError

blueprint = Blueprint("sends", __name__)


@blueprint.post("/flows/send_flow")
def send_flow(page_id: str) -> ResponseReturnValue:
    body = validated("requests/send_flow", json_body())
    try:
        current_store().record_flow_send(page_id, body["psid"], int(body["flow_id"]), body.get("payload"))
    except FlowNotFound as error:
        raise ApiError(fidelity.UNKNOWN_FLOW_ON_SEND, [str(error)]) from None
    return jsonify({"success": True})


@blueprint.post("/flows/send_content")
def send_content(page_id: str) -> ResponseReturnValue:
    body = validated("requests/send_content", json_body())
    current_store().record_content_send(
        page_id, body["psid"], body["data"], body.get("message_tag"), body.get("payload")
    )
    return jsonify({"success": True})
