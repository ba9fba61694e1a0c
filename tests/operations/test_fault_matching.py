"""Precise fault rules: ``match.query``, ``match.headers`` and ``match.body`` beside method, path and page."""

from __future__ import annotations

import pytest

from ..helpers import assert_refused

TAGS = "get_list_tag"


def add_fault(client, match: dict) -> dict:
    response = client.post("/_mock/faults", json={"match": match, "action": {"status": 503}})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def send_flow(call, **body) -> int:
    return call("POST", "flows/send_flow", json={"psid": "42", "flow_id": 1559, **body}).status_code


def test_a_query_value_given_exactly_faults_only_requests_with_that_value(client, call):
    add_fault(client, {"path": TAGS, "query": {"page": "3"}})

    assert call("GET", f"{TAGS}?page=3").status_code == 503
    assert call("GET", f"{TAGS}?page=2").status_code == 200


def test_a_query_parameter_the_request_lacks_is_no_match(client, call):
    add_fault(client, {"path": TAGS, "query": {"page": "*"}})

    assert call("GET", TAGS).status_code == 200
    assert call("GET", f"{TAGS}?page=").status_code == 503


def test_a_query_value_may_be_a_glob(client, call):
    add_fault(client, {"path": TAGS, "query": {"page": "1?"}})

    assert [call("GET", f"{TAGS}?page={page}").status_code for page in (12, 1, 2)] == [503, 200, 200]


def test_a_repeated_query_parameter_matches_when_one_of_its_values_does(client, call):
    add_fault(client, {"query": {"page": "3"}})

    assert call("GET", f"{TAGS}?page=1&page=3").status_code == 503
    assert call("GET", f"{TAGS}?page=1&page=2").status_code == 200


def test_a_query_value_is_compared_decoded(client, call):
    add_fault(client, {"query": {"name": "a b"}})

    assert call("GET", f"{TAGS}?name=a%20b").status_code == 503
    assert call("GET", f"{TAGS}?name=a%2520b").status_code == 200


def test_every_query_parameter_given_must_match(client, call):
    add_fault(client, {"query": {"page": "3", "size": "*"}})

    assert call("GET", f"{TAGS}?page=3").status_code == 200
    assert call("GET", f"{TAGS}?page=3&size=9").status_code == 503


def test_header_names_are_case_insensitive(client, call):
    add_fault(client, {"headers": {"X-Request-Id": "abc-*"}})

    assert call("GET", "flows", headers={"x-request-id": "abc-1"}).status_code == 503
    assert call("GET", "flows", headers={"X-REQUEST-ID": "xyz"}).status_code == 200


def test_a_header_the_request_lacks_is_no_match(client, call):
    add_fault(client, {"headers": {"x-request-id": "*"}})

    assert call("GET", "flows").status_code == 200


def test_the_content_type_header_can_be_matched(client, call):
    add_fault(client, {"headers": {"Content-Type": "application/json*"}})

    assert send_flow(call) == 503
    assert call("GET", "flows").status_code == 200


def test_a_body_part_faults_only_the_send_to_that_psid(client, call, store):
    add_fault(client, {"path": "flows/send_flow", "body": {"psid": "42"}})

    assert send_flow(call) == 503
    assert send_flow(call, psid="43") == 200
    assert [send["psid"] for send in store.sends("113045297552223")] == ["43"]


def test_a_nested_body_part_is_compared_key_by_key(client, call):
    add_fault(client, {"body": {"payload": {"order": {"id": 7}}}})

    assert send_flow(call, payload={"order": {"id": 7, "total": 3}, "other": 1}) == 503
    assert send_flow(call, payload={"order": {"id": 8}}) == 200


def test_a_body_value_must_be_equal_as_json_so_true_is_not_1_nor_the_text_1(client, call):
    add_fault(client, {"body": {"payload": {"vip": True}}})
    add_fault(client, {"body": {"psid": 42}})

    assert send_flow(call, payload={"vip": 1}) == 200
    assert send_flow(call) == 200  # psid "42"
    assert send_flow(call, payload={"vip": True}) == 503


def test_a_list_in_a_body_part_must_be_equal_as_a_whole(client, call):
    add_fault(client, {"body": {"payload": {"ids": [1, 2]}}})

    assert send_flow(call, payload={"ids": [1, 2, 3]}) == 200
    assert send_flow(call, payload={"ids": [1, 2]}) == 503


def test_a_body_that_is_not_json_matches_no_body_rule(client, call):
    add_fault(client, {"body": {}})

    response = call("POST", "flows/send_flow", data="psid=42", content_type="text/plain")

    assert response.status_code != 503
    assert call("POST", "flows/send_flow", json={}).status_code == 503


def test_a_body_rule_leaves_the_body_for_the_handler_to_read(client, call, store):
    add_fault(client, {"body": {"psid": "nobody"}})

    assert send_flow(call) == 200
    assert [send["psid"] for send in store.sends("113045297552223")] == ["42"]


@pytest.mark.parametrize(
    "match",
    [
        {"query": {"page": 3}},
        {"query": {"": "x"}},
        {"query": []},
        {"headers": {"access_token": "*"}},
        {"headers": {"x id": "*"}},
        {"headers": {"x-id": None}},
        {"body": []},
        {"body": "psid=42"},
    ],
)
def test_an_invalid_precise_match_is_refused_and_adds_nothing(client, match):
    response = client.post("/_mock/faults", json={"match": match, "action": {"status": 503}})

    assert_refused(response, 400, "invalid fault rule")
    assert client.get("/_mock/faults").get_json() == {"faults": []}
