"""POST and GET /_mock/accounts, and accounts in the state export, import and seed files."""

from __future__ import annotations

import json

import pytest

from mock_botcake.seeds import build_store, load_seed

from ..helpers import SHOP_ID, WHATSAPP_ID, assert_refused, state_unchanged

DEMO_ACCOUNT = {"user_access_token": "demo-user-access-token-0001", "page_ids": [SHOP_ID, WHATSAPP_ID]}


def test_the_demo_seed_has_an_account_holding_both_demo_pages(client):
    assert client.get("/_mock/accounts").get_json() == {"accounts": [DEMO_ACCOUNT]}


def test_an_account_added_with_a_pinned_token_answers_it_and_is_listed(client):
    response = client.post(
        "/_mock/accounts", json={"user_access_token": "my-user-token", "page_ids": [SHOP_ID]}
    )
    assert response.status_code == 201
    assert response.get_json() == {"user_access_token": "my-user-token"}
    listed = client.get("/_mock/accounts").get_json()["accounts"]
    assert listed[-1] == {"user_access_token": "my-user-token", "page_ids": [SHOP_ID]}


def test_an_account_added_with_no_body_gets_a_fresh_token_and_no_pages(client):
    first = client.post("/_mock/accounts").get_json()["user_access_token"]
    second = client.post("/_mock/accounts", json={}).get_json()["user_access_token"]
    assert first != second
    listed = client.get("/_mock/accounts").get_json()["accounts"]
    assert listed[-2:] == [
        {"user_access_token": first, "page_ids": []},
        {"user_access_token": second, "page_ids": []},
    ]


def test_an_account_holding_a_page_the_fake_does_not_have_is_refused(client, store):
    with state_unchanged(store):
        response = client.post("/_mock/accounts", json={"page_ids": [SHOP_ID, "999"]})
    assert_refused(response, 400, "invalid account")
    assert response.get_json()["errors"] == ["page_ids: 999 is not a page of the fake"]


@pytest.mark.parametrize(
    "seed",
    [
        {"user_access_token": "short"},
        {"page_ids": [SHOP_ID, SHOP_ID]},
        {"page_ids": "113045297552223"},
        {"user_access_token": "has space in it"},
        {"pages": [SHOP_ID]},
        [],
    ],
)
def test_a_malformed_account_is_refused_in_words(client, store, seed):
    with state_unchanged(store):
        response = client.post("/_mock/accounts", json=seed)
    assert_refused(response, 400, "invalid account")
    assert response.get_json()["errors"]


def test_a_second_account_with_the_same_token_is_refused(client, store):
    with state_unchanged(store):
        response = client.post(
            "/_mock/accounts", json={"user_access_token": DEMO_ACCOUNT["user_access_token"]}
        )
    assert_refused(response, 409, "account already exists")


def test_the_state_export_holds_the_accounts_and_imports_back_unchanged(client):
    client.post("/_mock/accounts", json={"user_access_token": "my-user-token", "page_ids": [WHATSAPP_ID]})
    exported = client.get("/_mock/state").get_json()
    assert exported["accounts"] == [
        DEMO_ACCOUNT,
        {"user_access_token": "my-user-token", "page_ids": [WHATSAPP_ID]},
    ]
    client.post("/_mock/reset")
    assert client.put("/_mock/state", json=exported).get_json() == exported
    assert client.get("/_mock/state").get_json() == exported


def test_a_state_without_accounts_imports_with_none(client):
    client.put("/_mock/state", json={"pages": [{"page_id": "1"}]})
    assert client.get("/_mock/accounts").get_json() == {"accounts": []}


def test_a_state_whose_account_holds_a_page_it_lacks_is_refused_whole(client, store):
    state = {"pages": [{"page_id": "1"}], "accounts": [{"page_ids": ["1", "2"]}]}
    with state_unchanged(store):
        response = client.put("/_mock/state", json=state)
    assert_refused(response, 400, "invalid state")
    assert response.get_json()["errors"] == ["accounts[0]: page_ids: 2 is not a page of the fake"]


def test_a_state_whose_accounts_are_not_a_list_is_refused(client, store):
    with state_unchanged(store):
        response = client.put("/_mock/state", json={"pages": [], "accounts": {}})
    assert_refused(response, 400, "invalid state")


def test_a_state_with_one_token_twice_is_refused(client, store):
    account = {"user_access_token": "my-user-token"}
    with state_unchanged(store):
        response = client.put("/_mock/state", json={"pages": [], "accounts": [account, account]})
    assert_refused(response, 400, "invalid state")


def test_a_seed_file_with_accounts_starts_a_server_with_them(tmp_path):
    state = {
        "pages": [{"page_id": "7", "name": "p"}],
        "accounts": [{"user_access_token": "file-user-token", "page_ids": ["7"]}],
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(state), "utf-8")
    store, _ = build_store(str(path))
    try:
        assert store.accounts() == [{"user_access_token": "file-user-token", "page_ids": ["7"]}]
    finally:
        store.db.close()


def test_the_built_in_demo_seed_lists_its_account_after_the_pages():
    assert load_seed("demo")["accounts"] == [DEMO_ACCOUNT]
