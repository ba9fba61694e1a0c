"""The ``botcake`` handle's assertion helpers (embedded/fake.py): each keyword narrows the match,
so a helper fails when the app sent something else, and the failure lists what the fake did receive.

Each keyword is checked both ways: the value that was sent passes, a different value fails. A helper
that ignored a keyword would let a user's "we sent Bye" pass while the app sent "Hello".
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mock_botcake.pytest_plugin import Botcake, Page

TEXT_SHOWN = 60  # how much of a text a failure's list of sends shows


def flow_send(page: Page, psid: str, flow_id: int, payload: dict[str, Any] | None = None) -> None:
    body: dict[str, Any] = {"psid": psid, "flow_id": flow_id}
    if payload is not None:
        body["payload"] = payload
    answer = requests.post(page.url("flows/send_flow"), json=body, headers=page.headers)
    assert answer.json() == {"success": True}


def content_send(page: Page, psid: str, *texts: str, message_tag: str | None = None) -> None:
    messages = [{"type": "text", "text": text} for text in texts]
    body: dict[str, Any] = {"psid": psid, "data": {"version": "v2", "content": {"messages": messages}}}
    if message_tag is not None:
        body["message_tag"] = message_tag
    answer = requests.post(page.url("flows/send_content"), json=body, headers=page.headers)
    assert answer.json() == {"success": True}


@pytest.fixture
def shop(botcake: Botcake) -> Page:
    flows = [{"id": 7, "name": "welcome", "parent_id": None}, {"id": 8, "name": "bye", "parent_id": None}]
    return botcake.add_page(page_id="111", name="Shop", flows=flows)


@pytest.fixture
def other(botcake: Botcake) -> Page:
    flows = [{"id": 7, "name": "welcome", "parent_id": None}]
    return botcake.add_page(page_id="222", name="Other", flows=flows)


# --- assert_flow_sent -----------------------------------------------------------------------------

SENT_FLOW = {"psid": "4242", "flow_id": 7, "page_id": "111", "payload": {"order": "A1"}}
OTHER_FLOW_VALUES = {"psid": "9999", "flow_id": 8, "page_id": "222", "payload": {"order": "B2"}}


@pytest.fixture
def one_flow_sent(shop: Page, other: Page) -> None:
    flow_send(shop, "4242", 7, {"order": "A1"})


@pytest.mark.usefixtures("one_flow_sent")
def test_assert_flow_sent_passes_with_every_keyword_of_the_send_and_answers_it(botcake: Botcake):
    found = botcake.assert_flow_sent(**SENT_FLOW)
    assert (found["psid"], found["flow_id"], found["page_id"]) == ("4242", 7, "111")
    assert found["payload"] == {"order": "A1"}


@pytest.mark.usefixtures("one_flow_sent")
@pytest.mark.parametrize("keyword", sorted(OTHER_FLOW_VALUES))
def test_assert_flow_sent_fails_when_one_keyword_differs_from_the_send(botcake: Botcake, keyword: str):
    wanted = {**SENT_FLOW, keyword: OTHER_FLOW_VALUES[keyword]}
    with pytest.raises(AssertionError, match="but 0 of"):
        botcake.assert_flow_sent(**wanted)


@pytest.mark.usefixtures("one_flow_sent")
@pytest.mark.parametrize("keyword", sorted(OTHER_FLOW_VALUES))
def test_assert_flow_sent_with_only_a_differing_keyword_fails(botcake: Botcake, keyword: str):
    with pytest.raises(AssertionError, match=r"but 0 of \d sends matched"):
        botcake.assert_flow_sent(**{keyword: OTHER_FLOW_VALUES[keyword]})


def test_a_content_send_is_not_a_flow_send(botcake: Botcake, shop: Page):
    content_send(shop, "4242", "Hello")
    with pytest.raises(AssertionError, match=r"expected a flow send with psid='4242', but 0 of 1 sends"):
        botcake.assert_flow_sent(psid="4242")


def test_assert_flow_sent_answers_the_last_match(botcake: Botcake, shop: Page):
    flow_send(shop, "1", 7, {"n": 1})
    flow_send(shop, "1", 7, {"n": 2})
    flow_send(shop, "2", 7, {"n": 3})
    assert botcake.assert_flow_sent(psid="1")["payload"] == {"n": 2}


def test_assert_flow_sent_times_is_the_exact_number_of_matches(botcake: Botcake, shop: Page):
    flow_send(shop, "1", 7)
    flow_send(shop, "1", 7)
    botcake.assert_flow_sent(psid="1", times=2)
    with pytest.raises(AssertionError, match=r"expected 1 x a flow send with psid='1', but 2 of 2 sends"):
        botcake.assert_flow_sent(psid="1", times=1)
    with pytest.raises(AssertionError, match="expected 3 x"):
        botcake.assert_flow_sent(psid="1", times=3)


def test_assert_flow_sent_times_zero_passes_with_no_match_and_answers_an_empty_dict(
    botcake: Botcake, shop: Page
):
    flow_send(shop, "1", 7)
    assert botcake.assert_flow_sent(psid="2", times=0) == {}
    with pytest.raises(AssertionError, match="expected 0 x a flow send with psid='1', but 1 of 1"):
        botcake.assert_flow_sent(psid="1", times=0)


def test_a_failure_lists_every_send_received(botcake: Botcake, shop: Page, other: Page):
    flow_send(shop, "1", 7, {"order": "A1"})
    content_send(other, "2", "Hello", message_tag="HUMAN_AGENT")
    with pytest.raises(AssertionError) as failure:
        botcake.assert_flow_sent(psid="3", flow_id=8)
    assert str(failure.value) == (
        "expected a flow send with psid='3', flow_id=8, but 0 of 2 sends matched. Received:\n"
        "  #1 page 111 flow    psid='1' flow_id=7 payload={'order': 'A1'}\n"
        "  #2 page 222 content psid='2' texts=['Hello'] message_tag='HUMAN_AGENT'"
    )


def test_a_failure_with_no_sends_says_so(botcake: Botcake, shop: Page):
    with pytest.raises(AssertionError) as failure:
        botcake.assert_flow_sent()
    assert str(failure.value) == (
        "expected a flow send, but 0 of 0 sends matched. Received:\n  (no sends at all)"
    )


def test_a_failure_shows_only_the_start_of_a_long_text(botcake: Botcake, shop: Page):
    content_send(shop, "1", "x" * (TEXT_SHOWN + 40))
    with pytest.raises(AssertionError) as failure:
        botcake.assert_flow_sent()
    assert f"texts=['{'x' * TEXT_SHOWN}']" in str(failure.value)


# --- assert_content_sent --------------------------------------------------------------------------

SENT_CONTENT = {"psid": "4242", "text": "Hello", "page_id": "111", "message_tag": "HUMAN_AGENT"}
OTHER_CONTENT_VALUES = {
    "psid": "9999",
    "text": "Bye",
    "page_id": "222",
    "message_tag": "POST_PURCHASE_UPDATE",
}


@pytest.fixture
def one_content_sent(shop: Page, other: Page) -> None:
    content_send(shop, "4242", "Hello", message_tag="HUMAN_AGENT")


@pytest.mark.usefixtures("one_content_sent")
def test_assert_content_sent_passes_with_every_keyword_of_the_send_and_answers_it(botcake: Botcake):
    found = botcake.assert_content_sent(**SENT_CONTENT)
    assert (found["psid"], found["page_id"], found["message_tag"]) == ("4242", "111", "HUMAN_AGENT")


@pytest.mark.usefixtures("one_content_sent")
@pytest.mark.parametrize("keyword", sorted(OTHER_CONTENT_VALUES))
def test_assert_content_sent_fails_when_one_keyword_differs_from_the_send(botcake: Botcake, keyword: str):
    wanted = {**SENT_CONTENT, keyword: OTHER_CONTENT_VALUES[keyword]}
    with pytest.raises(AssertionError, match="but 0 of"):
        botcake.assert_content_sent(**wanted)


@pytest.mark.usefixtures("one_content_sent")
def test_assert_content_sent_without_text_matches_a_send_of_any_text(botcake: Botcake):
    assert botcake.assert_content_sent(psid="4242")["psid"] == "4242"


@pytest.mark.usefixtures("one_content_sent")
def test_we_sent_bye_fails_when_the_app_sent_hello(botcake: Botcake):
    with pytest.raises(AssertionError) as failure:
        botcake.assert_content_sent(text="Bye")
    assert str(failure.value) == (
        "expected a content send with text='Bye', but 0 of 1 sends matched. Received:\n"
        "  #1 page 111 content psid='4242' texts=['Hello'] message_tag='HUMAN_AGENT'"
    )


def test_text_matches_any_message_of_the_send_but_only_whole(botcake: Botcake, shop: Page):
    content_send(shop, "1", "Hello", "How can we help?")
    botcake.assert_content_sent(text="How can we help?")
    with pytest.raises(AssertionError):
        botcake.assert_content_sent(text="Hell")


def test_a_flow_send_is_not_a_content_send(botcake: Botcake, shop: Page):
    flow_send(shop, "4242", 7)
    with pytest.raises(AssertionError, match=r"expected a content send with psid='4242', but 0 of 1 sends"):
        botcake.assert_content_sent(psid="4242")


def test_assert_content_sent_times_counts_matching_sends_only(botcake: Botcake, shop: Page):
    content_send(shop, "1", "Hello")
    content_send(shop, "1", "Hello")
    content_send(shop, "1", "Bye")
    botcake.assert_content_sent(text="Hello", times=2)
    assert botcake.assert_content_sent(text="Hi", times=0) == {}
    with pytest.raises(AssertionError, match=r"expected 3 x a content send with text='Hello', but 2 of 3"):
        botcake.assert_content_sent(text="Hello", times=3)


# --- assert_nothing_sent --------------------------------------------------------------------------


def test_assert_nothing_sent_passes_before_any_send(botcake: Botcake, shop: Page):
    botcake.assert_nothing_sent()
    botcake.assert_nothing_sent(page_id=shop.page_id)


def test_assert_nothing_sent_fails_on_any_send_listing_them(botcake: Botcake, shop: Page):
    flow_send(shop, "1", 7)
    content_send(shop, "2", "Hello")
    with pytest.raises(AssertionError) as failure:
        botcake.assert_nothing_sent()
    assert str(failure.value) == (
        "expected nothing sent to any page, but 2 sends were:\n"
        "  #1 page 111 flow    psid='1' flow_id=7\n"
        "  #2 page 111 content psid='2' texts=['Hello']"
    )


def test_assert_nothing_sent_to_a_page_looks_at_that_page_only(botcake: Botcake, shop: Page, other: Page):
    flow_send(other, "1", 7)
    botcake.assert_nothing_sent(page_id=shop.page_id)
    with pytest.raises(AssertionError, match="expected nothing sent to page 222, but 1 sends were"):
        botcake.assert_nothing_sent(page_id=other.page_id)


# --- describe_activity ----------------------------------------------------------------------------


def test_describe_activity_lists_the_requests_and_the_sends(botcake: Botcake, shop: Page):
    flow_send(shop, "1", 7)
    requests.get(shop.url("flows"), params={"page": 2}, headers=shop.headers)
    assert botcake.describe_activity() == (
        "fake at https://botcake.io/api/public_api/v1\n"
        "last requests (up to 20):\n"
        "  POST /api/public_api/v1/pages/111/flows/send_flow -> 200 body={'psid': '1', 'flow_id': 7}\n"
        "  GET /api/public_api/v1/pages/111/flows?page=2 -> 200\n"
        "sends (up to 20):\n"
        "  #1 page 111 flow    psid='1' flow_id=7"
    )


def test_describe_activity_shows_only_the_last_entries(botcake: Botcake, shop: Page):
    for psid in ("1", "2", "3"):
        flow_send(shop, psid, 7)
    described = botcake.describe_activity(last=1)
    assert "psid='3'" in described and "psid='2'" not in described
    assert described.count(" -> 200") == 1


def test_describe_activity_of_a_quiet_fake_says_none(botcake: Botcake):
    assert botcake.describe_activity().splitlines()[2:] == ["  (none)", "sends (up to 20):", "  (none)"]
