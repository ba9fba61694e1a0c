"""What real clients send must work: slashes, encodings, missing bodies; unknown routes are JSON 404s."""

from __future__ import annotations

import pytest

from mock_botcake import fidelity
from mock_botcake.store import FlowNotFound
from mock_botcake.web.operations import Operation, OperationGroup

from ..helpers import API, SHOP_ID, assert_refused, state_unchanged


def test_a_trailing_slash_reaches_the_same_endpoint(call):
    assert call("GET", "flows/").get_json() == call("GET", "flows").get_json()


def test_a_doubled_slash_after_v1_reaches_the_api_like_pipedream_sends_it(client, shop):
    response = client.get(
        f"/api/public_api/v1//pages/{SHOP_ID}/keywords", headers={"access-token": shop.token}
    )
    assert response.status_code == 200
    assert response.get_json()["success"] is True


def test_a_post_with_a_doubled_slash_and_trailing_slash_is_served_not_redirected(client, shop):
    response = client.post(
        f"/api/public_api/v1//pages/{SHOP_ID}/keywords/create/", headers={"access-token": shop.token}
    )
    assert response.status_code == 200


def test_a_post_without_a_content_type_is_read_as_json(call):
    response = call("POST", "flows/send_flow", data=b'{"psid": "1", "flow_id": 1559}')
    assert response.status_code == 200


def test_a_post_with_a_form_content_type_like_curl_d_is_read_as_json(call):
    response = call(
        "POST",
        "flows/send_flow",
        data=b'{"psid": "1", "flow_id": 1559}',
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ["ketwords/create", "customers", "flows/1559/statistics/extra", "nope"])
def test_an_unknown_route_under_the_api_is_a_json_404(call, endpoint):
    assert_refused(call("POST", endpoint), 404, "not found")


def test_an_unknown_version_of_the_api_is_a_json_404(client, shop):
    response = client.get(f"/api/public_api/v2/pages/{SHOP_ID}/flows", headers={"access-token": shop.token})
    assert_refused(response, 404, "not found")


@pytest.mark.parametrize(
    ("method", "endpoint"),
    [
        ("POST", "keywords"),
        ("PUT", "keywords"),
        ("DELETE", "keywords"),
        ("PATCH", "keywords"),
        ("GET", "keywords/create"),
        ("DELETE", "flows"),
        ("POST", "flows/1559/statistics"),
    ],
)
def test_a_wrong_method_on_an_api_route_is_a_json_404_as_botcake_answers(call, store, method, endpoint):
    with state_unchanged(store):
        assert_refused(call(method, endpoint), 404, "not found")


def test_a_wrong_method_on_the_control_plane_is_a_json_405(client):
    assert_refused(client.delete("/_mock/health"), 405, "method not allowed")


def test_an_unknown_path_outside_the_api_is_a_json_404(client):
    assert_refused(client.get("/no/such/thing"), 404, "not found")


def test_every_success_is_application_json(call):
    for endpoint in (
        "flows",
        "flows/[1561]",
        "flows/1559/statistics",
        "keywords",
        "ice_breaker",
        "main_menu",
        "tools",
    ):
        assert call("GET", endpoint).mimetype == "application/json"


def test_percent_encoded_slash_in_a_page_id_does_not_reach_another_page(client, shop):
    response = client.get(f"{API}/pages/{SHOP_ID}%2Fflows/flows", headers={"access-token": shop.token})
    assert response.status_code in (400, 404)
    assert response.get_json()["success"] is False


@pytest.mark.parametrize(
    "path",
    [
        f"{API}/pages/{SHOP_ID}/flows/..%2F..%2F_mock%2Fstate",
        f"{API}/pages/{SHOP_ID}/../../../_mock/state",
        f"{API}/pages/..%2F{SHOP_ID}/flows",
        f"{API}/pages/{SHOP_ID}/flows/%2E%2E/statistics",
    ],
)
def test_path_traversal_never_escapes_the_page_or_reaches_the_control_plane(client, shop, path):
    response = client.get(path, headers={"access-token": shop.token})
    assert response.status_code in (400, 404)
    assert response.get_json()["success"] is False


# --- the declaration of an operation (web/operations.py), which every route above is built from ----------


def answer_nothing() -> dict:
    return {}


def check_nothing() -> None:
    return None


def test_an_operation_group_keeps_its_name_prefix_tag_checks_and_its_own_copy_of_store_errors():
    store_errors = {FlowNotFound: fidelity.UNKNOWN_FLOW_STATISTICS}
    group = OperationGroup(
        "demo", "/demo", tag="things", store_errors=store_errors, before_request=check_nothing
    )
    store_errors.clear()
    assert (group.name, group.prefix, group.tag) == ("demo", "/demo", "things")
    assert group.store_errors == {FlowNotFound: fidelity.UNKNOWN_FLOW_STATISTICS}
    assert group.before_request is check_nothing
    assert group.operations == []


def test_an_operation_group_declared_bare_has_no_tag_no_check_and_maps_no_store_error():
    group = OperationGroup("demo", "/demo")
    assert (group.tag, group.before_request, group.store_errors) == ("", None, {})


def test_a_declared_operation_is_recorded_under_the_groups_prefix_with_its_groups_tag():
    group = OperationGroup("demo", "/demo", tag="things")
    declare = group.operation("get", "/things", "listThings", summary="Things", response="responses/keywords")
    assert declare(answer_nothing) is answer_nothing
    assert group.operations == [
        Operation(
            method="get",
            path="/demo/things",
            operation_id="listThings",
            tag="things",
            summary="Things",
            response="responses/keywords",
            status=200,
            handler=answer_nothing,
        )
    ]


def test_a_declared_operation_keeps_its_own_tag_status_and_further_fields():
    group = OperationGroup("demo", "/demo", tag="things")
    group.operation(
        "post",
        "/things",
        "addThing",
        summary="A thing",
        tag="own",
        response="responses/send",
        status=201,
        cached=True,
    )(answer_nothing)
    (operation,) = group.operations
    assert (operation.tag, operation.status, operation.cached) == ("own", 201, True)
