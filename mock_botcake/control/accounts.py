"""Accounts: a user-access-token and the pages it holds, for the API's integration_page endpoints."""

from __future__ import annotations

from typing import Any

from ..fidelity import Refusal
from ..store import AccountExists, InvalidAccount
from ..web.context import current_store
from .routes import control

# What is wrong goes in "errors", one problem each, as for a seed.
INVALID_ACCOUNT = Refusal(400, "invalid account")
ACCOUNT_EXISTS = Refusal(409, "account already exists")


@control.operation(
    "get",
    "/accounts",
    "listAccounts",
    summary="Every account with its user-access-token and its pages",
    response="control/accounts",
)
def list_accounts() -> dict[str, Any]:
    return {"accounts": current_store().accounts()}


@control.operation(
    "post",
    "/accounts",
    "addAccount",
    summary="Add an account holding pages of the fake (every key optional)",
    response="control/account_credentials",
    status=201,
    request="control/account_seed",
    request_required=False,
    bad_body=None,  # the store checks an account: the schema, then that each page is there
    refuses={
        INVALID_ACCOUNT: "each problem in `errors`, e.g. a page id that is no page of the fake",
        ACCOUNT_EXISTS: "an account with that `user_access_token` is there already",
    },
    store_errors={InvalidAccount: INVALID_ACCOUNT, AccountExists: ACCOUNT_EXISTS},
)
def add_account(body: dict[str, Any]) -> dict[str, Any]:
    return current_store().add_account(body)
