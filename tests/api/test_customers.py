"""Customers, custom fields and tag statistics: GET customer, GET/POST customer_fields, GET custom_fields,
GET get_customers_field, GET get_tag_statistic, and the state that connects them to sends."""

from __future__ import annotations

import time

import pytest

from mock_botcake import fidelity
from mock_botcake.store.store import derived_customer_id

from ..helpers import SHOP_ID, assert_refused, state_unchanged

HIEU = "6370813943019801"  # demo: tags VIP and Urgent (tagged 2025-12-01), field adf1 = "104"
SON = "8990247064319246"  # demo: tag Issue, no field values
MANH = "28087514047518474"  # demo: no id seeded; email and is_free_shipping set
DEMO_CUSTOMERS = [
    {
        "full_name": "Vũ Trọng Hiệu",
        "id": "a3b0e154-8bbb-4336-a7f4-e67951749a34",
        "phone_number": ["0369898270", "0369898279", "+84369898270", "84999999999"],
        "psid": HIEU,
    },
    {
        "full_name": "Tô Lâm Sơn",
        "id": "1c19dfd2-9901-4bbe-aaed-7cc5232b80f6",
        "phone_number": ["0823684203"],
        "psid": SON,
    },
    {
        "full_name": "Phạm Văn Mạnh",
        "id": derived_customer_id(SHOP_ID, MANH),
        "phone_number": ["0915516106"],
        "psid": MANH,
    },
]
EVER = "start_date=0&end_date=4102444800"
TAGGED_HIEU_URGENT = 1764547200


def text(messages=None, actions=None):
    content = {"messages": messages or [{"type": "text", "text": "hi"}]}
    if actions is not None:
        content["actions"] = actions
    return {"version": "v2", "content": content}


def send_content(call, psid, actions):
    response = call("POST", "flows/send_content", json={"psid": psid, "data": text(actions=actions)})
    assert response.status_code == 200, response.get_data(as_text=True)


def fields_of(call, psid):
    return call("GET", f"customer/{psid}/customer_fields").get_json()["data"]


def counts(call, query=EVER):
    return {
        item["tag_id"]: item["count"] for item in call("GET", f"get_tag_statistic?{query}").get_json()["data"]
    }


# --- GET customer -------------------------------------------------------------------------------------


def test_customers_are_a_bare_array_in_the_order_they_came(call):
    assert call("GET", "customer").get_json() == DEMO_CUSTOMERS


def test_page_one_is_the_first_page_of_customers(call):
    assert call("GET", "customer?page=1").get_json() == call("GET", "customer").get_json()


def test_a_customer_seeded_without_an_id_keeps_the_same_derived_uuid(call, store):
    first = call("GET", "customer").get_json()[2]["id"]
    store.reset()
    assert call("GET", "customer").get_json()[2]["id"] == first == derived_customer_id(SHOP_ID, MANH)


def test_customers_come_a_hundred_a_page_and_the_next_page_goes_on(client):
    credentials = client.post(
        "/_mock/pages", json={"customers": [{"psid": str(n)} for n in range(1, 102)]}
    ).get_json()

    def page(number):
        return client.get(
            f"/api/public_api/v1/pages/{credentials['page_id']}/customer?page={number}",
            headers={"access-token": credentials["access_token"]},
        ).get_json()

    first, second = page(1), page(2)
    assert len(first) == fidelity.CUSTOMERS_PER_PAGE
    assert [customer["psid"] for customer in first + second] == [str(n) for n in range(1, 102)]


def test_a_page_of_customers_past_the_last_is_an_empty_array(call):
    assert call("GET", "customer?page=2").get_json() == []


@pytest.mark.parametrize("page", ["0", "-1", "x"])
def test_a_customer_page_that_is_not_a_whole_number_from_one_is_refused(call, store, page):
    with state_unchanged(store):
        assert_refused(call("GET", f"customer?page={page}"), 400, fidelity.BAD_PAGE_NUMBER.message)


def test_another_pages_customers_are_not_listed(call, whatsapp):
    assert call("GET", "customer", page=whatsapp).get_json() == []


# --- GET and POST customer_fields ---------------------------------------------------------------------


def test_a_customers_field_values_are_listed_with_their_name(call):
    assert call("GET", f"customer/{MANH}/customer_fields").get_json() == {
        "customer_name": "Phạm Văn Mạnh",
        "data": [
            {"custom_field_id": 233, "value": "anhmanhpro9x@gmail.com"},
            {"custom_field_id": 173, "value": "true"},
        ],
        "success": True,
    }


def test_the_field_values_of_an_unknown_customer_are_refused(call):
    assert_refused(call("GET", "customer/nobody/customer_fields"), 404, fidelity.UNKNOWN_CUSTOMER.message)


def test_posted_field_values_are_read_back_after_the_ones_already_set(call):
    body = {"data": [{"id": "173", "value": "false"}, {"id": "3592", "value": "new"}]}
    assert call("POST", f"customer/{MANH}/customer_fields", json=body).get_json() == {"success": True}
    assert fields_of(call, MANH) == [
        {"custom_field_id": 233, "value": "anhmanhpro9x@gmail.com"},
        {"custom_field_id": 173, "value": "false"},
        {"custom_field_id": 3592, "value": "new"},
    ]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [(7, "7"), (True, "true"), (1.5, "1.5"), ("", "")],
    ids=["int", "bool", "float", "empty"],
)
def test_an_integer_id_as_s7_sends_it_and_a_scalar_value_are_kept_as_strings(call, sent, kept):
    body = {"data": [{"id": 3593, "value": sent}]}
    assert call("POST", f"customer/{SON}/customer_fields", json=body).status_code == 200
    assert fields_of(call, SON) == [{"custom_field_id": 3593, "value": kept}]


def test_an_empty_list_of_values_changes_nothing_and_succeeds(call, store):
    with state_unchanged(store):
        response = call("POST", f"customer/{SON}/customer_fields", json={"data": []})
    assert response.get_json() == {"success": True}


def test_setting_fields_of_an_unknown_customer_is_refused_and_changes_nothing(call, store):
    with state_unchanged(store):
        response = call(
            "POST", "customer/nobody/customer_fields", json={"data": [{"id": "233", "value": "x"}]}
        )
    assert_refused(response, 404, fidelity.UNKNOWN_CUSTOMER.message)


def test_a_field_the_page_does_not_have_refuses_the_whole_body(call, store):
    body = {"data": [{"id": "233", "value": "kept?"}, {"id": "999", "value": "x"}]}
    with state_unchanged(store):
        response = call("POST", f"customer/{MANH}/customer_fields", json=body)
    assert_refused(response, 400, fidelity.BAD_CUSTOMER_FIELDS.message)
    assert response.get_json()["errors"] == ["custom field 999 does not exist"]


def test_a_field_named_twice_is_refused_and_changes_nothing(call, store):
    body = {"data": [{"id": "233", "value": "a"}, {"id": 233, "value": "b"}]}
    with state_unchanged(store):
        response = call("POST", f"customer/{MANH}/customer_fields", json=body)
    assert_refused(response, 400, fidelity.BAD_CUSTOMER_FIELDS.message)
    assert response.get_json()["errors"] == ["custom field 233 appears twice"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"data": {"id": "233"}},
        {"data": [{"id": "233"}]},
        {"data": [{"id": "abc", "value": "x"}]},
        {"data": [{"id": "0", "value": "x"}]},
        {"data": [{"id": "233", "value": None}]},
        {"data": [{"id": "233", "value": "x"}, {"id": "233", "value": "x"}]},
    ],
    ids=["no-data", "not-a-list", "no-value", "word-id", "zero-id", "null-value", "same-item-twice"],
)
def test_a_body_that_breaks_the_schema_is_refused_and_changes_nothing(call, store, body):
    with state_unchanged(store):
        response = call("POST", f"customer/{MANH}/customer_fields", json=body)
    assert_refused(response, 400, fidelity.BAD_CUSTOMER_FIELDS.message)
    assert response.get_json()["errors"]


# --- GET custom_fields --------------------------------------------------------------------------------


def test_custom_fields_are_listed_and_page_zero_is_the_first_page(call):
    first = call("GET", "custom_fields?page=0").get_json()
    assert first == call("GET", "custom_fields").get_json()
    assert [field["id"] for field in first["data"]] == [3593, 3592, 173, 233]
    assert first["data"][0] == {"description": "", "id": 3593, "name": "adf1", "type": 4}


def test_walking_custom_fields_from_page_zero_as_s7_does_reads_every_field_once(client):
    fields = [{"id": n, "name": f"field {n}"} for n in range(1, 102)]
    credentials = client.post("/_mock/pages", json={"custom_fields": fields}).get_json()
    seen, page = [], 0
    while True:
        data = client.get(
            f"/api/public_api/v1/pages/{credentials['page_id']}/custom_fields?page={page}",
            headers={"access-token": credentials["access_token"]},
        ).get_json()["data"]
        if not data:
            break
        assert len(data) <= fidelity.CUSTOM_FIELDS_PER_PAGE
        seen += [field["id"] for field in data]
        page += 1
    assert (seen, page) == (list(range(1, 102)), 3)


@pytest.mark.parametrize("page", ["-1", "x", "1.5"])
def test_a_custom_fields_page_that_is_not_a_whole_number_from_zero_is_refused(call, page):
    assert_refused(call("GET", f"custom_fields?page={page}"), 400, fidelity.BAD_PAGE_NUMBER.message)


# --- GET custom_field/{id}/get_customers_field ----------------------------------------------------------


def test_the_customers_with_a_value_for_a_field_are_listed_with_it(call):
    assert call("GET", "custom_field/173/get_customers_field").get_json() == {
        "data": [
            {
                "custom_field_id": 173,
                "custom_field_name": "is_free_shipping",
                "customer_name": "Phạm Văn Mạnh",
                "value": "true",
            }
        ],
        "success": True,
    }


def test_a_field_nobody_has_lists_no_customers(call):
    assert call("GET", "custom_field/3592/get_customers_field").get_json() == {"data": [], "success": True}


def test_a_page_of_field_customers_past_the_last_is_empty(call):
    assert call("GET", "custom_field/173/get_customers_field?page=2").get_json()["data"] == []


def test_the_customers_of_an_unknown_field_are_refused(call):
    response = call("GET", "custom_field/999/get_customers_field")
    assert_refused(response, 404, fidelity.UNKNOWN_CUSTOM_FIELD.message)


# --- GET get_tag_statistic ----------------------------------------------------------------------------


def test_each_tag_counts_the_customers_carrying_it(call):
    assert call("GET", f"get_tag_statistic?{EVER}").get_json() == {
        "success": True,
        "data": [
            {"tag_id": 902, "tag_name": "Urgent", "count": 1},
            {"tag_id": 901, "tag_name": "Issue", "count": 1},
            {"tag_id": 903, "tag_name": "VIP", "count": 2},
        ],
    }


def test_a_tag_put_on_outside_the_window_is_not_counted_and_one_of_unknown_time_is(call):
    before = f"start_date=0&end_date={TAGGED_HIEU_URGENT - 1}"
    assert counts(call, before) == {902: 0, 901: 1, 903: 2}
    assert counts(call, f"start_date={TAGGED_HIEU_URGENT}&end_date={TAGGED_HIEU_URGENT}")[902] == 1


def test_an_end_before_the_start_counts_only_tags_of_unknown_time(call):
    assert counts(call, f"start_date={TAGGED_HIEU_URGENT + 1}&end_date={TAGGED_HIEU_URGENT - 1}")[902] == 0


@pytest.mark.parametrize(
    "query", ["", "start_date=0", "end_date=1", "start_date=x&end_date=1", "start_date=-1&end_date=1"]
)
def test_a_statistic_without_both_dates_as_unix_seconds_is_refused(call, store, query):
    with state_unchanged(store):
        response = call("GET", f"get_tag_statistic?{query}")
    assert_refused(response, 400, fidelity.BAD_TAG_STATISTIC_QUERY.message)


def test_the_statistic_is_paged_like_the_tags(call):
    assert call("GET", f"get_tag_statistic?page=2&{EVER}").get_json()["data"] == []


# --- the state that connects: sends and customers -------------------------------------------------------


def test_a_flow_sent_to_a_new_psid_makes_the_customer_known(call):
    assert call("POST", "flows/send_flow", json={"psid": "555", "flow_id": 1559}).status_code == 200
    assert call("GET", "customer").get_json()[-1] == {
        "full_name": fidelity.NEW_CUSTOMER_FULL_NAME,
        "id": derived_customer_id(SHOP_ID, "555"),
        "phone_number": [],
        "psid": "555",
    }
    assert call("GET", "customer/555/customer_fields").get_json()["data"] == []


def test_a_refused_send_makes_no_customer_known(call, store):
    with state_unchanged(store):
        call("POST", "flows/send_flow", json={"psid": "555", "flow_id": 9})
    assert [customer["psid"] for customer in call("GET", "customer").get_json()] == [HIEU, SON, MANH]


def test_a_send_to_a_known_customer_adds_no_second_one(call):
    send_content(call, SON, actions=None)
    assert call("GET", "customer").get_json() == DEMO_CUSTOMERS


def test_add_tag_puts_the_tag_on_and_the_statistic_of_now_counts_it(call):
    now = int(time.time())
    send_content(call, SON, [{"action": "add_tag", "tag_id": 902}])
    assert counts(call, f"start_date={now}&end_date={now + 60}")[902] == 1
    assert counts(call)[902] == 2


def test_remove_tag_takes_the_tag_off(call):
    send_content(call, HIEU, [{"action": "remove_tag", "tag_id": 903}])
    assert counts(call)[903] == 1


def test_set_custom_field_sets_the_value_that_every_field_read_shows(call):
    send_content(call, SON, [{"action": "set_custom_field", "action_id": 173, "action_value": 123456}])
    assert fields_of(call, SON) == [{"custom_field_id": 173, "value": "123456"}]
    listed = call("GET", "custom_field/173/get_customers_field").get_json()["data"]
    assert [(row["customer_name"], row["value"]) for row in listed] == [
        ("Tô Lâm Sơn", "123456"),
        ("Phạm Văn Mạnh", "true"),
    ]


def test_actions_of_a_send_to_a_new_psid_apply_to_the_new_customer(call):
    send_content(
        call,
        "wa_573132947776",
        [
            {"action": "add_tag", "tag_id": 901},
            {"action": "set_custom_field", "action_id": 233, "action_value": "a@b"},
        ],
    )
    assert fields_of(call, "wa_573132947776") == [{"custom_field_id": 233, "value": "a@b"}]
    assert counts(call)[901] == 2


def test_actions_naming_a_tag_or_field_the_page_lacks_are_ignored_and_the_send_accepted(call, store):
    before = store.customer(SHOP_ID, SON)
    send_content(
        call,
        SON,
        [
            {"action": "add_tag", "tag_id": 12345},
            {"action": "set_custom_field", "action_id": 17, "action_value": "abcd"},
        ],
    )
    assert store.customer(SHOP_ID, SON) == before
    assert len(store.sends(SHOP_ID)) == 1


def test_adding_a_tag_the_customer_carries_keeps_its_first_time(call, store):
    send_content(call, HIEU, [{"action": "add_tag", "tag_id": 902}])
    assert store.customer(SHOP_ID, HIEU)["tagged_at"] == {"902": TAGGED_HIEU_URGENT}


def test_the_customers_read_anew_after_a_send_not_from_the_read_cache(call):
    assert counts(call)[901] == 1
    send_content(call, HIEU, [{"action": "add_tag", "tag_id": 901}])
    assert counts(call)[901] == 2


# --- seeds and the state export ------------------------------------------------------------------------


def test_customers_and_their_changes_survive_an_export_and_import(call, store):
    send_content(call, SON, [{"action": "add_tag", "tag_id": 902}])
    call("POST", f"customer/{SON}/customer_fields", json={"data": [{"id": 173, "value": "no"}]})
    exported = store.export_state()
    store.import_state(exported)
    assert store.export_state() == exported
    assert store.customer(SHOP_ID, SON)["tags"] == [901, 902]


@pytest.mark.parametrize(
    ("customer", "problem"),
    [
        ({"psid": "1", "tags": [9]}, "customer 1: tag 9 is not a tag of this page"),
        (
            {"psid": "1", "custom_fields": {"9": "x"}},
            "customer 1: custom field 9 is not a custom field of this page",
        ),
        (
            {"psid": "1", "tags": [], "tagged_at": {"7": 0}},
            "customer 1: tagged_at names tag 7, which the customer does not carry",
        ),
    ],
    ids=["unknown-tag", "unknown-field", "untagged-time"],
)
def test_a_seeded_customer_must_name_the_pages_own_tags_and_fields(client, store, customer, problem):
    seed = {"tags": [{"id": 7, "name": "a", "pancake_tag_id": None}], "customers": [customer]}
    with state_unchanged(store):
        response = client.post("/_mock/pages", json=seed)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [problem]


def test_a_seed_with_a_psid_twice_is_refused(client, store):
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"customers": [{"psid": "1"}, {"psid": "1"}]})
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["customer psid 1 appears twice"]
