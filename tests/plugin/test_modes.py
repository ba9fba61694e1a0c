"""In-process (``botcake``) and live (``botcake_server``) modes answer every request the same way."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mock_botcake.pytest_plugin import Botcake

SHOP_ID = "113045297552223"
WHATSAPP_ID = "waba_1053844194483527"
TEXT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "hi"}]}}

# (method, path on the shop page, keyword arguments for requests); "{other}" is the WhatsApp page's token.
SCENARIO: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "flows", {}),
    ("GET", "flows/[1561,1564]", {}),
    ("GET", "flows/%5B1562%5D", {}),
    ("GET", "flows?path=[1561]", {}),
    ("GET", "flows/[1564]", {}),
    ("GET", "flows/1561", {}),
    ("GET", "flows/1559/statistics", {}),
    ("GET", "flows/999999/statistics", {}),
    ("GET", "keywords", {}),
    ("POST", "keywords/create", {}),
    ("POST", "keywords/create", {"json": {}}),
    ("POST", "keywords/update", {"json": {"keyword_id": 3371, "update": {"flow_id": 1560}}}),
    ("POST", "keywords/update", {"json": {"keyword_id": 3371, "update": {"flow_id": "12"}}}),
    ("GET", "keywords", {}),
    ("GET", "ice_breaker", {}),
    ("GET", "main_menu", {}),
    ("GET", "tools", {}),
    ("POST", "flows/send_flow", {"json": {"psid": "7", "flow_id": 1559}}),
    ("POST", "flows/send_flow", {"json": {"psid": "7", "flow_id": True}}),
    ("POST", "flows/send_content", {"json": {"psid": "7", "data": TEXT, "message_tag": "ACCOUNT_UPDATE"}}),
    ("POST", "flows/send_content", {"json": {"psid": "7", "data": {"version": "v1"}}}),
    ("POST", "flows/send_content", {"data": b'{"psid": "7", '}),
    ("POST", "flows/send_content", {"data": b"x" * (1024 * 1024 + 1)}),
    ("GET", "flows/1559/statistics", {}),
    ("GET", "ketwords", {}),
    ("DELETE", "keywords", {}),
    ("GET", "keywords/", {}),
    ("GET", "keywords", {"headers": {}}),
    ("GET", "keywords", {"headers": {"access-token": "not-a-token"}}),
    ("GET", "keywords", {"headers": {"access-token": "{other}"}}),
    ("GET", "keywords?access_token=x", {}),
]


def transcript(fake: Botcake) -> list[tuple[int, str, Any]]:
    shop, other = fake.page(SHOP_ID), fake.page(WHATSAPP_ID)
    answers = []
    for method, path, options in SCENARIO:
        options = dict(options)
        headers = options.pop("headers", shop.headers)
        headers = {name: value.replace("{other}", other.token) for name, value in headers.items()}
        answer = requests.request(method, shop.url(path), headers=headers, **options)
        answers.append((answer.status_code, answer.headers["Content-Type"], answer.json()))
    return answers


@pytest.mark.botcake_seed("demo")
def test_in_process_and_live_answer_every_request_alike(botcake: Botcake, botcake_server: Botcake) -> None:
    in_process, live = transcript(botcake), transcript(botcake_server)

    assert in_process == live
    assert {status for status, _, _ in live} >= {200, 400, 401, 404, 413}


@pytest.mark.botcake_seed("demo")
def test_in_process_and_live_end_in_the_same_state(botcake: Botcake, botcake_server: Botcake) -> None:
    transcript(botcake), transcript(botcake_server)

    def without_times(state: dict[str, Any]) -> dict[str, Any]:
        for page in state["pages"]:
            for send in page.get("sends", []):
                send.pop("received_at")
        return state

    assert without_times(botcake.state()) == without_times(botcake_server.state())
    assert len(botcake.sends(SHOP_ID)) == 2


@pytest.mark.botcake_seed("demo")
@pytest.mark.parametrize("fixture", ["botcake", "botcake_server"])
def test_a_dropped_connection_is_a_requests_connection_error_in_both_modes(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    fake: Botcake = request.getfixturevalue(fixture)
    shop = fake.page(SHOP_ID)
    fake.add_fault(match={"path": "flows/send_flow"}, action={"drop_connection": True}, times=1)

    with pytest.raises(requests.ConnectionError):
        requests.post(shop.url("flows/send_flow"), json={"psid": "7", "flow_id": 1559}, headers=shop.headers)

    fake.assert_nothing_sent()
    assert [rule["fired"] for rule in fake.faults] == [1]


@pytest.mark.botcake_seed("demo")
@pytest.mark.parametrize("fixture", ["botcake", "botcake_server"])
def test_a_fault_fails_the_first_send_and_a_retry_gets_through(
    request: pytest.FixtureRequest, fixture: str
) -> None:
    fake: Botcake = request.getfixturevalue(fixture)
    shop = fake.page(SHOP_ID)
    fake.add_fault(match={"path": "flows/send_flow"}, action={"status": 500}, times=1)
    send = {"psid": "7", "flow_id": 1559}

    first = requests.post(shop.url("flows/send_flow"), json=send, headers=shop.headers)
    retry = requests.post(shop.url("flows/send_flow"), json=send, headers=shop.headers)

    assert (first.status_code, retry.status_code) == (500, 200)
    fake.assert_flow_sent(psid="7", flow_id=1559, times=1)


def test_faults_do_not_outlive_their_test(botcake: Botcake, botcake_server: Botcake) -> None:
    assert botcake.faults == [] and botcake_server.faults == []


def test_a_token_holding_a_lone_surrogate_is_an_invalid_token_in_process(botcake):
    import requests

    page = botcake.add_page()
    answer = requests.get(page.url("tools"), headers={"access-token": "tok\ud800en"}, timeout=5)
    assert (answer.status_code, answer.json()["message"]) == (401, "invalid access-token")
