"""The handle's account helper: an account whose token a client under test lists its pages with."""

from __future__ import annotations

import pytest
import requests

from mock_botcake.embedded import ControlPlaneError
from mock_botcake.pytest_plugin import Botcake

API = "https://botcake.io/api/public_api/v1"


def test_an_added_accounts_token_lists_its_pages_and_their_tokens_over_http(botcake: Botcake):
    page = botcake.add_page(page_id="111")
    token = botcake.add_account(page_ids=[page.page_id])
    headers = {"user-access-token": token}
    assert requests.get(f"{API}/integration_page/list_page_id", headers=headers).json() == ["111"]
    listed = requests.post(f"{API}/integration_page/list_access_token", headers=headers).json()
    assert listed == [{"page_id": "111", "public_token": page.token}]


def test_a_pinned_token_is_kept_and_the_account_is_listed(botcake: Botcake):
    botcake.add_page(page_id="111")
    assert botcake.add_account(page_ids=["111"], user_access_token="pinned-user-token") == "pinned-user-token"
    assert botcake.accounts[-1] == {"user_access_token": "pinned-user-token", "page_ids": ["111"]}


def test_an_account_of_a_missing_page_raises_with_the_fakes_reason(botcake: Botcake):
    with pytest.raises(ControlPlaneError) as refusal:
        botcake.add_account(page_ids=["404404"])
    assert str(refusal.value) == (
        "POST /_mock/accounts: invalid account: page_ids: 404404 is not a page of the fake"
    )
