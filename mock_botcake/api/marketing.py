"""Marketing messages (S4's ``marketing_messages/``): a page's Meta ad accounts, its marketing messages and
custom audiences, and send_marketing_content, recorded like the other sends.

Every endpoint but ``ad_accounts`` names an ad account of the page in ``?ad_account_id=``. S4 answers
a missing message or audience name with HTTP 200 and ``success: false``: those refusals have status
200 (fidelity.py, "Marketing messages").
"""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import UTC, datetime
from typing import Any

from .. import fidelity
from ..store import AdAccountNotFound, IdsExhausted, MarketingMessageNotFound
from ..web.answers import IDS_EXHAUSTED, ApiError
from ..web.context import current_store
from ..web.operations import SEND
from ..wire import schemas, strict_json
from ..wire.urls import MARKETING_PREFIX
from .routes import api

PREFIX = MARKETING_PREFIX
TAG = "marketing messages"
NO_AD_ACCOUNT = {AdAccountNotFound: fidelity.AD_ACCOUNT_NOT_FOUND}
NO_MESSAGE = {**NO_AD_ACCOUNT, MarketingMessageNotFound: fidelity.MESSAGE_NOT_FOUND}
BAD_CURSOR = {fidelity.PARAMS_WRONG: "a `cursor_after` that is no cursor this endpoint gave"}


@api.operation(
    "get",
    PREFIX + "/ad_accounts",
    "listAdAccounts",
    tag=TAG,
    summary="The Meta ad accounts linked to the page",
    response="responses/marketing_ad_accounts",
    cached=True,
)
def list_ad_accounts(page_id: str) -> dict[str, Any]:
    return {"ad_accounts": current_store().ad_accounts(page_id)}


@api.operation(
    "get",
    PREFIX + "/messages",
    "listMarketingMessages",
    tag=TAG,
    summary="The ad account's marketing messages, newest first, 25 a page by default",
    response="responses/marketing_messages",
    query="requests/marketing_messages_query",
    refuses=BAD_CURSOR,
    store_errors=NO_AD_ACCOUNT,
    cached=True,
)
def list_marketing_messages(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    messages = current_store().marketing_messages(
        page_id, query["ad_account_id"], insights=query["get_insights"] == "true"
    )
    shown, cursor = _page_of(messages, query)
    return {"messages": shown, "cursor_after": cursor}


@api.operation(
    "post",
    PREFIX + "/messages",
    "createMarketingMessage",
    tag=TAG,
    summary="Create a FREEFORM marketing message (status IN_PROCESS)",
    response="responses/marketing_message",
    query="requests/marketing_query",
    request="requests/marketing_message_create",
    refuses={fidelity.PARAMS_WRONG: "a `body` string that is not a JSON message definition"},
    store_errors={**NO_AD_ACCOUNT, IdsExhausted: IDS_EXHAUSTED},
)
def create_marketing_message(page_id: str, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    definition = _definition(body["body"])
    message = current_store().create_marketing_message(
        page_id, query["ad_account_id"], definition, datetime.now(UTC)
    )
    return {"message": message}


@api.operation(
    "post",
    PREFIX + "/messages/sync_from_meta",
    "syncMarketingMessages",
    tag=TAG,
    summary="Start a sync of the marketing messages from Meta (the fake has no Meta: nothing changes)",
    response="responses/marketing_sync",
    query="requests/marketing_query",
    store_errors=NO_AD_ACCOUNT,
)
def sync_marketing_messages(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    current_store().require_ad_account(page_id, query["ad_account_id"])
    return {"message": "Start sync marketing messages from Meta"}


@api.operation(
    "get",
    PREFIX + "/messages/{marketing_message_id}",
    "getMarketingMessage",
    tag=TAG,
    summary="One marketing message",
    response="responses/marketing_message",
    query="requests/marketing_query",
    store_errors=NO_MESSAGE,
    cached=True,
)
def get_marketing_message(page_id: str, marketing_message_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return {
        "message": current_store().marketing_message(page_id, query["ad_account_id"], marketing_message_id)
    }


@api.operation(
    "delete",
    PREFIX + "/messages/{marketing_message_id}",
    "deleteMarketingMessage",
    tag=TAG,
    summary="Delete a marketing message",
    response="responses/marketing_deleted",
    query="requests/marketing_query",
    store_errors=NO_MESSAGE,
)
def delete_marketing_message(
    page_id: str, marketing_message_id: str, query: dict[str, Any]
) -> dict[str, Any]:
    current_store().delete_marketing_message(page_id, query["ad_account_id"], marketing_message_id)
    return {}


@api.operation(
    "put",
    PREFIX + "/messages/{marketing_message_id}/status",
    "setMarketingMessageStatus",
    tag=TAG,
    summary="Change a marketing message's status (answered as IN_PROCESS)",
    response="responses/marketing_message",
    query="requests/marketing_query",
    request="requests/marketing_message_status",
    store_errors=NO_MESSAGE,
)
def set_marketing_message_status(
    page_id: str, marketing_message_id: str, query: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    message = current_store().set_marketing_message_status(
        page_id, query["ad_account_id"], marketing_message_id, body["new_status"]
    )
    return {"message": message}


@api.operation(
    "get",
    PREFIX + "/statistics",
    "getMarketingStatistics",
    tag=TAG,
    summary="Marketing messages with their delivery insights: one (message_id) or a page of them",
    response="responses/marketing_statistics",
    query="requests/marketing_statistics_query",
    refuses=BAD_CURSOR,
    store_errors=NO_MESSAGE,
    cached=True,
)
def marketing_statistics(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    store, ad_account_id = current_store(), query["ad_account_id"]
    insights = query["get_insights"] == "true"
    if "message_id" in query:
        return {
            "message": store.marketing_message(page_id, ad_account_id, query["message_id"], insights=insights)
        }
    shown, cursor = _page_of(store.marketing_messages(page_id, ad_account_id, insights=insights), query)
    return {"messages": shown, "cursor_after": cursor}


@api.operation(
    "get",
    PREFIX + "/custom_audiences",
    "listCustomAudiences",
    tag=TAG,
    summary="The ad account's custom audiences, newest first, 25 a page by default",
    response="responses/custom_audiences",
    query="requests/custom_audiences_query",
    bad_query=fidelity.PARAMS_WRONG,
    store_errors=NO_AD_ACCOUNT,
    cached=True,
)
def list_custom_audiences(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    audiences = current_store().custom_audiences(page_id, query["ad_account_id"])
    term = query.get("search_term", "").casefold()
    if term:
        audiences = [audience for audience in audiences if _mentions(audience, term)]
    start = (query["page"] - 1) * query["page_size"]
    return {"custom_audiences": audiences[start : start + query["page_size"]]}


@api.operation(
    "post",
    PREFIX + "/custom_audiences",
    "createCustomAudience",
    tag=TAG,
    summary="Create a custom audience",
    response="responses/custom_audience",
    query="requests/marketing_query",
    request="requests/custom_audience_create",
    bad_body=fidelity.AUDIENCE_NAME_REQUIRED,
    store_errors={**NO_AD_ACCOUNT, IdsExhausted: IDS_EXHAUSTED},
)
def create_custom_audience(page_id: str, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    audience = current_store().create_custom_audience(
        page_id, query["ad_account_id"], body["name"], body.get("description"), datetime.now(UTC)
    )
    return {"audience": audience}


@api.operation(
    "post",
    PREFIX + "/custom_audiences/sync_from_meta",
    "syncCustomAudiences",
    tag=TAG,
    summary="Start a sync of the custom audiences from Meta (the fake has no Meta: nothing changes)",
    response="responses/marketing_sync",
    query="requests/marketing_query",
    store_errors=NO_AD_ACCOUNT,
)
def sync_custom_audiences(page_id: str, query: dict[str, Any]) -> dict[str, Any]:
    current_store().require_ad_account(page_id, query["ad_account_id"])
    return {"message": "Start sync custom audiences from Meta"}


@api.operation(
    "post",
    PREFIX + "/send_marketing_content",
    "sendMarketingContent",
    tag=TAG,
    summary="Send a marketing message to one subscriber (recorded, not delivered)",
    response="responses/marketing_send",
    query="requests/marketing_query",
    request="requests/send_marketing_content",
    effect=SEND,
    store_errors={**NO_MESSAGE, IdsExhausted: IDS_EXHAUSTED},
)
def send_marketing_content(page_id: str, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    send_id = current_store().record_marketing_send(page_id, query["ad_account_id"], body)
    # Meta's answer carries its own message id ("m_..."): a made-up one, told apart by the send's id.
    return {"response": {"message_id": f"m_{send_id}_{secrets.token_urlsafe(8)}"}}


def _page_of(
    messages: list[dict[str, Any]], query: dict[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of ``limit`` messages after ``cursor_after`` and the cursor of the next page (S4: base64 of
    the next offset, ``"MjU="`` for 25), or None after the last."""
    start = _offset(query.get("cursor_after"))
    end = start + query["limit"]
    cursor = base64.b64encode(str(end).encode()).decode() if end < len(messages) else None
    return messages[start:end], cursor


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        text = base64.b64decode(cursor, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        text = ""
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise ApiError(fidelity.PARAMS_WRONG, [f"cursor_after {cursor!r} is not a cursor of this list"])
    return int(text)


def _definition(given: dict[str, Any] | str) -> dict[str, Any]:
    """The message definition, given as an object or as a JSON-encoded string of one (S4)."""
    if isinstance(given, dict):
        return given
    try:
        definition = strict_json.loads(given)
    except strict_json.NotStrictJson as error:
        raise ApiError(fidelity.PARAMS_WRONG, [f"body is a string that is not JSON: {error}"]) from None
    problems = schemas.problems("requests/marketing_message_create", {"body": definition})
    if not isinstance(definition, dict) or problems:
        raise ApiError(fidelity.PARAMS_WRONG, problems or ["body must be a JSON object"])
    return definition


def _mentions(audience: dict[str, Any], term: str) -> bool:
    """Whether the audience's id, name or description holds ``term`` (already case-folded), S4."""
    fields = (audience.get("audience_id"), audience.get("name"), audience.get("description"))
    return any(term in (value or "").casefold() for value in fields)
