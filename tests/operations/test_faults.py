"""Fault injection: POST /_mock/faults makes chosen API requests fail, wait or lose their connection."""

from __future__ import annotations

import threading
import time

import pytest

from mock_botcake.app import create_app
from mock_botcake.control.faults import FaultBook, random_error_rule
from mock_botcake.web.drop import CLIENT_GONE_KEY, ConnectionDropped

from ..helpers import API, SHOP_ID, assert_refused, state_unchanged

SEND = {"psid": "42", "flow_id": 1559}


def add_fault(client, rule: dict) -> dict:
    response = client.post("/_mock/faults", json=rule)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def sends(client) -> list[dict]:
    return client.get(f"/_mock/pages/{SHOP_ID}/sends").get_json()["sends"]


def test_adding_a_rule_answers_201_with_the_rule_its_id_and_fired_zero(client):
    rule = {"match": {"method": "POST", "path": "flows/send_*"}, "action": {"status": 503}, "times": 1}
    assert add_fault(client, rule) == {**rule, "id": 1, "fired": 0}


def test_a_matching_request_gets_the_faults_status_and_default_error_body(client, call, store):
    add_fault(client, {"match": {"path": "flows/send_flow"}, "action": {"status": 503}})
    with state_unchanged(store):
        response = call("POST", "flows/send_flow", json=SEND)
    assert_refused(response, 503, "fault injected by mock-botcake")


def test_a_fault_can_answer_200_with_a_failure_body_as_botcake_does(client, call):
    body = {"success": False, "message": "your params wrong"}
    add_fault(client, {"action": {"status": 200, "body": body}})
    response = call("GET", "flows")
    assert (response.status_code, response.get_json()) == (200, body)


def test_a_request_that_does_not_match_is_answered_normally(client, call):
    add_fault(client, {"match": {"method": "POST"}, "action": {"status": 500}})
    assert call("GET", "flows").status_code == 200


def test_page_id_limits_the_rule_to_that_page(client, call, whatsapp):
    add_fault(client, {"match": {"page_id": SHOP_ID}, "action": {"status": 502}})
    assert call("GET", "flows").status_code == 502
    assert call("GET", "flows", page=whatsapp).status_code == 200


def test_the_path_glob_star_crosses_slashes(client, call):
    add_fault(client, {"match": {"path": "flows/*"}, "action": {"status": 500}})
    assert call("GET", "flows/1559/statistics").status_code == 500
    assert call("GET", "flows").status_code == 200


def test_times_limits_how_often_a_rule_fires_and_fired_counts(client, call):
    add_fault(client, {"action": {"status": 500}, "times": 2})
    statuses = [call("GET", "flows").status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert client.get("/_mock/faults").get_json()["faults"][0]["fired"] == 2


def test_a_seeded_probability_faults_the_same_requests_on_every_run(store, shop):
    def run() -> list[int]:
        client = create_app(store).test_client()
        add_fault(client, {"action": {"status": 500}, "probability": 0.5, "seed": 7})
        headers = {"access-token": shop.token}
        return [client.get(f"{API}/pages/{SHOP_ID}/flows", headers=headers).status_code for _ in range(20)]

    first = run()
    assert first == run()
    assert 500 in first and 200 in first


def test_rules_are_tried_in_order_and_the_first_that_fires_wins(client, call):
    add_fault(client, {"action": {"status": 501}, "times": 1})
    add_fault(client, {"action": {"status": 502}})
    assert [call("GET", "flows").status_code for _ in range(2)] == [501, 502]


def test_after_write_the_write_happens_and_only_the_answer_is_replaced(client, call):
    add_fault(client, {"match": {"path": "flows/send_flow"}, "action": {"status": 504}, "after_write": True})
    assert call("POST", "flows/send_flow", json=SEND).status_code == 504
    assert [(s["psid"], s["flow_id"]) for s in sends(client)] == [("42", 1559)]


def test_a_delay_only_rule_answers_normally_but_late(client, call):
    add_fault(client, {"action": {"delay_ms": 150}})
    started = time.monotonic()
    response = call("GET", "flows")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.15


def test_in_process_a_dropped_connection_raises_connection_dropped_and_changes_nothing(client, call, store):
    add_fault(client, {"action": {"drop_connection": True}})
    with state_unchanged(store), pytest.raises(ConnectionDropped):
        call("POST", "flows/send_flow", json=SEND)


def test_a_drop_after_write_keeps_the_write(client, call):
    add_fault(client, {"action": {"drop_connection": True}, "after_write": True})
    with pytest.raises(ConnectionDropped):
        call("POST", "flows/send_flow", json=SEND)
    assert len(sends(client)) == 1


def test_a_dropped_request_is_journaled_with_status_zero(client, call):
    add_fault(client, {"action": {"drop_connection": True}})
    with pytest.raises(ConnectionDropped):
        call("GET", "flows")
    assert client.get("/_mock/requests").get_json()["requests"][0]["status"] == 0


def test_a_faulted_answer_is_what_the_journal_shows(client, call):
    add_fault(client, {"action": {"status": 503}})
    call("GET", "flows")
    assert client.get("/_mock/requests").get_json()["requests"][0]["status"] == 503


def test_faults_never_touch_the_control_plane(client):
    add_fault(client, {"action": {"status": 500}})
    assert client.get("/_mock/pages").status_code == 200


def test_get_lists_the_rules_with_ids_and_counts(client):
    add_fault(client, {"action": {"status": 500}})
    add_fault(client, {"action": {"delay_ms": 1}, "probability": 0.5})
    faults = client.get("/_mock/faults").get_json()["faults"]
    assert [(f["id"], f["fired"]) for f in faults] == [(1, 0), (2, 0)]


def test_delete_removes_every_rule(client, call):
    add_fault(client, {"action": {"status": 500}})
    cleared = client.delete("/_mock/faults")
    assert (cleared.status_code, cleared.get_json()) == (200, {"faults": []})
    assert call("GET", "flows").status_code == 200


def test_reset_removes_added_rules(client, call):
    add_fault(client, {"action": {"status": 500}})
    client.post("/_mock/reset")
    assert client.get("/_mock/faults").get_json() == {"faults": []}


def test_reset_puts_back_the_start_rules_with_fresh_counts(store, shop):
    client = create_app(store, fault_rules=[{"action": {"status": 500}, "times": 1}]).test_client()
    headers = {"access-token": shop.token}
    assert client.get(f"{API}/pages/{SHOP_ID}/flows", headers=headers).status_code == 500
    client.post("/_mock/reset")
    assert client.get("/_mock/faults").get_json()["faults"][0]["fired"] == 0
    assert client.get(f"{API}/pages/{SHOP_ID}/flows", headers=headers).status_code == 500


def test_the_fault_rate_rule_faults_about_that_share_of_requests(store, shop):
    client = create_app(store, fault_rules=[random_error_rule(0.25, seed=3)]).test_client()
    headers = {"access-token": shop.token}
    statuses = [client.get(f"{API}/pages/{SHOP_ID}/tools", headers=headers).status_code for _ in range(200)]
    assert 25 <= statuses.count(500) <= 75
    assert set(statuses) == {200, 500}


@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"action": {}},
        {"action": {"status": 99}},
        {"action": {"delay_ms": -1}},
        {"action": {"status": 500}, "probability": 2},
        {"action": {"status": 500}, "times": 0},
        {"action": {"status": 500}, "match": {"method": "get"}},
        {"action": {"status": 500}, "id": 3},
        {"action": {"drop_connection": True, "status": 500}},
        {"action": {"drop_connection": True, "body": {"success": False}}},
        {"action": {"drop_connection": False}},
        {"action": {"status": 204}},
        {"action": {"status": 304, "body": {}}},
    ],
)
def test_an_invalid_rule_is_refused_and_adds_nothing(client, rule):
    assert_refused(client.post("/_mock/faults", json=rule), 400, "invalid fault rule")
    assert client.get("/_mock/faults").get_json() == {"faults": []}


def test_a_rule_that_is_not_json_is_refused(client):
    assert_refused(client.post("/_mock/faults", data="{"), 400, "request body is not valid JSON")
    assert client.get("/_mock/faults").get_json() == {"faults": []}


def test_a_fault_book_may_delay_only_while_a_rule_with_delay_ms_is_in_force():
    # serve runs requests in threads, rather than inline in its event loop, exactly while this holds.
    book = FaultBook(start_rules=[{"action": {"status": 503}}])
    assert not book.may_delay()
    book.add({"action": {"delay_ms": 10, "status": 503}})
    assert book.may_delay()
    book.reset()
    assert not book.may_delay()
    book.add({"action": {"delay_ms": 10}})
    book.clear()
    assert not book.may_delay()


def test_a_fault_book_whose_start_rules_delay_may_delay_after_a_reset():
    book = FaultBook(start_rules=[{"action": {"delay_ms": 10}}])
    assert book.may_delay()
    book.reset()
    assert book.may_delay()


def test_after_write_with_only_a_delay_answers_the_real_answer_late(client, call):
    add_fault(client, {"match": {"path": "flows/send_flow"}, "action": {"delay_ms": 1}, "after_write": True})
    response = call("POST", "flows/send_flow", json=SEND)
    assert (response.status_code, response.get_json()) == (200, {"success": True})
    assert response.mimetype == "application/json"
    assert len(sends(client)) == 1


def test_a_client_that_hangs_up_during_a_delay_is_dropped_without_waiting_it_out(client, call):
    add_fault(client, {"action": {"delay_ms": 5000}})
    gone = threading.Event()
    gone.set()
    started = time.monotonic()
    with pytest.raises(ConnectionDropped, match=r"^the client hung up during a delay$"):
        call("GET", "flows", environ_overrides={CLIENT_GONE_KEY: gone})
    assert time.monotonic() - started < 4


def test_a_client_that_stays_through_a_delay_gets_the_answer(client, call):
    add_fault(client, {"action": {"delay_ms": 50}})
    response = call("GET", "flows", environ_overrides={CLIENT_GONE_KEY: threading.Event()})
    assert response.status_code == 200
