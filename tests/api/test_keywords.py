"""GET keywords, POST keywords/create, POST keywords/update (fidelity 7.7, 7.8)."""

from __future__ import annotations

import pytest

from mock_botcake.app import create_app
from mock_botcake.store import Store
from mock_botcake.store.store import MAX_ID

from ..helpers import API, assert_refused, state_unchanged


def keywords(call, **kwargs):
    return call("GET", "keywords", **kwargs).get_json()["data"]


def test_keywords_lists_the_pages_keywords_in_the_success_envelope(call):
    body = call("GET", "keywords").get_json()
    assert body == {
        "success": True,
        "data": [
            {"id": 2934, "flow_id": 1559, "is_activated": True},
            {"id": 3372, "flow_id": None, "is_activated": False},
            {"id": 2935, "flow_id": None, "is_activated": False},
            {"id": 3033, "flow_id": 1565, "is_activated": False},
        ],
    }


def test_create_keyword_without_a_body_answers_a_new_empty_keyword(call):
    response = call("POST", "keywords/create")
    assert response.status_code == 200
    body = response.get_json()
    assert body["success"] is True
    assert body["keyword"]["flow_id"] is None
    assert isinstance(body["keyword"]["id"], int)


def test_create_keyword_accepts_an_empty_json_object(call):
    assert call("POST", "keywords/create", json={}).status_code == 200


def test_a_created_keyword_shows_in_keywords_inactive_and_without_flow(call):
    new_id = call("POST", "keywords/create").get_json()["keyword"]["id"]
    assert keywords(call)[-1] == {"id": new_id, "flow_id": None, "is_activated": False}


def test_created_keyword_ids_are_unique_and_increasing_across_pages(call, whatsapp):
    first = call("POST", "keywords/create").get_json()["keyword"]["id"]
    second = call("POST", "keywords/create", page=whatsapp).get_json()["keyword"]["id"]
    third = call("POST", "keywords/create").get_json()["keyword"]["id"]
    assert first < second < third
    existing = {k["id"] for k in keywords(call)} | {k["id"] for k in keywords(call, page=whatsapp)}
    assert len(existing) == 6 + 3


def test_create_keyword_with_a_body_that_is_not_an_object_is_refused(call, store):
    with state_unchanged(store):
        response = call("POST", "keywords/create", data="[1]")
    assert_refused(response, 400, "your params wrong")


@pytest.mark.parametrize("blank", ["\n", " ", "\r\n\t"])
def test_create_keyword_with_a_whitespace_only_body_is_refused_as_not_json(call, store, blank):
    # Only a missing body means "no body"; found by schemathesis's negative data on /_mock/pages.
    with state_unchanged(store):
        response = call("POST", "keywords/create", data=blank, content_type="application/json")
    assert_refused(response, 400, "request body is not valid JSON")


def test_create_keyword_with_malformed_json_is_refused(call, store):
    with state_unchanged(store):
        response = call("POST", "keywords/create", data="{")
    assert_refused(response, 400, "request body is not valid JSON")


def test_update_keyword_points_it_at_a_flow_and_answers_the_keyword(call):
    response = call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": 1560}})
    assert response.get_json() == {"keyword": {"flow_id": 1560, "id": 3372}, "success": True}


def test_an_updated_keyword_reads_back_with_its_new_flow(call):
    call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": 1560}})
    assert {"id": 3372, "flow_id": 1560, "is_activated": False} in keywords(call)


def test_update_keyword_can_point_a_freshly_created_keyword_at_a_flow(call):
    new_id = call("POST", "keywords/create").get_json()["keyword"]["id"]
    call("POST", "keywords/update", json={"keyword_id": new_id, "update": {"flow_id": 1567}})
    assert keywords(call)[-1]["flow_id"] == 1567


def test_update_keyword_ignores_keys_of_update_other_than_flow_id(call):
    response = call(
        "POST",
        "keywords/update",
        json={"keyword_id": 3372, "update": {"flow_id": 1560, "is_activated": True}},
    )
    assert response.status_code == 200
    assert {"id": 3372, "flow_id": 1560, "is_activated": False} in keywords(call)


def test_update_of_an_unknown_keyword_is_refused(call, store):
    with state_unchanged(store):
        response = call("POST", "keywords/update", json={"keyword_id": 424242, "update": {"flow_id": 1560}})
    assert_refused(response, 400, "keyword not found")


def test_update_of_another_pages_keyword_is_refused(call, store):
    with state_unchanged(store):
        response = call(
            "POST", "keywords/update", json={"keyword_id": 1004303250, "update": {"flow_id": 1560}}
        )
    assert_refused(response, 400, "keyword not found")


def test_update_to_an_unknown_flow_is_refused(call, store):
    with state_unchanged(store):
        response = call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": 424242}})
    assert_refused(response, 400, "your params wrong")


def test_update_to_a_removed_flow_is_refused(call, store):
    with state_unchanged(store):
        response = call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": 1569}})
    assert_refused(response, 400, "your params wrong")


@pytest.mark.parametrize("flow_id", [424242, 1569], ids=["unknown", "removed"])
def test_update_and_send_flow_refuse_a_flow_that_cannot_be_used_with_the_same_answer(call, flow_id):
    update = call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": flow_id}})
    send = call("POST", "flows/send_flow", json={"psid": "1", "flow_id": flow_id})
    assert update.status_code == send.status_code == 400
    assert update.get_json() == send.get_json()
    assert update.get_json()["errors"] == [f"flow {flow_id} does not exist or is removed"]


@pytest.mark.parametrize(
    "body",
    [
        {"keyword_id": "3372", "update": {"flow_id": 1560}},
        {"keyword_id": True, "update": {"flow_id": 1560}},
        {"keyword_id": 3372, "update": {"flow_id": "1560"}},
        {"keyword_id": 3372, "update": {"flow_id": None}},
        {"keyword_id": 3372, "update": {}},
        {"keyword_id": 3372},
        {"update": {"flow_id": 1560}},
        {"keyword_id": 3372, "update": [1560]},
        {"keyword_id": -3372, "update": {"flow_id": 1560}},
        {"keyword_id": 0, "update": {"flow_id": 1560}},
        {"keyword_id": 3372, "update": {"flow_id": -1560}},
        {"keyword_id": 2**63, "update": {"flow_id": 1560}},
        [],
        "text",
    ],
)
def test_update_with_wrong_params_is_refused_and_changes_nothing(call, store, body):
    with state_unchanged(store):
        response = call("POST", "keywords/update", json=body)
    assert_refused(response, 400, "your params wrong")
    assert response.get_json()["errors"]


def test_update_without_a_body_is_refused(call, store):
    with state_unchanged(store):
        assert_refused(call("POST", "keywords/update"), 400, "request body is not valid JSON")


def test_update_of_an_unknown_keyword_names_the_keyword_in_errors(call):
    response = call("POST", "keywords/update", json={"keyword_id": 424242, "update": {"flow_id": 1560}})
    assert response.get_json()["errors"] == ["keyword 424242 does not exist"]


def test_create_keyword_takes_the_largest_id_and_then_refuses_saying_none_is_left():
    client = create_app(Store()).test_client()
    page = client.post("/_mock/pages", json={"keywords": [{"id": MAX_ID - 1, "flow_id": None}]}).get_json()
    create = f"{API}/pages/{page['page_id']}/keywords/create"
    token = {"access-token": page["access_token"]}
    assert client.post(create, headers=token).get_json()["keyword"]["id"] == MAX_ID
    refusal = client.post(create, headers=token)
    assert_refused(refusal, 409, "no id left for a new item")
    used_up = f"no keywords id is left: the largest id ({MAX_ID}) is already in use"
    assert refusal.get_json()["errors"] == [used_up]
