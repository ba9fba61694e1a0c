"""Per-page token checks (fidelity 7.1, 7.2)."""

from __future__ import annotations

import jwt
import pytest

from mock_botcake.store.tokens import mint_token

from ..helpers import API, SHOP_ID, assert_refused, state_unchanged

ENDPOINTS = [
    ("GET", "flows"),
    ("GET", "flows/[1561]"),
    ("GET", "flows/1559/statistics"),
    ("GET", "keywords"),
    ("GET", "ice_breaker"),
    ("GET", "main_menu"),
    ("GET", "tools"),
    ("POST", "keywords/create"),
    ("POST", "keywords/update"),
    ("POST", "flows/send_flow"),
    ("POST", "flows/send_content"),
]


@pytest.mark.parametrize(("method", "endpoint"), ENDPOINTS)
def test_every_endpoint_refuses_a_missing_token_with_400(call, store, method, endpoint):
    with state_unchanged(store):
        response = call(method, endpoint, token="")
    assert_refused(response, 400, "access-token header is required")


@pytest.mark.parametrize(("method", "endpoint"), ENDPOINTS)
def test_every_endpoint_refuses_an_unknown_token_with_401(call, store, method, endpoint):
    with state_unchanged(store):
        response = call(method, endpoint, token="not-a-token-of-any-page")
    assert_refused(response, 401, "invalid access-token")


@pytest.mark.parametrize(("method", "endpoint"), ENDPOINTS)
def test_every_endpoint_refuses_another_pages_token_with_invalid_page_id(
    call, store, whatsapp, method, endpoint
):
    with state_unchanged(store):
        response = call(method, endpoint, token=whatsapp.token, json={"psid": "1", "flow_id": 1559})
    assert_refused(response, 400, "invalid_page_id")


def test_a_token_in_the_query_string_is_refused_with_400(client, shop, store):
    with state_unchanged(store):
        response = client.get(f"{API}/pages/{SHOP_ID}/flows?access_token={shop.token}")
    assert_refused(
        response, 400, "access token must be sent in the access-token header, not the query string"
    )


def test_a_token_in_the_query_string_is_refused_even_beside_a_valid_header(call, shop):
    response = call("GET", f"keywords?access_token={shop.token}")
    assert response.status_code == 400


def test_a_rotated_token_stops_working_and_the_new_one_works(client, call, shop):
    new_token = client.post(f"/_mock/pages/{SHOP_ID}/rotate_token").get_json()["access_token"]
    assert_refused(call("GET", "flows"), 401, "invalid access-token")
    assert call("GET", "flows", token=new_token).status_code == 200


def test_a_rotated_token_still_names_its_page_and_is_issued_later(client, shop):
    before = jwt.decode(shop.token, options={"verify_signature": False})
    new_token = client.post(f"/_mock/pages/{SHOP_ID}/rotate_token").get_json()["access_token"]
    claims = jwt.decode(new_token, options={"verify_signature": False})
    assert claims["id"] == SHOP_ID
    assert claims["timestamp"] > before["timestamp"]


def test_a_forged_token_for_the_page_signed_with_another_key_is_refused(call, shop):
    claims = jwt.decode(shop.token, options={"verify_signature": False})
    forged = jwt.encode(claims, "another-key-that-is-long-enough-for-hs256", algorithm="HS256")
    assert_refused(call("GET", "flows", token=forged), 401, "invalid access-token")


def test_an_unsigned_alg_none_token_for_the_page_is_refused(call, shop):
    claims = jwt.decode(shop.token, options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert_refused(call("GET", "flows", token=unsigned), 401, "invalid access-token")


def test_a_truncated_token_is_refused(call, shop):
    assert_refused(call("GET", "flows", token=shop.token[:-5]), 401, "invalid access-token")


def test_page_tokens_are_hs256_jwts_naming_their_page_like_the_real_ones(shop):
    header = jwt.get_unverified_header(shop.token)
    claims = jwt.decode(shop.token, options={"verify_signature": False})
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims["id"] == SHOP_ID
    assert isinstance(claims["timestamp"], int)
    assert "exp" not in claims


def test_a_minted_token_cannot_be_rebuilt_from_the_page_id_and_time():
    token = mint_token("555", 1700000000)
    claims = jwt.decode(token, options={"verify_signature": False})

    assert claims == {"timestamp": 1700000000, "id": "555"}
    for guessed_key in ("mock-botcake-not-a-secret-signing-key", "mock-botcake-signing-key-0123456789"):
        assert jwt.encode(claims, guessed_key, algorithm="HS256") != token


def test_an_unknown_page_with_a_valid_token_of_another_page_is_invalid_page_id(client, shop):
    response = client.get(f"{API}/pages/999999/flows", headers={"access-token": shop.token})
    assert_refused(response, 400, "invalid_page_id")


def test_an_unknown_token_does_not_reveal_whether_the_page_exists(client):
    existing = client.get(f"{API}/pages/{SHOP_ID}/flows", headers={"access-token": "x" * 20})
    missing = client.get(f"{API}/pages/424242/flows", headers={"access-token": "x" * 20})
    assert existing.get_json() == missing.get_json()
    assert existing.status_code == missing.status_code


def test_an_expired_looking_token_for_the_page_is_refused(call, shop):
    claims = jwt.decode(shop.token, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": 1}, "another-key-that-is-long-enough-for-hs256", algorithm="HS256")
    assert_refused(call("GET", "flows", token=expired), 401, "invalid access-token")


def test_a_very_long_token_is_refused_like_any_unknown_token(call):
    assert_refused(call("GET", "flows", token="x" * 100_000), 401, "invalid access-token")
