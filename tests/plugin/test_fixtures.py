"""The ``botcake`` and ``botcake_server`` fixtures as a user's test sees them (this suite has the plugin)."""

from __future__ import annotations

import httpx
import pytest
import requests
import responses

from mock_botcake.pytest_plugin import Botcake

SHOP_ID = "113045297552223"
SEND_FLOW = {"psid": "4242", "flow_id": 1559}
HELLO = {"version": "v2", "content": {"messages": [{"type": "text", "text": "Hello!"}]}}


def test_the_in_process_fake_starts_with_no_pages(botcake: Botcake) -> None:
    assert botcake.pages == []
    assert botcake.base_url == "https://botcake.io/api/public_api/v1"


def test_an_added_page_answers_with_its_own_token(botcake: Botcake) -> None:
    page = botcake.add_page(name="Shop", flows=[{"id": 7, "name": "welcome", "parent_id": None}])

    answer = requests.get(page.url("flows"), headers=page.headers)

    assert answer.status_code == 200
    assert answer.json()["data"]["flows"] == [
        {"id": 7, "name": "welcome", "parent_id": None, "is_removed": False}
    ]


def test_a_bad_seed_is_refused_with_the_reason(botcake: Botcake) -> None:
    with pytest.raises(Exception, match=r"flows\[0\]"):
        botcake.add_page(flows=[{"id": "seven"}])
    assert botcake.pages == []


@pytest.mark.botcake_seed("demo")
@pytest.mark.parametrize(
    "url",
    [
        "https://botcake.io/api/public_api/v1/pages/113045297552223/flows/send_flow",
        "https://botcake.io/api/public_api/v1//pages/113045297552223/flows/send_flow",
        "https://botcake.io/api/public_api/v1/pages/113045297552223/flows/send_flow/",
        "https://www.botcake.io/api/public_api/v1/pages/113045297552223/flows/send_flow",
    ],
)
def test_every_form_of_the_botcake_url_reaches_the_fake(botcake: Botcake, url: str) -> None:
    answer = requests.post(url, json=SEND_FLOW, headers=botcake.page(SHOP_ID).headers)

    assert answer.json() == {"success": True}
    botcake.assert_flow_sent(psid="4242", flow_id=1559)


@pytest.mark.botcake_seed("demo")
def test_a_bracketed_flow_path_works_raw_and_percent_encoded(botcake: Botcake) -> None:
    page = botcake.page(SHOP_ID)

    raw = requests.get(page.url("flows/[1561,1564]"), headers=page.headers).json()
    encoded = requests.get(page.url("flows/%5B1561%2C1564%5D"), headers=page.headers).json()

    assert raw == encoded
    assert [flow["id"] for flow in raw["data"]["flows"]] == [1568]


@pytest.mark.botcake_seed("demo")
def test_an_unknown_botcake_url_gets_the_fakes_404_not_the_network(botcake: Botcake) -> None:
    answer = requests.get("https://botcake.io/pricing")

    assert answer.status_code == 404
    assert answer.json()["success"] is False


@pytest.mark.botcake_seed("demo")
def test_an_underscore_token_header_is_dropped_as_a_real_server_drops_it(botcake: Botcake) -> None:
    page = botcake.page(SHOP_ID)

    answer = requests.get(page.url("keywords"), headers={"access_token": page.token})

    assert answer.status_code == 400
    assert answer.json()["message"] == "access-token header is required"


@pytest.mark.botcake_seed("demo")
def test_calls_to_other_hosts_pass_through(botcake: Botcake, botcake_server: Botcake) -> None:
    # The live server is another host as far as the in-process route is concerned.
    page = botcake_server.page(SHOP_ID)

    answer = requests.post(page.url("flows/send_flow"), json=SEND_FLOW, headers=page.headers)

    assert answer.json() == {"success": True}
    botcake_server.assert_flow_sent(psid="4242", flow_id=1559)
    botcake.assert_nothing_sent()


@pytest.mark.botcake_seed("demo")
@responses.activate
def test_it_works_beside_the_tests_own_responses_mocks(botcake: Botcake) -> None:
    responses.add(responses.GET, "https://shop.example/orders/1", json={"status": "paid"})
    page = botcake.page(SHOP_ID)

    order = requests.get("https://shop.example/orders/1").json()
    sent = requests.post(page.url("flows/send_flow"), json=SEND_FLOW, headers=page.headers).json()

    assert (order, sent) == ({"status": "paid"}, {"success": True})
    botcake.assert_flow_sent(psid="4242")


@pytest.mark.botcake_seed("demo")
def test_a_separate_requests_mock_can_be_told_to_serve_the_fake(botcake: Botcake) -> None:
    page = botcake.page(SHOP_ID)
    with responses.RequestsMock() as own_mock:  # which asserts that every route it holds was called
        botcake.serve_through(own_mock)

        answer = requests.post(page.url("flows/send_flow"), json=SEND_FLOW, headers=page.headers)

    assert answer.json() == {"success": True}
    botcake.assert_flow_sent(psid="4242", flow_id=1559)


@pytest.mark.botcake_seed("demo")
def test_the_live_server_answers_any_http_client(botcake_server: Botcake) -> None:
    page = botcake_server.page(SHOP_ID)

    answer = httpx.post(
        page.url("flows/send_content"), json={"psid": "9", "data": HELLO}, headers=page.headers
    )

    assert answer.json() == {"success": True}
    botcake_server.assert_content_sent(psid="9", text="Hello!")


def test_a_rotated_token_stops_working(botcake: Botcake) -> None:
    page = botcake.add_page(name="Shop")
    rotated = botcake.rotate_token(page.page_id)

    assert requests.get(page.url("keywords"), headers=page.headers).status_code == 401
    assert requests.get(rotated.url("keywords"), headers=rotated.headers).status_code == 200


@pytest.mark.botcake_seed("demo")
def test_reset_goes_back_to_the_seed_of_the_test(botcake: Botcake) -> None:
    page = botcake.page(SHOP_ID)
    before = botcake.state()
    requests.post(page.url("keywords/create"), headers=page.headers)
    botcake.add_page(name="extra")

    botcake.reset()

    assert botcake.state() == before


@pytest.mark.botcake_seed("demo")
def test_requests_lists_what_reached_the_api(botcake: Botcake) -> None:
    page = botcake.page(SHOP_ID)
    requests.post(page.url("flows/send_flow"), json=SEND_FLOW, headers=page.headers)

    (entry,) = botcake.requests

    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        f"/api/public_api/v1/pages/{SHOP_ID}/flows/send_flow",
        200,
    )
    assert entry["body"] == SEND_FLOW
    assert entry["token"] == "…" + page.token[-4:]


def test_times_zero_asserts_that_no_send_matches(botcake: Botcake) -> None:
    page = botcake.add_page(flows=[{"id": 1, "name": "a", "parent_id": None}])
    requests.post(page.url("flows/send_flow"), json={"psid": "1", "flow_id": 1}, headers=page.headers)

    botcake.assert_flow_sent(psid="2", times=0)
    with pytest.raises(AssertionError, match="expected 0 x a flow send with psid='1'"):
        botcake.assert_flow_sent(psid="1", times=0)


def test_an_httpx_call_to_botcake_is_stopped_with_advice_not_sent_to_the_real_service(
    botcake: Botcake,
) -> None:
    page = botcake.add_page(name="Shop")

    with pytest.raises(httpx.ConnectError, match="Use the botcake_server fixture"):
        httpx.get(page.url("keywords"), headers=page.headers)

    assert botcake.requests == []


@pytest.mark.botcake_seed("demo")
@pytest.mark.parametrize("fixture", ["botcake", "botcake_server"])
def test_a_chunked_body_reaches_the_fake_whole(request: pytest.FixtureRequest, fixture: str) -> None:
    fake: Botcake = request.getfixturevalue(fixture)
    page = fake.page(SHOP_ID)
    parts = (b'{"psid": "4242", ', b'"flow_id": 1559}')  # a generator: requests sends it chunked

    answer = requests.post(
        page.url("flows/send_flow"),
        data=(part for part in parts),
        headers={**page.headers, "Content-Type": "application/json"},
    )

    assert answer.json() == {"success": True}
    fake.assert_flow_sent(psid="4242", flow_id=1559)
