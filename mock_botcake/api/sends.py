"""POST flows/send_flow and POST flows/send_content: validated, recorded, never delivered."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import FlowNotFound, IdsExhausted
from ..web.answers import IDS_EXHAUSTED, ApiError
from ..web.bodies import BAD_JSON, PARAMS_WRONG, json_body, validated
from ..web.context import current_store
from .routes import api

EMPTY = object()


@api.operation(
    "post",
    "/flows/send_flow",
    "sendFlow",
    tag="sends",
    summary="Send a flow to a customer (recorded, not delivered)",
    response="responses/send",
    request="requests/send_flow",
    refuses={**BAD_JSON, **PARAMS_WRONG},
    store_errors={IdsExhausted: IDS_EXHAUSTED, FlowNotFound: fidelity.UNKNOWN_OR_REMOVED_FLOW},
)
def send_flow(page_id: str) -> dict[str, Any]:
    body = send_body("requests/send_flow")
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
    # The flow_ids of its buttons and quick replies are not checked (fidelity 7.5).
    body = send_body("requests/send_content")
    current_store().record_content_send(
        page_id, body["psid"], body["data"], body.get("message_tag"), body.get("payload")
    )
    return {}


def send_body(schema_name: str) -> dict[str, Any]:
    """The send's body if it fits its schema; no body at all is missing every parameter (fidelity 7.4)."""
    body = json_body(empty_means=EMPTY)
    if body is EMPTY:
        raise ApiError(fidelity.EMPTY_SEND_BODY, ["the request body is empty: psid and the rest are missing"])
    return validated(schema_name, body)
