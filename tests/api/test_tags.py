"""GET get_list_tag: the page's tags in the order they came, 50 a page (fidelity: TAGS_PER_PAGE)."""

from __future__ import annotations

import pytest

from mock_botcake import fidelity

from ..helpers import assert_refused, state_unchanged

DEMO_TAGS = [
    {"id": 902, "name": "Urgent", "pancake_tag_id": 2},
    {"id": 901, "name": "Issue", "pancake_tag_id": 1},
    {"id": 903, "name": "VIP", "pancake_tag_id": None},
]


def test_the_tags_of_the_page_are_listed_in_the_order_they_came(call):
    assert call("GET", "get_list_tag").get_json() == {"success": True, "data": DEMO_TAGS}


def test_page_one_is_the_default(call):
    assert call("GET", "get_list_tag?page=1").get_json() == call("GET", "get_list_tag").get_json()


def test_a_page_holds_at_most_the_page_size_and_the_next_page_goes_on(client, botcake_page):
    page = botcake_page([{"id": n, "name": f"tag {n}", "pancake_tag_id": n} for n in range(1, 52)])
    first = page("get_list_tag").get_json()["data"]
    second = page("get_list_tag?page=2").get_json()["data"]
    assert len(first) == fidelity.TAGS_PER_PAGE
    assert [tag["id"] for tag in first + second] == list(range(1, 52))


def test_a_page_past_the_last_is_empty(call):
    assert call("GET", "get_list_tag?page=2").get_json() == {"success": True, "data": []}


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "9" * 30])
def test_a_page_that_is_not_a_whole_number_from_one_is_refused(call, store, page):
    with state_unchanged(store):
        response = call("GET", f"get_list_tag?page={page}")
    assert_refused(response, 400, fidelity.BAD_PAGE_NUMBER.message)
    assert response.get_json()["errors"][0].startswith("page ")


def test_another_pages_tags_are_not_listed(call, whatsapp):
    assert call("GET", "get_list_tag", page=whatsapp).get_json()["data"] == []


def test_the_tags_need_the_pages_token(call):
    assert_refused(call("GET", "get_list_tag", token="not-a-token"), 401, "invalid access-token")


def test_a_seed_with_a_tag_id_twice_is_refused(client, store):
    with state_unchanged(store):
        response = client.post(
            "/_mock/pages", json={"tags": [{"id": 1, "name": "a", "pancake_tag_id": 1}] * 2}
        )
    assert response.status_code == 400
    assert any("tag item id 1 appears twice" in problem for problem in response.get_json()["errors"])


@pytest.fixture
def botcake_page(client):
    """A new page seeded with ``tags``; answers a function that GETs an endpoint of it."""

    def make(tags):
        credentials = client.post("/_mock/pages", json={"tags": tags}).get_json()
        base = f"/api/public_api/v1/pages/{credentials['page_id']}/"
        return lambda endpoint: client.get(
            base + endpoint, headers={"access-token": credentials["access_token"]}
        )

    return make
