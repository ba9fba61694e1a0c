"""POST flows/send_flow and flows/send_content: validation, recording, statistics (fidelity 7.4-7.12)."""

from __future__ import annotations

import copy

import pytest

from ..helpers import SHOP_ID, assert_refused, state_unchanged

TEXT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "Your order has shipped"}]}}


def sends(client, page_id=SHOP_ID):
    return client.get(f"/_mock/pages/{page_id}/sends").get_json()["sends"]


def sent_count(call, flow_id):
    return call("GET", f"flows/{flow_id}/statistics").get_json()["data"]["sent"]


def test_send_flow_answers_success(call):
    response = call("POST", "flows/send_flow", json={"psid": "28087514047518474", "flow_id": 1559})
    assert response.status_code == 200
    assert response.get_json() == {"success": True}


def test_send_flow_is_recorded_with_its_payload(call, client):
    call("POST", "flows/send_flow", json={"psid": "wa_62812", "flow_id": 1560, "payload": {"code": "4321"}})
    [send] = sends(client)
    assert send["kind"] == "flow"
    assert (send["psid"], send["flow_id"], send["payload"]) == ("wa_62812", 1560, {"code": "4321"})
    assert send["data"] is None and send["message_tag"] is None
    assert send["received_at"].endswith("Z")


def test_send_flow_counts_in_the_flows_sent_statistic(call):
    before = sent_count(call, 1559)
    call("POST", "flows/send_flow", json={"psid": "1", "flow_id": 1559})
    call("POST", "flows/send_flow", json={"psid": "2", "flow_id": 1559})
    assert sent_count(call, 1559) == before + 2


def test_send_flow_to_a_flow_in_a_folder_works(call):
    assert call("POST", "flows/send_flow", json={"psid": "1", "flow_id": 1568}).status_code == 200


@pytest.mark.parametrize("flow_id", [424242, 1569, 1438196185], ids=["unknown", "removed", "other-page"])
def test_send_flow_to_a_flow_that_cannot_be_sent_is_refused(call, store, flow_id):
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", json={"psid": "1", "flow_id": flow_id})
    assert_refused(response, 400, "your params wrong")


@pytest.mark.parametrize(
    "body",
    [
        {"psid": "1", "flow_id": "1559"},
        {"psid": "1", "flow_id": True},
        {"psid": "1", "flow_id": 1559.5},
        {"psid": "1", "flow_id": None},
        {"psid": 1, "flow_id": 1559},
        {"psid": "", "flow_id": 1559},
        {"flow_id": 1559},
        {"psid": "1"},
        {"psid": "1", "flow_id": 1559, "payload": "not an object"},
        {"psid": "1", "flow_id": 0},
        {"psid": "1", "flow_id": -1559},
        {},
        [],
    ],
)
def test_send_flow_with_wrong_params_is_refused_with_your_params_wrong(call, store, body):
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", json=body)
    assert_refused(response, 400, "your params wrong")


@pytest.mark.parametrize("endpoint", ["flows/send_flow", "flows/send_content"])
def test_a_send_without_a_body_is_missing_its_params(call, store, client, endpoint):
    with state_unchanged(store):
        response = call("POST", endpoint)
    assert_refused(response, 400, "your params wrong")
    assert response.get_json()["errors"] == ["the request body is empty"]
    assert sends(client) == []


@pytest.mark.parametrize("flow_id", [424242, 1569], ids=["unknown", "removed"])
def test_send_content_does_not_check_the_flows_its_buttons_and_quick_replies_name(call, flow_id):
    message = {
        "type": "text",
        "text": "Pick one",
        "buttons": [{"type": "flow", "title": "See", "flow_id": flow_id}],
    }
    quick_replies = [{"type": "flow", "caption": "Go", "flow_id": flow_id}]
    content = {"messages": [message], "quick_replies": quick_replies}
    body = {"psid": "1", "data": {"version": "v2", "content": content}}
    response = call("POST", "flows/send_content", json=body)
    assert response.status_code == 200, response.get_json()


def test_send_content_answers_success_and_records_the_content(call, client):
    body = {
        "psid": "6370813943019801",
        "message_tag": "POST_PURCHASE_UPDATE",
        "data": TEXT,
        "payload": {"user_full_name": "Lan"},
    }
    assert call("POST", "flows/send_content", json=body).get_json() == {"success": True}
    [send] = sends(client)
    assert send["kind"] == "content"
    assert (send["psid"], send["data"], send["message_tag"], send["payload"]) == (
        "6370813943019801",
        TEXT,
        "POST_PURCHASE_UPDATE",
        {"user_full_name": "Lan"},
    )
    assert send["flow_id"] is None


def test_sends_are_listed_in_the_order_received(call, client):
    call("POST", "flows/send_flow", json={"psid": "1", "flow_id": 1559})
    call("POST", "flows/send_content", json={"psid": "2", "data": TEXT})
    call("POST", "flows/send_flow", json={"psid": "3", "flow_id": 1560})
    recorded = sends(client)
    assert [s["psid"] for s in recorded] == ["1", "2", "3"]
    assert [s["id"] for s in recorded] == sorted(s["id"] for s in recorded)


def test_send_content_does_not_count_in_any_flow_statistic(call):
    before = sent_count(call, 1559)
    call("POST", "flows/send_content", json={"psid": "1", "data": TEXT})
    assert sent_count(call, 1559) == before


@pytest.mark.parametrize(
    "content",
    [
        {
            "messages": [
                {
                    "type": "text",
                    "text": "hi",
                    "buttons": [{"type": "url", "title": "Site", "url": "https://botcake.io"}],
                }
            ],
            "actions": [],
            "quick_replies": [],
        },
        {"messages": [{"type": "image", "url": "https://example.com/a.png", "buttons": []}]},
        {"messages": [{"type": "video", "url": "https://example.com/a.mp4"}]},
        {
            "messages": [{"type": "text", "text": "hi"}],
            "actions": [
                {"action": "add_tag", "tag_id": 12345},
                {"action": "set_custom_field", "action_id": 17, "action_value": "abcd"},
                {"action": "set_custom_field", "action_id": 60747, "action_value": 123456},
            ],
        },
        {
            "messages": [{"type": "text", "text": "pick"}],
            "quick_replies": [{"type": "flow", "caption": "Go", "flow_id": 12345}],
        },
        {"messages": [{"type": "text", "text": f"part {n}"} for n in range(10)]},
    ],
    ids=["text-button", "image", "video", "actions", "quick-reply", "ten-messages"],
)
def test_send_content_accepts_the_documented_dynamic_block_shapes(call, content):
    response = call(
        "POST", "flows/send_content", json={"psid": "1", "data": {"version": "v2", "content": content}}
    )
    assert response.status_code == 200, response.get_json()


def test_send_content_accepts_a_whatsapp_template(call, whatsapp):
    template = {
        "type": "whatsapp_message_template",
        "template_id": "1852676328789174",
        "language": "id",
        "category": "MARKETING",
        "components": [{"type": "BODY", "params": [{"key": "{{name}}", "value": "Full Name"}]}],
    }
    body = {"psid": "wa_84384097", "data": {"version": "v2", "content": {"messages": [template]}}}
    assert call("POST", "flows/send_content", page=whatsapp, json=body).status_code == 200


def with_content(**content):
    return {"psid": "1", "data": {"version": "v2", "content": content}}


TEXT_MESSAGE = {"type": "text", "text": "hi"}


@pytest.mark.parametrize(
    "body",
    [
        with_content(messages=[TEXT_MESSAGE] * 11),
        with_content(
            messages=[TEXT_MESSAGE], quick_replies=[{"type": "flow", "caption": "Go", "flow_id": 1}] * 12
        ),
        with_content(messages=[TEXT_MESSAGE], actions=[{"action": "add_tag", "tag_id": 1}] * 6),
        with_content(
            messages=[
                {
                    "type": "text",
                    "text": "hi",
                    "buttons": [{"type": "url", "title": "a", "url": "https://a"}] * 4,
                }
            ]
        ),
        with_content(messages=[]),
        with_content(messages=[{"type": "carousel_of_dreams"}]),
        with_content(messages=[{"type": "text"}]),
        with_content(messages=[{"type": "image"}]),
        with_content(messages=[TEXT_MESSAGE], actions=[{"action": "add_tag", "tag_id": "12"}]),
        with_content(messages=[{"type": "text", "text": "hi", "buttons": [{"type": "flow", "title": "Go"}]}]),
        {"psid": "1", "data": {"version": "v1", "content": {"messages": [TEXT_MESSAGE]}}},
        {"psid": "1", "data": {"content": {"messages": [TEXT_MESSAGE]}}},
        {"psid": "1", "data": {"version": "v2"}},
        {"psid": "1"},
        {"data": TEXT},
        {"psid": "1", "data": TEXT, "message_tag": 7},
        {"psid": "1", "data": TEXT, "payload": []},
    ],
    ids=[
        "11-messages",
        "12-quick-replies",
        "6-actions",
        "4-buttons",
        "no-messages",
        "unknown-type",
        "text-without-text",
        "image-without-url",
        "tag-id-string",
        "flow-button-without-flow",
        "version-v1",
        "no-version",
        "no-content",
        "no-data",
        "no-psid",
        "tag-not-string",
        "payload-not-object",
    ],
)
def test_send_content_with_wrong_params_is_refused_and_nothing_is_recorded(call, store, body):
    with state_unchanged(store):
        response = call("POST", "flows/send_content", json=body)
    assert_refused(response, 400, "your params wrong")
    assert response.get_json()["errors"]


def test_the_refusal_names_the_wrong_field(call):
    body = copy.deepcopy({"psid": "1", "flow_id": "12"})
    errors = call("POST", "flows/send_flow", json=body).get_json()["errors"]
    assert errors == ['flow_id must be an integer, not the string "12"']


def test_a_page_sees_only_its_own_sends(call, client, whatsapp):
    call("POST", "flows/send_content", json={"psid": "1", "data": TEXT})
    assert sends(client, whatsapp.page_id) == []
