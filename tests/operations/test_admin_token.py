"""serve --admin-token: every /_mock path but health needs the token, as a Bearer header or the UI cookie."""

from __future__ import annotations

import pytest
import requests

from mock_botcake.app import create_app
from mock_botcake.control.admin import COOKIE
from mock_botcake.embedded.wsgi_call import call_app

from ..helpers import API, SHOP_ID, assert_refused, state_unchanged

TOKEN = "s3cret-admin-token"
REFUSED = "admin token required: send Authorization: Bearer <token>"


@pytest.fixture
def guarded(store):
    return create_app(store, admin_token=TOKEN).test_client()


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/_mock/pages"), ("POST", "/_mock/reset"), ("GET", "/_mock/requests"), ("GET", "/_mock/ui")],
)
def test_a_control_request_without_the_token_is_refused_401(guarded, store, method, path):
    with state_unchanged(store):
        response = guarded.open(path, method=method)
    assert_refused(response, 401, REFUSED)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_wrong_bearer_token_is_refused(guarded):
    response = guarded.get("/_mock/pages", headers={"Authorization": "Bearer nope"})
    assert_refused(response, 401, REFUSED)


def test_a_non_ascii_bearer_token_is_refused_not_a_crash(guarded):
    response = guarded.get("/_mock/pages", headers={"Authorization": "Bearer é".encode().decode("latin-1")})
    assert_refused(response, 401, REFUSED)


def test_the_bearer_token_opens_the_control_plane(guarded):
    response = guarded.get("/_mock/pages", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_a_state_replacing_call_with_the_wrong_token_changes_nothing(guarded, store):
    with state_unchanged(store):
        response = guarded.put("/_mock/state", json={"pages": []}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


def test_health_stays_open_for_container_health_checks(guarded):
    assert guarded.get("/_mock/health").get_json() == {"status": "ok"}


def test_the_api_still_takes_page_tokens_only(guarded, shop):
    response = guarded.get(f"{API}/pages/{SHOP_ID}/flows", headers={"access-token": shop.token})
    assert response.status_code == 200


def test_the_ui_url_with_the_token_sets_a_strict_httponly_cookie_and_redirects(guarded):
    response = guarded.get(f"/_mock/ui?admin_token={TOKEN}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/_mock/ui"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/_mock" in cookie


def test_the_cookie_opens_every_control_path(guarded):
    guarded.get(f"/_mock/ui?admin_token={TOKEN}")
    assert guarded.get("/_mock/pages").status_code == 200


def test_the_ui_url_with_a_wrong_token_sets_no_cookie(guarded):
    response = guarded.get("/_mock/ui?admin_token=nope")
    assert_refused(response, 401, REFUSED)
    assert "Set-Cookie" not in response.headers


def test_a_forged_cookie_is_refused(guarded):
    guarded.set_cookie(COOKIE, "nope", path="/_mock")
    assert_refused(guarded.get("/_mock/pages"), 401, REFUSED)


def test_a_malformed_cookie_header_is_refused_not_a_crash(guarded):
    assert_refused(guarded.get("/_mock/pages", headers={"Cookie": '"\\'}), 401, REFUSED)


def test_an_admin_refusal_is_logged(store):
    lines: list[str] = []
    client = create_app(store, admin_token=TOKEN, log=lines.append).test_client()
    client.get("/_mock/pages")
    assert lines[0].split()[:3] == ["GET", "/_mock/pages", "401"]


def test_without_an_admin_token_the_control_plane_is_open(client):
    assert client.get("/_mock/pages").status_code == 200


@pytest.mark.parametrize(
    "before",
    ['"\\', "a=b=c;;", "\x00", 'other="unterminated', "=novalue", "x y=1"],
    ids=["lone-quote", "double-equals", "nul", "unterminated-quote", "no-name", "space-in-name"],
)
def test_an_unparsable_cookie_before_the_admin_cookie_does_not_hide_it(store, before):
    # Through the pytest plugin's in-process route: Flask's test client drops a Cookie header it cannot parse.
    app = create_app(store, admin_token=TOKEN)
    cookie = f"{before}; {COOKIE}={TOKEN}"
    request = requests.Request("GET", "http://fake/_mock/pages", headers={"Cookie": cookie})
    answer = call_app(app, request.prepare())
    assert answer.status == 200, answer.body
