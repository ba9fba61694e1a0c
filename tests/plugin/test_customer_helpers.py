"""The ``botcake`` handle's customer helpers (embedded/fake.py): seeded customers and the ones sends
make known, read with their tags and fields, and ``assert_customer``, whose every keyword narrows the
match (checked both ways: the customer's own value passes, another one fails)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mock_botcake.pytest_plugin import Botcake, Page

TAGS = [{"id": 1, "name": "VIP", "pancake_tag_id": None}, {"id": 2, "name": "Lead", "pancake_tag_id": None}]
FIELDS = [{"id": 10, "name": "email"}, {"id": 11, "name": "city"}]
ANNA = {"psid": "100", "full_name": "Anna", "custom_fields": {"10": "anna@example.com"}, "tags": [1]}


@pytest.fixture
def shop(botcake: Botcake) -> Page:
    flows = [{"id": 7, "name": "welcome", "parent_id": None}]
    return botcake.add_page(page_id="111", flows=flows, tags=TAGS, custom_fields=FIELDS, customers=[ANNA])


@pytest.fixture
def other(botcake: Botcake) -> Page:
    return botcake.add_page(page_id="222", tags=TAGS, custom_fields=FIELDS, customers=[{**ANNA, "tags": [2]}])


def content_send(page: Page, psid: str, actions: list[dict[str, Any]]) -> None:
    content = {"messages": [{"type": "text", "text": "hi"}], "actions": actions}
    body = {"psid": psid, "data": {"version": "v2", "content": content}}
    assert requests.post(page.url("flows/send_content"), json=body, headers=page.headers).json() == {
        "success": True
    }


def test_seeded_customers_are_read_with_their_page_tags_and_fields(botcake: Botcake, shop: Page):
    (anna,) = botcake.customers()
    assert (anna["page_id"], anna["full_name"], anna["tags"]) == ("111", "Anna", [1])
    assert botcake.customer_fields("100") == {10: "anna@example.com"}
    assert botcake.customer_tags("100") == [1]


def test_a_send_makes_the_customer_known_with_what_its_actions_set(botcake: Botcake, shop: Page):
    content_send(
        shop,
        "200",
        [
            {"action": "add_tag", "tag_id": 2},
            {"action": "set_custom_field", "action_id": 11, "action_value": "Hà Nội"},
        ],
    )
    assert botcake.customer_tags("200") == [2]
    assert botcake.customer_fields("200") == {11: "Hà Nội"}


def test_customers_of_one_page_leave_out_the_others(botcake: Botcake, shop: Page, other: Page):
    assert [customer["page_id"] for customer in botcake.customers("222")] == ["222"]


def test_a_psid_on_several_pages_needs_its_page(botcake: Botcake, shop: Page, other: Page):
    with pytest.raises(LookupError, match="on several pages: pass page_id"):
        botcake.customer("100")
    assert botcake.customer_tags("100", page_id="222") == [2]


def test_an_unknown_customer_is_a_lookup_error_listing_the_known_ones(botcake: Botcake, shop: Page):
    with pytest.raises(
        LookupError, match=r"no customer '9' on any page; customers \(page, psid\): \[\('111', '100'\)\]"
    ):
        botcake.customer("9")


# --- assert_customer --------------------------------------------------------------------------------

OWN = {"page_id": "111", "has_tag": 1, "lacks_tag": 2, "fields": {10: "anna@example.com"}}
OTHER = {"page_id": "222", "has_tag": 2, "lacks_tag": 1, "fields": {10: "someone@else"}}


@pytest.mark.usefixtures("shop")
def test_assert_customer_passes_with_every_keyword_of_the_customer_and_answers_it(botcake: Botcake):
    assert botcake.assert_customer("100", **OWN)["full_name"] == "Anna"


@pytest.mark.usefixtures("shop")
@pytest.mark.parametrize("keyword", sorted(OTHER))
def test_assert_customer_fails_when_one_keyword_differs(botcake: Botcake, keyword: str):
    with pytest.raises(AssertionError, match="customer '100'"):
        botcake.assert_customer("100", **{**OWN, keyword: OTHER[keyword]})


@pytest.mark.usefixtures("shop")
def test_assert_customer_fails_for_a_customer_the_fake_does_not_know(botcake: Botcake):
    with pytest.raises(AssertionError, match="no customer '9'"):
        botcake.assert_customer("9")


@pytest.mark.usefixtures("shop")
def test_a_failing_assert_customer_lists_the_customers_tags_and_fields(botcake: Botcake):
    with pytest.raises(AssertionError) as failure:
        botcake.assert_customer("100", has_tag=2)
    assert str(failure.value) == (
        "customer '100' on page 111 does not carry tag 2. It has tags [1] and fields {10: 'anna@example.com'}"
    )


def test_assert_customer_sees_a_tag_a_send_removed(botcake: Botcake, shop: Page):
    content_send(shop, "100", [{"action": "remove_tag", "tag_id": 1}])
    botcake.assert_customer("100", lacks_tag=1)
    with pytest.raises(AssertionError, match="does not carry tag 1"):
        botcake.assert_customer("100", has_tag=1)
