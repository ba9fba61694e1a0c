"""Fault rules one by one: read or remove a rule by its id, name it, see in the journal which rule fired
on a request, and have a path glob that can match no route refused with what it is matched against."""

from __future__ import annotations

import pytest

from mock_botcake.control.context import FAULTS_KEY
from mock_botcake.web.drop import ConnectionDropped

from ..helpers import assert_refused

FAIL_SENDS = {"match": {"method": "POST", "path": "flows/send_*"}, "action": {"status": 503}}


def add_fault(client, rule: dict) -> dict:
    response = client.post("/_mock/faults", json=rule)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def journal(client) -> list[dict]:
    return client.get("/_mock/requests").get_json()["requests"]


def test_a_rule_is_read_back_by_its_id_with_how_often_it_fired(client, call):
    added = add_fault(client, {"action": {"status": 503}, "times": 1})
    call("GET", "flows")

    response = client.get(f"/_mock/faults/{added['id']}")

    assert (response.status_code, response.get_json()) == (200, {**added, "fired": 1})


def test_reading_an_unknown_rule_id_is_a_404_in_the_api_error_shape(client):
    add_fault(client, {"action": {"status": 503}})

    assert_refused(client.get("/_mock/faults/2"), 404, "fault rule not found")


def test_removing_a_rule_answers_it_and_it_fires_no_more(client, call):
    added = add_fault(client, {"action": {"status": 503}})

    removed = client.delete(f"/_mock/faults/{added['id']}")

    assert (removed.status_code, removed.get_json()) == (200, added)
    assert call("GET", "flows").status_code == 200


def test_removing_one_rule_keeps_the_others_in_force(client, call):
    first = add_fault(client, {"action": {"status": 501}})
    second = add_fault(client, {"action": {"status": 502}})

    client.delete(f"/_mock/faults/{first['id']}")

    assert [rule["id"] for rule in client.get("/_mock/faults").get_json()["faults"]] == [second["id"]]
    assert call("GET", "flows").status_code == 502


def test_removing_an_unknown_rule_is_a_404_and_removes_nothing(client):
    add_fault(client, {"action": {"status": 503}})

    assert_refused(client.delete("/_mock/faults/7"), 404, "fault rule not found")
    assert len(client.get("/_mock/faults").get_json()["faults"]) == 1


def test_a_removed_rules_id_is_never_given_again(client):
    first = add_fault(client, {"action": {"status": 503}})
    client.delete(f"/_mock/faults/{first['id']}")

    assert add_fault(client, {"action": {"status": 503}})["id"] == first["id"] + 1


def test_removing_the_last_delaying_rule_leaves_a_book_that_may_not_delay(client):
    # serve sleeps requests in threads only while a delaying rule is in force.
    added = add_fault(client, {"action": {"delay_ms": 10}})
    add_fault(client, {"action": {"status": 503}})
    faults = client.application.extensions[FAULTS_KEY]

    client.delete(f"/_mock/faults/{added['id']}")

    assert faults.may_delay() is False


def test_a_rule_keeps_its_name(client):
    added = add_fault(client, {**FAIL_SENDS, "name": "sends are down"})

    assert added["name"] == "sends are down"
    assert client.get("/_mock/faults").get_json()["faults"][0]["name"] == "sends are down"


def test_the_journal_names_the_rule_that_answered_a_request(client, call):
    add_fault(client, {"match": {"path": "keywords"}, "action": {"status": 500}})
    named = add_fault(client, {"name": "flows fail", "match": {"path": "flows"}, "action": {"status": 503}})

    call("GET", "flows")

    assert journal(client)[0]["fault"] == {"id": named["id"], "name": "flows fail"}


def test_the_journal_gives_an_unnamed_rule_its_id_and_a_null_name(client, call):
    added = add_fault(client, {"action": {"status": 503}})

    call("GET", "flows")

    assert journal(client)[0]["fault"] == {"id": added["id"], "name": None}


def test_the_journal_names_the_rule_that_dropped_a_connection(client, call):
    added = add_fault(client, {"action": {"drop_connection": True}})

    with pytest.raises(ConnectionDropped):
        call("GET", "flows")

    assert journal(client)[0]["fault"] == {"id": added["id"], "name": None}


def test_a_request_no_rule_fired_on_has_no_fault_in_the_journal(client, call):
    add_fault(client, {"match": {"path": "keywords"}, "action": {"status": 500}})

    call("GET", "flows")

    assert journal(client)[0]["fault"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/public_api/v1/pages/*/flows/send_flow",  # the whole path: the glob sees what follows the page
        "send_flow",  # without flows/
        "flows/send_flow/",
        "flow",
    ],
)
def test_a_path_glob_that_can_match_no_route_is_refused_with_what_it_is_matched_against(client, path):
    response = client.post("/_mock/faults", json={"match": {"path": path}, "action": {"status": 503}})

    assert_refused(response, 400, "invalid fault rule")
    (problem,) = response.get_json()["errors"]
    assert f"match.path {path!r} can match no API route" in problem
    assert "matched against the path after /api/public_api/v1/pages/<page_id>/" in problem
    assert client.get("/_mock/faults").get_json() == {"faults": []}


def test_the_refusal_of_an_unmatchable_glob_names_the_nearest_route(client):
    response = client.post("/_mock/faults", json={"match": {"path": "send_flow"}, "action": {"status": 503}})

    assert "the nearest routes: flows/send_flow" in response.get_json()["errors"][0]


def test_a_glob_that_meets_only_routes_of_another_method_is_refused_naming_them(client):
    rule = {"match": {"method": "GET", "path": "keywords/create"}, "action": {"status": 503}}

    response = client.post("/_mock/faults", json=rule)

    assert_refused(response, 400, "invalid fault rule")
    assert response.get_json()["errors"] == [
        "match.path 'keywords/create' matches no GET route, only POST keywords/create"
    ]


@pytest.mark.parametrize(
    "path",
    ["flows/1559/statistics", "flows/*/statistics", "*statistic*", "flows/[[]1561]", "customer/4*"],
)
def test_a_glob_that_meets_a_route_with_parameters_is_accepted(client, path):
    add_fault(client, {"match": {"path": path}, "action": {"status": 503}})


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_an_id_past_the_id_space_is_an_unknown_rule_not_another_status(client, method):
    add_fault(client, {"action": {"status": 503}})

    assert_refused(
        client.open("/_mock/faults/9223372036854775808", method=method), 404, "fault rule not found"
    )
