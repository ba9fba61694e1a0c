"""Network faults (``action.fault``) through the app itself: what each one does to the answer, to the
state and to the journal. What a client reads off a real socket is in test_network_faults_served.py."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.control.faulting import MALFORMED_BODY
from mock_botcake.web.dribble import DRIBBLE_PIECES, pieces_of
from mock_botcake.web.drop import ConnectionDropped, ConnectionReset

from ..helpers import SHOP_ID, assert_refused, state_unchanged

SEND = {"psid": "42", "flow_id": 1559}


def add_fault(client, rule: dict) -> dict:
    response = client.post("/_mock/faults", json=rule)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def sends(client) -> list[dict]:
    return client.get(f"/_mock/pages/{SHOP_ID}/sends").get_json()["sends"]


def journaled_statuses(client) -> list[int]:
    return [entry["status"] for entry in client.get("/_mock/requests").get_json()["requests"]]


def test_an_empty_fault_answers_nothing_and_changes_nothing(client, call, store):
    add_fault(client, {"action": {"fault": "empty"}})
    with state_unchanged(store), pytest.raises(ConnectionDropped):
        call("POST", "flows/send_flow", json=SEND)


def test_an_empty_fault_after_write_keeps_the_write(client, call):
    add_fault(client, {"action": {"fault": "empty"}, "after_write": True})
    with pytest.raises(ConnectionDropped):
        call("POST", "flows/send_flow", json=SEND)
    assert len(sends(client)) == 1


def test_an_empty_fault_is_journaled_with_status_zero(client, call):
    add_fault(client, {"action": {"fault": "empty"}})
    with pytest.raises(ConnectionDropped):
        call("GET", "flows")
    assert journaled_statuses(client) == [0]


def test_a_malformed_fault_answers_200_with_a_json_content_type_and_a_body_that_is_not_json(client, call):
    add_fault(client, {"action": {"fault": "malformed"}})
    response = call("GET", "flows")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.get_data())


def test_a_malformed_fault_changes_nothing(client, call, store):
    add_fault(client, {"action": {"fault": "malformed"}})
    with state_unchanged(store):
        assert call("POST", "flows/send_flow", json=SEND).status_code == 200


def test_a_malformed_fault_is_journaled_with_status_200_and_its_rule_even_before_a_401(client, call):
    rule = add_fault(client, {"name": "garbled", "action": {"fault": "malformed"}})
    call("GET", "flows", token="not-a-token")  # the fault comes before the token check
    [entry] = client.get("/_mock/requests").get_json()["requests"]
    assert (entry["status"], entry["fault"]) == (200, {"id": rule["id"], "name": "garbled"})


def test_a_scenario_gives_network_faults_in_turn_then_the_real_answer(client, call):
    add_fault(client, {"action": {"responses": [{"fault": "empty"}, {"fault": "malformed"}, {"pass": True}]}})
    with pytest.raises(ConnectionDropped):
        call("GET", "flows")
    assert call("GET", "flows").get_data() == MALFORMED_BODY
    assert call("GET", "flows").get_json()["success"] is True


def test_a_truncated_fault_announces_the_whole_content_length_and_gives_half_the_body(client, call):
    whole = call("GET", "flows").get_data()
    add_fault(client, {"action": {"fault": "truncated"}})
    response = call("GET", "flows")
    assert int(response.headers["Content-Length"]) == len(whole)
    assert response.get_data() == whole[: len(whole) // 2]


def test_a_truncated_fault_cuts_the_rules_own_answer_when_it_gives_one(client, call):
    add_fault(client, {"action": {"fault": "truncated", "status": 503, "body": {"success": False}}})
    response = call("GET", "flows")
    assert response.status_code == 503
    assert response.get_data() == b'{"success": false}'[:9]


def test_a_truncated_fault_before_the_handler_changes_nothing(client, call, store):
    add_fault(client, {"action": {"fault": "truncated", "status": 503}})
    with state_unchanged(store):
        call("POST", "flows/send_flow", json=SEND)


def test_a_truncated_fault_is_journaled_with_the_status_of_its_head(client, call):
    add_fault(client, {"action": {"fault": "truncated", "status": 502}})
    call("GET", "flows")
    assert journaled_statuses(client) == [502]


def test_a_reset_fault_answers_nothing_and_changes_nothing(client, call, store):
    add_fault(client, {"action": {"fault": "reset"}})
    with state_unchanged(store), pytest.raises(ConnectionReset):
        call("POST", "flows/send_flow", json=SEND)


def test_a_reset_fault_is_journaled_with_status_zero(client, call):
    add_fault(client, {"action": {"fault": "reset"}})
    with pytest.raises(ConnectionReset):
        call("GET", "flows")
    assert journaled_statuses(client) == [0]


def test_a_slow_fault_gives_the_whole_answer_no_sooner_than_its_delay(client, call):
    whole = call("GET", "flows").get_data()
    add_fault(client, {"action": {"fault": "slow", "delay_ms": 200}})
    started = time.monotonic()
    assert call("GET", "flows").get_data() == whole
    assert time.monotonic() - started >= 0.2


def test_a_slow_fault_gives_the_body_in_pieces(client, call):
    add_fault(client, {"action": {"fault": "slow", "delay_ms": 10}})
    pieces = list(call("GET", "flows", buffered=False).response)
    assert len(pieces) == DRIBBLE_PIECES


@pytest.mark.parametrize(
    "rule",
    [
        {"action": {"fault": "unplugged"}},
        {"action": {"fault": "empty", "drop_connection": True}},
        {"action": {"fault": "malformed", "drop_connection": False}},
        {"action": {"fault": "empty", "status": 500}},
        {"action": {"fault": "reset", "body": {"success": False}}},
        {"action": {"fault": "malformed", "status": 502}},
        {"action": {"fault": "slow"}},
        {"action": {"fault": "slow", "delay_ms": 0}},
        {"action": {"responses": [{"status": 503}], "fault": "empty"}},
        {"action": {"responses": [{"pass": True, "fault": "empty"}]}},
        {"action": {"responses": [{"fault": "empty", "status": 503}]}},
    ],
)
def test_a_network_fault_that_would_be_ignored_or_contradicts_itself_is_refused(client, rule):
    assert_refused(client.post("/_mock/faults", json=rule), 400, "invalid fault rule")
    assert client.get("/_mock/faults").get_json() == {"faults": []}


@given(st.binary(max_size=100))
def test_a_dribbled_body_is_cut_into_at_most_ten_pieces_none_empty_that_make_it_whole(body):
    pieces = pieces_of(body)
    assert b"".join(pieces) == body
    assert 1 <= len(pieces) <= DRIBBLE_PIECES
    assert all(pieces) or pieces == [b""]
