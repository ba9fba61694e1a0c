"""POST flows/send_flow and POST flows/send_content: validated, recorded, never delivered."""

from __future__ import annotations

from typing import Any

from .. import fidelity
from ..store import FlowNotFound, IdsExhausted
from ..web.answers import IDS_EXHAUSTED
from ..web.context import current_store
from ..web.operations import SEND
from .routes import api


@api.operation(
    "post",
    "/flows/send_flow",
    "sendFlow",
    tag="sends",
    summary="Send a flow to a customer (recorded, not delivered)",
    response="responses/send",
    request="requests/send_flow",
    empty_body=fidelity.EMPTY_SEND_BODY,
    effect=SEND,
    store_errors={IdsExhausted: IDS_EXHAUSTED, FlowNotFound: fidelity.UNKNOWN_OR_REMOVED_FLOW},
)
def send_flow(page_id: str, body: dict[str, Any]) -> dict[str, Any]:
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
    empty_body=fidelity.EMPTY_SEND_BODY,
    effect=SEND,
    store_errors={IdsExhausted: IDS_EXHAUSTED},
)
def send_content(page_id: str, body: dict[str, Any]) -> dict[str, Any]:
    # The flow_ids of its buttons and quick replies are not checked (fidelity 7.5).
    current_store().record_content_send(
        page_id, body["psid"], body["data"], body.get("message_tag"), body.get("payload")
    )
    return {}
