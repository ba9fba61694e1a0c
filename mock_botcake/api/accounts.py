"""The account endpoints (``integration_page``): a Botcake user's pages and their current tokens.

They sit under the API base, not under a page, and open with the account's ``user-access-token``
header instead of a page's ``access-token`` (S4), so they are a group of their own, ``accounts``. Each
is declared in both path forms clients use: S4's, and S13's with an extra ``{fb_id}`` segment that the
fake ignores (fidelity.py, "Accounts").
"""

from __future__ import annotations

from typing import Any

from flask import g, request

from .. import fidelity
from ..web.answers import ApiError
from ..web.context import current_store
from ..web.operations import READ, OperationGroup, SecurityScheme
from ..wire.urls import API_BASE

USER_TOKEN_HEADER = "user-access-token"
USER_TOKEN_REFUSALS = {
    fidelity.MISSING_USER_TOKEN: f"no `{USER_TOKEN_HEADER}` header",
    fidelity.UNKNOWN_USER_TOKEN: "the token is no account's token",
    fidelity.UNKNOWN_ROUTE: "no such route, e.g. an `fb_id` that is not letters, digits and underscores",
}


def require_user_token() -> None:
    """Refuse the request unless its ``user-access-token`` is an account's; keep it for the handler."""
    token = request.headers.get(USER_TOKEN_HEADER, "")
    if not token:
        raise ApiError(fidelity.MISSING_USER_TOKEN)
    if not current_store().is_account(token):
        raise ApiError(fidelity.UNKNOWN_USER_TOKEN)
    g.user_access_token = token


accounts = OperationGroup(
    "accounts",
    API_BASE + "/integration_page",
    tag="accounts",
    bad_query=fidelity.BAD_PAGE_NUMBER,
    before_request=require_user_token,
    security=SecurityScheme(
        "userAccessToken",
        USER_TOKEN_HEADER,
        "An account's token (S4): it lists the account's pages and their access-tokens.",
    ),
    guard_refusals=USER_TOKEN_REFUSALS,
)

PAGE_IDS = {
    "summary": f"The account's page ids, {fidelity.ACCOUNT_PAGES_PER_PAGE} a page",
    "response": "responses/page_ids",
    "query": "requests/paged_query",
}
PAGE_TOKENS = {
    "summary": f"The account's pages, each with its current access-token, {fidelity.ACCOUNT_PAGES_PER_PAGE} "
    "a page",
    "response": "responses/page_tokens",
    "query": "requests/page_tokens_query",
    "effect": READ,  # a POST that only lists
}


# Decorators apply bottom-up: S4's form is declared first, S13's second.
@accounts.operation("get", "/{fb_id}/list_page_id", "listAccountPageIdsOfUser", **PAGE_IDS)
@accounts.operation("get", "/list_page_id", "listAccountPageIds", **PAGE_IDS)
def list_page_ids(query: dict[str, Any], fb_id: str | None = None) -> list[str]:
    return current_store().account_page_ids(
        g.user_access_token, query["page"], fidelity.ACCOUNT_PAGES_PER_PAGE
    )


@accounts.operation("post", "/list_access_token/{fb_id}", "listAccountPageTokensOfUser", **PAGE_TOKENS)
@accounts.operation("post", "/list_access_token", "listAccountPageTokens", **PAGE_TOKENS)
def list_page_tokens(query: dict[str, Any], fb_id: str | None = None) -> list[dict[str, str]]:
    return current_store().account_page_tokens(
        g.user_access_token, query["page"], fidelity.ACCOUNT_PAGES_PER_PAGE, query.get("page_id")
    )
