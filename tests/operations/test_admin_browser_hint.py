"""With serve --admin-token, a person opening the dashboard without the cookie is told how to get in."""

from __future__ import annotations

import pytest

from mock_botcake.app import create_app

TOKEN = "s3cret-admin-token"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def guarded(store):
    return create_app(store, admin_token=TOKEN).test_client()


def test_a_browser_opening_the_dashboard_without_the_token_gets_a_page_saying_how_to_get_in(guarded):
    response = guarded.get("/_mock/ui", headers=BROWSER)
    assert (response.status_code, response.mimetype) == (401, "text/html")
    page = response.get_data(as_text=True)
    assert "/_mock/ui?admin_token=TOKEN" in page
    assert "MOCK_BOTCAKE_ADMIN_TOKEN" in page
    assert TOKEN not in page


def test_a_browser_offering_a_wrong_token_gets_the_same_page(guarded):
    response = guarded.get("/_mock/ui?admin_token=wrong-token", headers=BROWSER)
    assert (response.status_code, response.mimetype) == (401, "text/html")
    assert "Set-Cookie" not in response.headers


def test_a_client_that_does_not_ask_for_html_keeps_the_json_401(guarded):
    response = guarded.get("/_mock/ui", headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()["success"]) == (401, False)


def test_other_control_paths_answer_json_even_to_a_browser(guarded):
    response = guarded.get("/_mock/pages", headers=BROWSER)
    assert (response.status_code, response.mimetype) == (401, "application/json")
