"""POST flows/send_flow and POST flows/send_content: validated, recorded, never delivered."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import FlowNotFound, IdsExhausted
from ..web.answers import IDS_EXHAUSTED
from ..web.bodies import BAD_JSON, PARAMS_WRONG, json_body, validated
from ..web.context import current_store
from .routes import api


@api.operation(
    "post",
    "/flows/send_flow",
    "sendFlow",
    tag="sends",
    summary="Send a flow to a customer (recorded, not delivered)",
    response="responses/send",
    request="requests/send_flow",
    refuses={**BAD_JSON, **PARAMS_WRONG},
    store_errors={IdsExhausted: IDS_EXHAUSTED, FlowNotFound: fidelity.UNKNOWN_FLOW_ON_SEND},
)
def send_flow(page_id: str) -> dict[str, Any]:
    body = validated("requests/send_flow", json_body())
    current_store().record_flow_send(page_id, body["psid"], int(body["flow_id"]), body.get("payload"))
    return {}


@api.operation(
    "post",
    "/flows/send_content",
    "sendContent",
    tag="sends",
    summary="Send Dynamic Block v2 content to a customer (recorded, not delivered)",
    response="responses/send",
    request="requests/send_content",
    refuses={**BAD_JSON, **PARAMS_WRONG},
    store_errors={IdsExhausted: IDS_EXHAUSTED},
)
def send_content(page_id: str) -> dict[str, Any]:
    body = validated("requests/send_content", json_body())
    current_store().record_content_send(
        page_id, body["psid"], body["data"], body.get("message_tag"), body.get("payload")
    )
    return {}
