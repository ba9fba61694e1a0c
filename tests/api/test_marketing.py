"""Marketing messages (marketing_messages/): S4's shapes, the ad account every endpoint but ad_accounts
names, S4's HTTP 200 refusals, paging, state that changes, and send_marketing_content recorded as a send."""

from __future__ import annotations

import base64

import pytest

from mock_botcake import fidelity

from ..helpers import DEMO_AD_ACCOUNT, SHOP_ID, assert_refused, state_unchanged

MESSAGE_ID = "120210000000000000"
AUDIENCE_ID = "23856980000000000"
INSIGHT = "marketing_messages_delivered"
SEND = {"marketing_message_id": MESSAGE_ID, "psid": "42", "message": {"text": "Your voucher is ready"}}


@pytest.fixture
def marketing(call):
    """``marketing(method, endpoint, ad_account=..., **kwargs)``: a request to the shop's
    marketing_messages/ endpoint, with the demo ad account unless told otherwise (None: no ad account)."""

    def request(method, endpoint, ad_account=DEMO_AD_ACCOUNT, query="", **kwargs):
        params = [f"ad_account_id={ad_account}"] if ad_account else []
        params += [query] if query else []
        suffix = "?" + "&".join(params) if params else ""
        return call(method, f"marketing_messages/{endpoint}{suffix}", **kwargs)

    return request


def new_message(marketing, **definition):
    answer = marketing("POST", "messages", json={"body": {"budget": 10, **definition}}).get_json()
    return answer["message"]


def test_the_ad_accounts_are_listed_without_an_ad_account_id(marketing):
    body = marketing("GET", "ad_accounts", ad_account=None).get_json()
    assert body["success"] is True
    assert [account["id"] for account in body["ad_accounts"]] == [DEMO_AD_ACCOUNT]
    assert body["ad_accounts"][0]["is_shared"] is True


def test_a_message_is_answered_in_s4s_shape_with_its_page_and_without_insights(marketing):
    message = marketing("GET", f"messages/{MESSAGE_ID}").get_json()["message"]
    assert list(message)[:3] == ["id", "page_id", "ad_account_id"]
    assert message["page_id"] == SHOP_ID
    assert message["creative"]["marketing_message_structured_spec"]["greeting"] == "Hi there!"
    assert INSIGHT not in message


def test_the_statistics_of_a_message_merge_its_insights_in(marketing):
    message = marketing("GET", "statistics", query=f"message_id={MESSAGE_ID}").get_json()["message"]
    assert message[INSIGHT] == 1280
    assert message["marketing_messages_read_rate"] == 0.82


def test_the_statistics_without_a_message_id_are_a_page_of_messages_with_insights(marketing):
    body = marketing("GET", "statistics").get_json()
    assert [message["id"] for message in body["messages"]] == [MESSAGE_ID]
    assert body["messages"][0][INSIGHT] == 1280
    assert body["cursor_after"] is None


def test_get_insights_false_leaves_the_insights_out_of_the_statistics(marketing):
    message = marketing("GET", "statistics", query=f"message_id={MESSAGE_ID}&get_insights=false").get_json()
    assert INSIGHT not in message["message"]


def test_get_insights_true_merges_them_into_the_list(marketing):
    assert marketing("GET", "messages", query="get_insights=true").get_json()["messages"][0][INSIGHT] == 1280


def test_a_created_message_is_freeform_in_process_with_its_budget_in_fractional_units(marketing):
    message = new_message(marketing, name="April Promo", budget=50000, start_date=1775791260)
    assert message["status"] == message["effective_status"] == "IN_PROCESS"
    assert message["message_type"] == "FREEFORM"
    assert message["budget"] == 5000000
    assert message["currency"] == "VND"  # the ad account's
    assert message["start_time"] == "2026-04-10T03:21:00Z"
    assert message["end_time"] == "2026-05-10T03:21:00Z"  # 30 days later


def test_a_created_message_gets_the_next_id_and_the_default_name(marketing):
    message = new_message(marketing)
    assert message["id"] == str(int(MESSAGE_ID) + 1)
    assert message["name"] == "Marketing Message"


def test_a_definition_may_come_as_a_json_encoded_string(marketing):
    answer = marketing("POST", "messages", json={"body": '{"budget": 2, "name": "from text"}'}).get_json()
    assert answer["message"]["name"] == "from text"


@pytest.mark.parametrize("definition", ["not json", '{"name": "no budget"}', "[1]", {"name": "no budget"}])
def test_a_definition_without_a_budget_is_refused(marketing, store, definition):
    with state_unchanged(store):
        response = marketing("POST", "messages", json={"body": definition})
    assert_refused(response, 400, fidelity.PARAMS_WRONG.message)


def test_messages_are_listed_newest_first_and_a_created_one_reads_back(marketing):
    created = new_message(marketing, name="newest")
    listed = marketing("GET", "messages").get_json()["messages"]
    assert [message["id"] for message in listed] == [created["id"], MESSAGE_ID]
    assert marketing("GET", f"messages/{created['id']}").get_json()["message"] == created


def test_messages_come_limit_a_page_with_a_cursor_to_the_next(marketing):
    ids = [new_message(marketing)["id"] for _ in range(2)]
    first = marketing("GET", "messages", query="limit=2").get_json()
    assert [message["id"] for message in first["messages"]] == ids[::-1]
    assert first["cursor_after"] == base64.b64encode(b"2").decode()
    second = marketing("GET", "messages", query=f"limit=2&cursor_after={first['cursor_after']}").get_json()
    assert [message["id"] for message in second["messages"]] == [MESSAGE_ID]
    assert second["cursor_after"] is None


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "cursor_after=%21%21", "cursor_after=eA==", "get_insights=yes"]
)
def test_a_bad_paging_parameter_is_refused(marketing, query):
    assert_refused(marketing("GET", "messages", query=query), 400, fidelity.PARAMS_WRONG.message)


def test_a_status_change_is_stored_and_answered_in_process(marketing):
    answer = marketing("PUT", f"messages/{MESSAGE_ID}/status", json={"new_status": "PAUSED"}).get_json()
    assert answer["message"] == {
        "id": MESSAGE_ID,
        "page_id": SHOP_ID,
        "ad_account_id": DEMO_AD_ACCOUNT,
        "name": "April Promo",
        "message_type": "FREEFORM",
        "status": "IN_PROCESS",
    }
    assert marketing("GET", f"messages/{MESSAGE_ID}").get_json()["message"]["status"] == "PAUSED"


def test_a_status_outside_s4s_list_is_refused(marketing, store):
    with state_unchanged(store):
        response = marketing("PUT", f"messages/{MESSAGE_ID}/status", json={"new_status": "LIVE"})
    assert_refused(response, 400, fidelity.PARAMS_WRONG.message)


def test_a_deleted_message_is_gone(marketing):
    assert marketing("DELETE", f"messages/{MESSAGE_ID}").get_json() == {"success": True}
    assert marketing("GET", "messages").get_json()["messages"] == []
    assert_refused(marketing("GET", f"messages/{MESSAGE_ID}"), 200, "Message not found")


@pytest.mark.parametrize(
    ("method", "endpoint", "kwargs"),
    [
        ("GET", "messages/9", {}),
        ("DELETE", "messages/9", {}),
        ("PUT", "messages/9/status", {"json": {"new_status": "ACTIVE"}}),
        ("GET", "statistics?message_id=9", {}),
        ("POST", "send_marketing_content", {"json": {**SEND, "marketing_message_id": "9"}}),
    ],
)
def test_an_unknown_message_is_s4s_http_200_message_not_found_and_changes_nothing(
    marketing, store, method, endpoint, kwargs
):
    path, _, query = endpoint.partition("?")
    with state_unchanged(store):
        response = marketing(method, path, query=query, **kwargs)
    assert_refused(response, 200, fidelity.MESSAGE_NOT_FOUND.message)


@pytest.mark.parametrize(
    ("method", "endpoint"),
    [
        ("GET", "messages"),
        ("POST", "messages/sync_from_meta"),
        ("GET", f"messages/{MESSAGE_ID}"),
        ("GET", "statistics"),
        ("GET", "custom_audiences"),
        ("POST", "custom_audiences/sync_from_meta"),
    ],
)
def test_an_ad_account_the_page_lacks_is_refused_with_http_200(marketing, store, method, endpoint):
    with state_unchanged(store):
        response = marketing(method, endpoint, ad_account="act_9")
    assert_refused(response, 200, fidelity.AD_ACCOUNT_NOT_FOUND.message)


@pytest.mark.parametrize("endpoint", ["messages", "statistics", "custom_audiences", f"messages/{MESSAGE_ID}"])
def test_no_ad_account_id_is_wrong_params(marketing, endpoint):
    response = marketing("GET", endpoint, ad_account=None)
    assert_refused(response, 400, fidelity.PARAMS_WRONG.message)
    assert response.get_json()["errors"] == ["ad_account_id is required"]


def test_another_pages_ad_account_is_not_this_pages(marketing, call, whatsapp):
    response = call("GET", f"marketing_messages/messages?ad_account_id={DEMO_AD_ACCOUNT}", page=whatsapp)
    assert_refused(response, 200, fidelity.AD_ACCOUNT_NOT_FOUND.message)


def test_the_syncs_answer_s4s_words_and_change_nothing(marketing, store):
    with state_unchanged(store):
        messages = marketing("POST", "messages/sync_from_meta").get_json()
        audiences = marketing("POST", "custom_audiences/sync_from_meta").get_json()
    assert messages == {"success": True, "message": "Start sync marketing messages from Meta"}
    assert audiences == {"success": True, "message": "Start sync custom audiences from Meta"}


def test_custom_audiences_are_answered_with_their_page(marketing):
    (audience,) = marketing("GET", "custom_audiences").get_json()["custom_audiences"]
    assert audience["page_id"] == SHOP_ID
    assert audience["audience_id"] == AUDIENCE_ID
    assert audience["tokens_count"] == 1234


def test_a_created_audience_is_ready_empty_and_listed_first(marketing):
    created = marketing("POST", "custom_audiences", json={"name": "Buyers", "description": "d"}).get_json()
    assert created["audience"] == {
        "page_id": SHOP_ID,
        "ad_account_id": DEMO_AD_ACCOUNT,
        "audience_id": str(int(AUDIENCE_ID) + 1),
        "name": "Buyers",
        "description": "d",
        "status": "READY",
        "tokens_count": 0,
    }
    listed = marketing("GET", "custom_audiences").get_json()["custom_audiences"]
    assert [audience["name"] for audience in listed] == ["Buyers", "VIP customers"]


@pytest.mark.parametrize("body", [{}, {"description": "no name"}, {"name": ""}, {"name": 7}])
def test_an_audience_without_a_name_is_s4s_http_200_name_is_required(marketing, store, body):
    with state_unchanged(store):
        response = marketing("POST", "custom_audiences", json=body)
    assert_refused(response, 200, fidelity.AUDIENCE_NAME_REQUIRED.message)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("search_term=vip", ["VIP customers"]),
        ("search_term=BUYERS", ["VIP customers"]),
        ("search_term=zzz", []),
        ("page=2", []),
        ("page_size=1", ["VIP customers"]),
    ],
)
def test_custom_audiences_are_searched_and_paged(marketing, query, names):
    listed = marketing("GET", "custom_audiences", query=query).get_json()["custom_audiences"]
    assert [audience["name"] for audience in listed] == names


def test_a_marketing_send_is_recorded_as_a_send_of_its_own_kind(marketing, client):
    answer = marketing("POST", "send_marketing_content", json=SEND).get_json()
    assert answer["success"] is True
    assert answer["response"]["message_id"].startswith("m_")
    send = client.get(f"/_mock/pages/{SHOP_ID}/sends").get_json()["sends"][-1]
    assert (send["kind"], send["psid"], send["data"]) == ("marketing", "42", SEND)


def test_a_send_to_a_subscription_token_records_the_token_as_its_recipient(marketing, client):
    body = {"marketing_message_id": MESSAGE_ID, "subscription_token": "EAAB-token", "message": {"text": "hi"}}
    marketing("POST", "send_marketing_content", json=body)
    assert client.get(f"/_mock/pages/{SHOP_ID}/sends").get_json()["sends"][-1]["psid"] == "EAAB-token"


@pytest.mark.parametrize(
    "body",
    [
        {"marketing_message_id": MESSAGE_ID, "message": {"text": "no recipient"}},
        {**SEND, "subscription_token": "and a token too"},
        {"marketing_message_id": MESSAGE_ID, "psid": "42"},
        {**SEND, "marketing_message_id": 120210000000000000},
    ],
)
def test_a_send_without_exactly_one_recipient_or_its_message_is_refused(marketing, store, body):
    with state_unchanged(store):
        response = marketing("POST", "send_marketing_content", json=body)
    assert_refused(response, 400, fidelity.PARAMS_WRONG.message)


def test_a_message_id_that_is_not_digits_is_no_route(marketing):
    assert_refused(marketing("GET", "messages/abc"), 404, fidelity.UNKNOWN_ROUTE.message)


def test_the_marketing_endpoints_need_the_pages_token(call):
    response = call("GET", "marketing_messages/ad_accounts", token="not-a-token")
    assert_refused(response, 401, fidelity.UNKNOWN_TOKEN.message)


def test_a_seed_with_marketing_data_exports_and_imports_back_unchanged(client):
    seed = {
        "page_id": "555",
        "marketing": {
            "ad_accounts": [{"id": "act_1"}],
            "messages": [{"id": "7", "ad_account_id": "act_1", "status": "PAUSED", INSIGHT: 3}],
            "custom_audiences": [{"ad_account_id": "act_1", "audience_id": "8", "name": "a"}],
        },
    }
    assert client.post("/_mock/pages", json=seed).status_code == 201
    state = client.get("/_mock/state").get_json()
    assert next(page for page in state["pages"] if page["page_id"] == "555")["marketing"] == seed["marketing"]
    assert client.put("/_mock/state", json=state).get_json() == state


def test_a_seed_repeating_an_audience_id_is_refused(client, store):
    audience = {"ad_account_id": "act_1", "audience_id": "8", "name": "a"}
    with state_unchanged(store):
        response = client.post("/_mock/pages", json={"marketing": {"custom_audiences": [audience, audience]}})
    assert response.status_code == 400
    assert response.get_json()["errors"] == ["custom audience audience_id 8 appears twice"]
