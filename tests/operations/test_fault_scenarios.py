"""Scenarios: ``action.responses`` answers the requests a rule fires on in turn ("503, then 503, then the
real answer"), then repeats the last answer, or with ``after_last: "pass"`` stops firing."""

from __future__ import annotations

import pytest

from mock_botcake.control.faults import FaultBook
from mock_botcake.web.drop import ConnectionDropped

from ..helpers import SHOP_ID, assert_refused

SEND = {"psid": "42", "flow_id": 1559}
PASS = {"pass": True}


def add_fault(client, rule: dict) -> dict:
    response = client.post("/_mock/faults", json=rule)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def statuses(call, count: int) -> list[int]:
    return [call("GET", "flows").status_code for _ in range(count)]


def test_the_responses_are_given_in_turn_then_the_last_one_again(client, call):
    add_fault(client, {"action": {"responses": [{"status": 503}, {"status": 502}]}})

    assert statuses(call, 4) == [503, 502, 502, 502]


def test_a_pass_answer_is_the_real_answer(client, call):
    add_fault(client, {"action": {"responses": [{"status": 503}, {"status": 503}, PASS]}})

    assert statuses(call, 4) == [503, 503, 200, 200]


def test_a_pass_answer_lets_the_write_happen(client, call, store):
    add_fault(
        client, {"match": {"path": "flows/send_flow"}, "action": {"responses": [{"status": 503}, PASS]}}
    )

    assert [call("POST", "flows/send_flow", json=SEND).status_code for _ in range(2)] == [503, 200]
    assert len(store.sends(SHOP_ID)) == 1


def test_after_last_pass_stops_the_rule_so_a_later_rule_answers(client, call):
    add_fault(client, {"action": {"responses": [{"status": 503}], "after_last": "pass"}})
    add_fault(client, {"action": {"status": 502}})

    assert statuses(call, 3) == [503, 502, 502]


def test_after_last_pass_counts_fired_up_to_the_number_of_responses(client, call):
    add_fault(client, {"action": {"responses": [{"status": 503}, {"status": 503}], "after_last": "pass"}})

    assert statuses(call, 4) == [503, 503, 200, 200]
    assert client.get("/_mock/faults").get_json()["faults"][0]["fired"] == 2


def test_times_ends_a_scenario_early(client, call):
    add_fault(client, {"action": {"responses": [{"status": 503}, {"status": 502}]}, "times": 1})

    assert statuses(call, 2) == [503, 200]


def test_a_scenario_turns_only_on_the_requests_its_probability_faults(client, call):
    add_fault(
        client, {"action": {"responses": [{"status": 501}, {"status": 502}]}, "probability": 0.5, "seed": 7}
    )

    answered = statuses(call, 30)

    faulted = [status for status in answered if status != 200]
    assert 200 in answered
    assert faulted == [501] + [502] * (len(faulted) - 1)


def test_a_scenario_answer_may_drop_the_connection(client, call, store):
    add_fault(client, {"action": {"responses": [{"drop_connection": True}, PASS]}})

    with pytest.raises(ConnectionDropped):
        call("GET", "flows")
    assert call("GET", "flows").status_code == 200


def test_a_scenario_answer_may_have_its_own_body(client, call):
    body = {"success": False, "message": "busy"}
    add_fault(client, {"action": {"responses": [{"status": 200, "body": body}, PASS]}})

    assert call("GET", "flows").get_json() == body


def test_a_book_with_a_delaying_scenario_answer_may_delay():
    book = FaultBook()
    book.add({"action": {"responses": [{"status": 503}, {"delay_ms": 10}]}})

    assert book.may_delay()


@pytest.mark.parametrize(
    "action",
    [
        {"responses": []},
        {"responses": [{}]},
        {"responses": [{"pass": False}]},
        {"responses": [{"pass": True, "status": 500}]},
        {"responses": [{"pass": True, "delay_ms": 5}]},
        {"responses": [{"status": 503}], "status": 500},
        {"responses": [{"status": 503}], "delay_ms": 5},
        {"responses": [{"status": 503}], "after_last": "never"},
        {"after_last": "pass"},
        {"pass": True},
        {"responses": [{"drop_connection": True, "status": 500}]},
        {"responses": {"status": 503}},
    ],
)
def test_an_invalid_scenario_is_refused_and_adds_nothing(client, action):
    assert_refused(client.post("/_mock/faults", json={"action": action}), 400, "invalid fault rule")
    assert client.get("/_mock/faults").get_json() == {"faults": []}
