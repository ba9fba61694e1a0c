"""Sequences and broadcasts: GET sequences/, their statistics and a message's recipients, and GET
broadcasts/{id}/statistic with its HTTP 200 refusal (fidelity: the sequences and broadcasts block)."""

from __future__ import annotations

import pytest

from mock_botcake import fidelity
from mock_botcake.seeds import load_seed

from ..helpers import SHOP_ID, WHATSAPP_ID, assert_refused, state_unchanged

DEMO = {page["page_id"]: page for page in load_seed("demo")["pages"]}
WELCOME = DEMO[SHOP_ID]["sequences"][0]


def without_recipients(message):
    return {key: value for key, value in message.items() if key != "recipients"}


# --- GET sequences/ -------------------------------------------------------------------------------


def test_the_sequences_of_the_page_are_listed_by_id_and_name_in_the_order_they_came(call):
    assert call("GET", "sequences/").get_json() == {
        "success": True,
        "data": [{"id": 591, "name": "Welcome series"}, {"id": 585, "name": None}],
    }


def test_the_list_is_the_same_route_without_the_trailing_slash(call):
    assert call("GET", "sequences").get_json() == call("GET", "sequences/").get_json()


def test_another_pages_sequences_are_not_listed(call, whatsapp):
    assert call("GET", "sequences/", page=whatsapp).get_json() == {"success": True, "data": []}


def test_the_sequences_need_the_pages_token(call):
    assert_refused(call("GET", "sequences/", token="not-a-token"), 401, "invalid access-token")


# --- GET sequences/{id}/statistics ------------------------------------------------------------------


def test_the_statistics_of_a_sequence_are_its_messages_with_schedule_and_counts(call):
    answer = call("GET", "sequences/591/statistics").get_json()
    assert answer == {"data": [without_recipients(m) for m in WELCOME["messages"]], "success": True}


def test_the_statistics_keep_s4s_key_order(call):
    message = call("GET", "sequences/591/statistics").get_json()["data"][0]
    assert list(message) == [
        "delivery",
        "is_clicked",
        "message_id",
        "name",
        "schedule",
        "seen",
        "sends",
        "total_phone_number",
    ]


def test_a_sequence_without_messages_has_no_statistics(call):
    assert call("GET", "sequences/585/statistics").get_json() == {"data": [], "success": True}


def test_the_statistics_of_an_unknown_sequence_are_refused(call, store):
    with state_unchanged(store):
        response = call("GET", "sequences/9/statistics")
    assert_refused(response, 404, fidelity.UNKNOWN_SEQUENCE.message)


def test_the_statistics_of_another_pages_sequence_are_refused(call, whatsapp):
    assert_refused(call("GET", "sequences/591/statistics", page=whatsapp), 404, "sequence not found")


def test_a_sequence_id_that_is_not_a_number_is_no_route(call):
    assert_refused(call("GET", "sequences/abc/statistics"), 404, fidelity.UNKNOWN_ROUTE.message)


# --- GET sequences/{id}/statistics/{message_id} --------------------------------------------------------


def test_the_recipients_of_a_message_are_the_customers_it_went_to(call):
    answer = call("GET", "sequences/591/statistics/5337").get_json()
    assert answer == {"data": WELCOME["messages"][0]["recipients"], "success": True}


def test_a_message_seeded_without_recipients_has_none(client):
    sequence = {"id": 1, "name": "s", "messages": [{**without_recipients(WELCOME["messages"][1])}]}
    page = client.post("/_mock/pages", json={"sequences": [sequence]}).get_json()
    response = client.get(
        f"/api/public_api/v1/pages/{page['page_id']}/sequences/1/statistics/4845",
        headers={"access-token": page["access_token"]},
    )
    assert response.get_json() == {"data": [], "success": True}


def test_the_recipients_of_a_message_of_another_sequence_are_refused(call):
    assert_refused(
        call("GET", "sequences/585/statistics/5337"), 404, fidelity.UNKNOWN_SEQUENCE_MESSAGE.message
    )


def test_the_recipients_of_a_message_of_an_unknown_sequence_are_refused(call):
    assert_refused(call("GET", "sequences/9/statistics/5337"), 404, fidelity.UNKNOWN_SEQUENCE.message)


# --- seeds ------------------------------------------------------------------------------------------


def test_a_seed_with_a_message_id_twice_in_a_sequence_is_refused(client, store):
    message = without_recipients(WELCOME["messages"][0])
    with state_unchanged(store):
        response = client.post(
            "/_mock/pages", json={"sequences": [{"id": 1, "messages": [message, message]}]}
        )
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["sequence 1: message_id 5337 appears twice"]


def test_a_seed_message_with_a_key_the_api_does_not_answer_is_refused(client, store):
    message = {**without_recipients(WELCOME["messages"][0]), "extra": 1}
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"sequences": [{"id": 1, "messages": [message]}]})
    assert response.status_code == 400


def test_a_seeded_sequence_without_a_name_lists_a_null_name(client):
    page = client.post("/_mock/pages", json={"sequences": [{"id": 4}]}).get_json()
    response = client.get(
        f"/api/public_api/v1/pages/{page['page_id']}/sequences/",
        headers={"access-token": page["access_token"]},
    )
    assert response.get_json()["data"] == [{"id": 4, "name": None}]


# --- GET broadcasts/{id}/statistic --------------------------------------------------------------------


def test_a_broadcasts_statistic_is_its_counts_in_s4s_order(call):
    response = call("GET", "broadcasts/7001/statistic")
    assert response.status_code == 200
    assert list(response.get_json().items()) == [
        ("success", True),
        ("total_count", 5000),
        ("delivery", 4820),
        ("seen", 3960),
        ("is_clicked", 412),
        ("total_phone_number", 0),
        ("failed", 180),
    ]


def test_a_whatsapp_broadcast_adds_orders_revenue_and_replies(call, whatsapp):
    answer = call("GET", "broadcasts/7101/statistic", page=whatsapp).get_json()
    seeded = {key: value for key, value in DEMO[WHATSAPP_ID]["broadcasts"][0].items() if key != "id"}
    assert answer == {"success": True, **seeded}
    assert isinstance(answer["total_revenue"], int)  # seeded 12500000 stays 12500000, not 12500000.0


def test_a_broadcast_seeded_with_only_its_id_counts_zero(client):
    page = client.post("/_mock/pages", json={"broadcasts": [{"id": 3}]}).get_json()
    response = client.get(
        f"/api/public_api/v1/pages/{page['page_id']}/broadcasts/3/statistic",
        headers={"access-token": page["access_token"]},
    )
    assert response.get_json() == {
        "success": True,
        "total_count": 0,
        "delivery": 0,
        "seen": 0,
        "is_clicked": 0,
        "total_phone_number": 0,
        "failed": 0,
    }


@pytest.mark.parametrize("broadcast_id", ["9", "abc", "0", "-1", "7001.0", "9" * 30, "%C3%A9"])
def test_an_invalid_or_unknown_broadcast_is_refused_with_http_200(call, store, broadcast_id):
    with state_unchanged(store):
        response = call("GET", f"broadcasts/{broadcast_id}/statistic")
    assert_refused(response, 200, "Invalid broadcast_id")


def test_another_pages_broadcast_is_unknown(call, whatsapp):
    assert_refused(call("GET", "broadcasts/7001/statistic", page=whatsapp), 200, "Invalid broadcast_id")


def test_a_refusal_with_http_200_is_not_kept_past_a_change_of_state(client, call, store):
    assert call("GET", "broadcasts/5/statistic").get_json()["success"] is False
    state = store.export_state()
    state["pages"][0]["broadcasts"].append({"id": 5, "total_count": 1})
    assert client.put("/_mock/state", json=state).status_code == 200
    assert call("GET", "broadcasts/5/statistic").get_json()["total_count"] == 1


def test_a_refusal_with_http_200_answered_from_the_read_cache_is_journaled_as_one(client, call):
    call("GET", "broadcasts/9/statistic")
    call("GET", "broadcasts/9/statistic")  # the same read again: answered from the read cache
    entries = client.get("/_mock/requests").get_json()["requests"]
    assert [entry["refusal"] for entry in entries] == ["Invalid broadcast_id"] * 2


def test_the_journal_tells_a_refusal_with_http_200_from_a_success(client, call):
    call("GET", "broadcasts/7001/statistic")
    call("GET", "broadcasts/9/statistic")
    entries = client.get("/_mock/requests").get_json()["requests"]
    assert [(entry["status"], entry["refusal"]) for entry in entries] == [
        (200, None),
        (200, "Invalid broadcast_id"),
    ]


@pytest.mark.parametrize(
    "broadcast",
    [{"id": 1, "total_revenue": 10**30}, {"id": 1, "total_amount": -(10**30)}],
    ids=["revenue past 64 bits", "amount past 64 bits"],
)
def test_a_seeded_broadcast_sum_past_64_bits_is_refused_not_a_server_error(client, store, broadcast):
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"broadcasts": [broadcast]})
    assert response.status_code == 400, response.get_data(as_text=True)
