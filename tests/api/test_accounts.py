"""The account endpoints (integration_page): an account's pages and their current tokens, behind the
account's user-access-token, in S4's path forms and S13's (with an ignored {fb_id} segment)."""

from __future__ import annotations

import pytest

from mock_botcake import fidelity

from ..helpers import API, SHOP_ID, WHATSAPP_ID, assert_refused, state_unchanged

DEMO_USER_TOKEN = "demo-user-access-token-0001"
PAGE_IDS_PATHS = ("integration_page/list_page_id", "integration_page/100004398765432/list_page_id")
PAGE_TOKENS_PATHS = (
    "integration_page/list_access_token",
    "integration_page/list_access_token/100004398765432",
)


@pytest.fixture
def account(client):
    """``account(method, path, token=...)``: a request to an account endpoint with the demo account's token
    (``token=None``: no header at all)."""

    def call(method, path, token=DEMO_USER_TOKEN):
        headers = {} if token is None else {"user-access-token": token}
        return client.open(f"{API}/{path}", method=method, headers=headers)

    return call


def page_token(store, page_id):
    return next(page["access_token"] for page in store.list_pages() if page["page_id"] == page_id)


def add_account(client, **seed):
    response = client.post("/_mock/accounts", json=seed)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["user_access_token"]


@pytest.mark.parametrize("path", PAGE_IDS_PATHS)
def test_list_page_id_answers_the_accounts_page_ids_as_a_bare_array(account, path):
    response = account("GET", path)
    assert response.status_code == 200
    assert response.get_json() == [SHOP_ID, WHATSAPP_ID]


@pytest.mark.parametrize("path", PAGE_TOKENS_PATHS)
def test_list_access_token_answers_each_page_with_its_current_token(account, store, path):
    assert account("POST", path).get_json() == [
        {"page_id": SHOP_ID, "public_token": page_token(store, SHOP_ID)},
        {"page_id": WHATSAPP_ID, "public_token": page_token(store, WHATSAPP_ID)},
    ]


def test_a_rotated_page_token_shows_at_once(account, client):
    new_token = client.post(f"/_mock/pages/{SHOP_ID}/rotate_token").get_json()["access_token"]
    listed = account("POST", "integration_page/list_access_token").get_json()
    assert {"page_id": SHOP_ID, "public_token": new_token} in listed


def test_the_query_page_id_narrows_the_list_to_that_page(account, store):
    response = account("POST", f"integration_page/list_access_token?page_id={WHATSAPP_ID}")
    assert response.get_json() == [{"page_id": WHATSAPP_ID, "public_token": page_token(store, WHATSAPP_ID)}]


def test_a_page_id_the_account_does_not_hold_gives_an_empty_list(account, client):
    other = client.post("/_mock/pages", json={}).get_json()["page_id"]
    assert account("POST", f"integration_page/list_access_token?page_id={other}").get_json() == []


def test_an_account_lists_only_its_own_pages(account, client):
    token = add_account(client, page_ids=[WHATSAPP_ID])
    assert account("GET", "integration_page/list_page_id", token=token).get_json() == [WHATSAPP_ID]


def test_an_account_without_pages_lists_none(account, client):
    token = add_account(client)
    assert account("GET", "integration_page/list_page_id", token=token).get_json() == []
    assert account("POST", "integration_page/list_access_token", token=token).get_json() == []


def test_page_ids_come_200_a_page_and_the_next_page_goes_on(account, client):
    page_ids = [client.post("/_mock/pages", json={}).get_json()["page_id"] for _ in range(201)]
    token = add_account(client, page_ids=page_ids)
    first = account("GET", "integration_page/list_page_id?page=1", token=token).get_json()
    second = account("GET", "integration_page/list_page_id?page=2", token=token).get_json()
    third = account("GET", "integration_page/list_page_id?page=3", token=token).get_json()
    assert len(first) == fidelity.ACCOUNT_PAGES_PER_PAGE
    assert first + second == page_ids
    assert third == []
    tokens = account("POST", "integration_page/list_access_token?page=2", token=token).get_json()
    assert [item["page_id"] for item in tokens] == page_ids[200:]


@pytest.mark.parametrize("page", ["0", "-1", "x"])
@pytest.mark.parametrize(("method", "path"), [("GET", PAGE_IDS_PATHS[0]), ("POST", PAGE_TOKENS_PATHS[0])])
def test_a_page_that_is_not_a_whole_number_from_one_is_refused(account, store, method, path, page):
    with state_unchanged(store):
        response = account(method, f"{path}?page={page}")
    assert_refused(response, 400, fidelity.BAD_PAGE_NUMBER.message)


def test_a_malformed_page_id_in_the_query_is_refused(account):
    response = account("POST", "integration_page/list_access_token?page_id=a/b")
    assert_refused(response, 400, fidelity.BAD_PAGE_NUMBER.message)
    assert response.get_json()["errors"][0].startswith("page_id ")


@pytest.mark.parametrize(
    ("method", "path"), [("GET", p) for p in PAGE_IDS_PATHS] + [("POST", p) for p in PAGE_TOKENS_PATHS]
)
def test_no_user_access_token_is_refused_like_no_page_token(account, method, path):
    assert_refused(account(method, path, token=None), 400, fidelity.MISSING_USER_TOKEN.message)


@pytest.mark.parametrize(
    ("method", "path"), [("GET", p) for p in PAGE_IDS_PATHS] + [("POST", p) for p in PAGE_TOKENS_PATHS]
)
def test_an_unknown_user_access_token_is_refused_like_an_unknown_page_token(account, method, path):
    assert_refused(account(method, path, token="no-such-account"), 401, fidelity.UNKNOWN_USER_TOKEN.message)


def test_a_page_token_is_not_a_user_access_token(account, store):
    response = account("GET", "integration_page/list_page_id", token=page_token(store, SHOP_ID))
    assert_refused(response, 401, fidelity.UNKNOWN_USER_TOKEN.message)


def test_a_page_token_in_the_access_token_header_does_not_open_the_account_endpoints(client, store):
    response = client.get(
        f"{API}/integration_page/list_page_id", headers={"access-token": page_token(store, SHOP_ID)}
    )
    assert_refused(response, 400, fidelity.MISSING_USER_TOKEN.message)


def test_a_user_access_token_does_not_open_a_pages_endpoints(client):
    response = client.get(f"{API}/pages/{SHOP_ID}/flows", headers={"user-access-token": DEMO_USER_TOKEN})
    assert_refused(response, 400, fidelity.MISSING_TOKEN.message)


def test_an_fb_id_that_is_not_an_id_is_no_route(account):
    assert_refused(account("GET", "integration_page/a-b/list_page_id"), 404, fidelity.UNKNOWN_ROUTE.message)


def test_a_wrong_method_is_no_route_as_on_the_page_endpoints(account):
    assert_refused(
        account("POST", "integration_page/list_page_id"), 404, fidelity.WRONG_METHOD_ON_API.message
    )


def test_s13s_flow_lists_pages_then_tokens_then_reads_each_page_with_its_public_token(account, client):
    """S13: list_page_id, then list_access_token, then each page's API with its public_token as
    access-token (S13 reads GET customer, which this branch does not have; GET flows and GET tools, which
    S13 also reads, stand in)."""
    page_ids = account("GET", "integration_page/100004398765432/list_page_id?page=1").get_json()
    tokens = account("POST", "integration_page/list_access_token/100004398765432").get_json()
    assert [item["page_id"] for item in tokens] == page_ids
    for item in tokens:
        headers = {"access-token": item["public_token"]}
        for endpoint in ("flows", "tools"):
            response = client.get(f"{API}/pages/{item['page_id']}/{endpoint}", headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)
            assert response.get_json()["success"] is True
