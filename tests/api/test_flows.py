"""GET flows, GET flows/<path>, GET flows/<flow_id>/statistics (fidelity 7.3, 7.6, 7.9)."""

from __future__ import annotations

import pytest

from mock_botcake.store.store import MAX_ID

from ..helpers import Page, assert_refused, state_unchanged


def ids(items):
    return [item["id"] for item in items]


def test_flows_lists_every_folder_and_flow_of_the_page_flat(call):
    body = call("GET", "flows").get_json()
    assert body["success"] is True
    assert ids(body["data"]["folders"]) == [1566, 1564, 1562, 1561]
    assert ids(body["data"]["flows"]) == [1567, 1565, 1560, 1559, 1568, 1569]


def test_flows_items_carry_parent_id_and_is_removed(call):
    flows = call("GET", "flows").get_json()["data"]["flows"]
    assert flows[0] == {"id": 1567, "name": "flow hihihi", "parent_id": 1562, "is_removed": False}
    assert {"id": 1569, "name": "old welcome flow", "parent_id": None, "is_removed": True} in flows


def test_flows_of_a_page_without_folders_has_an_empty_folders_list(call, whatsapp):
    data = call("GET", "flows", page=whatsapp).get_json()["data"]
    assert data["folders"] == []
    assert len(data["flows"]) == 6


def test_flows_by_path_lists_only_the_direct_children_of_the_last_folder(call):
    data = call("GET", "flows/[1561]").get_json()["data"]
    assert data == {
        "folders": [{"id": 1564, "name": "folder hahaha", "parent_id": 1561}],
        "flows": [{"id": 1565, "name": "flow hahaha", "parent_id": 1561, "is_removed": False}],
    }


def test_flows_by_a_nested_path_lists_the_children_of_the_deepest_folder(call):
    data = call("GET", "flows/[1561,1564]").get_json()["data"]
    assert data == {
        "folders": [],
        "flows": [{"id": 1568, "name": "order shipped", "parent_id": 1564, "is_removed": False}],
    }


def test_flows_by_path_accepts_a_percent_encoded_path(call):
    assert call("GET", "flows/%5B1561%2C1564%5D").get_json()["data"]["flows"][0]["id"] == 1568


def test_flows_by_path_accepts_spaces_inside_the_brackets(call):
    assert call("GET", "flows/[ 1561 , 1564 ]").get_json()["data"]["flows"][0]["id"] == 1568


def test_flows_by_the_empty_path_lists_the_root_level(call):
    data = call("GET", "flows/[]").get_json()["data"]
    assert ids(data["folders"]) == [1562, 1561]
    assert ids(data["flows"]) == [1560, 1559, 1569]


def test_flows_with_a_path_query_parameter_lists_the_same_children(call):
    assert call("GET", "flows?path=[1561,1564]").get_json() == call("GET", "flows/[1561,1564]").get_json()


def test_flows_with_an_empty_path_query_parameter_lists_the_root_level(call):
    assert call("GET", "flows?path=[]").get_json() == call("GET", "flows/[]").get_json()


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("[1564]", "folder 1564 is not inside the root"),
        ("[1562,1564]", "folder 1564 is not inside folder 1562"),
        ("[1561,9999]", "folder 9999 does not exist"),
        ("[1559]", "folder 1559 does not exist"),
    ],
)
def test_flows_by_path_refuses_a_path_that_is_not_a_chain_of_folders(call, store, path, detail):
    with state_unchanged(store):
        response = call("GET", f"flows/{path}")
    assert_refused(response, 400, "invalid path")
    assert response.get_json()["errors"] == [detail]


@pytest.mark.parametrize(
    "path",
    [
        "1561",
        "[1561",
        "1561]",
        "[a]",
        "[1561,]",
        "[,]",
        "[-1]",
        "[0]",
        "[1.5]",
        "[99999999999999999999]",
        "%5B1561",
        "null",
    ],
)
def test_flows_by_path_refuses_a_malformed_path_or_a_bare_id(call, path):
    assert_refused(call("GET", f"flows/{path}"), 400, "invalid path")


@pytest.mark.parametrize("path", ["[%091561]", "[1561%0A]", "[%1C]", "[]%0A", "[%C2%A01561]"])
def test_flows_by_path_allows_only_plain_spaces_as_the_schema_says(call, path):
    # Tabs, newlines and other Unicode spaces used to pass a \s in the fake's own regex, while the
    # OpenAPI document (common.json#/$defs/flow_path) allows only " ".
    assert_refused(call("GET", f"flows/{path}"), 400, "invalid path")


def test_flows_with_a_malformed_path_query_parameter_is_refused(call):
    assert_refused(call("GET", "flows?path=1561"), 400, "invalid path")


def test_flows_by_path_never_lists_another_pages_folders(call, client, store):
    other = client.post("/_mock/pages", json={"folders": [{"id": 7001, "name": "secret", "parent_id": None}]})
    assert other.status_code == 201
    assert_refused(call("GET", "flows/[7001]"), 400, "invalid path")


def test_flow_statistics_answers_the_seeded_figures(call):
    body = call("GET", "flows/1559/statistics").get_json()
    assert body == {
        "success": True,
        "data": {"delivery": 1, "is_clicked": 1, "seen": 1, "sent": 1, "total_phone_number": 0},
    }


def test_flow_statistics_of_a_flow_without_figures_are_zero(call):
    data = call("GET", "flows/1567/statistics").get_json()["data"]
    assert data == {"delivery": 0, "is_clicked": 0, "seen": 0, "sent": 0, "total_phone_number": 0}


def test_flow_statistics_of_a_removed_flow_are_still_readable(call):
    assert call("GET", "flows/1569/statistics").status_code == 200


def test_flow_statistics_of_an_unknown_flow_is_404(call, store):
    with state_unchanged(store):
        response = call("GET", "flows/424242/statistics")
    assert_refused(response, 404, "flow not found")


def test_flow_statistics_of_another_pages_flow_is_404(call):
    assert_refused(call("GET", "flows/1438196185/statistics"), 404, "flow not found")


@pytest.mark.parametrize("flow_id", ["abc", "-1", "0", "9223372036854775808", "1.5"])
def test_flow_statistics_with_an_id_that_is_not_a_flow_id_is_404(call, flow_id):
    assert_refused(call("GET", f"flows/{flow_id}/statistics"), 404, "not found")


@pytest.mark.parametrize("endpoint", ["flows/[" + "9" * 5000 + "]", "flows?path=[" + "9" * 5000 + "]"])
def test_a_folder_id_of_thousands_of_digits_is_refused_not_a_crash(call, endpoint):
    response = call("GET", endpoint)
    assert_refused(response, 400, "invalid path")


def page_with_one_folder(client, folder_id: int) -> Page:
    created = client.post(
        "/_mock/pages", json={"folders": [{"id": folder_id, "name": "only", "parent_id": None}]}
    ).get_json()
    return Page(created["page_id"], created["access_token"])


@pytest.mark.parametrize("folder_id", [1, MAX_ID], ids=["smallest", "largest"])
def test_flows_by_path_reaches_a_folder_with_the_smallest_or_largest_id(call, client, folder_id):
    page = page_with_one_folder(client, folder_id)
    response = call("GET", f"flows/[{folder_id}]", page=page)
    assert response.get_json() == {"success": True, "data": {"folders": [], "flows": []}}


def test_a_malformed_path_is_refused_quoting_its_first_60_characters(call):
    path = "x" * 100
    body = call("GET", f"flows/{path}").get_json()
    assert body["errors"] == [f'path must be a list of folder ids like [1561,1564], got "{"x" * 60}"']


def test_flow_statistics_of_an_unknown_flow_names_the_flow_in_errors(call):
    assert call("GET", "flows/424242/statistics").get_json()["errors"] == ["flow 424242 does not exist"]


def test_a_path_with_folder_id_0_is_refused_saying_ids_are_positive(call):
    assert call("GET", "flows/[0]").get_json()["errors"] == ["folder ids are positive 64-bit integers"]
