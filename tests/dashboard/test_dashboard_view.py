"""The dashboard's reading of the state: trees, conversations, safe URLs, journal and fault phrases."""

from __future__ import annotations

import pytest

from mock_botcake.control.dashboard.view import (
    CUSTOMERS_SHOWN,
    conversations,
    customers_view,
    faults_view,
    flow_tree,
    journal_view,
    safe_image_url,
    safe_url,
)

from ..helpers import SHOP_ID


def test_the_flat_lists_become_a_tree_with_folders_before_flows():
    folders = [{"id": 2, "name": "inner", "parent_id": 1}, {"id": 1, "name": "outer", "parent_id": None}]
    flows = [
        {"id": 10, "name": "root flow", "parent_id": None, "is_removed": False},
        {"id": 11, "name": "deep flow", "parent_id": 2, "is_removed": True},
    ]
    tree = flow_tree(folders, flows)
    assert [(node["kind"], node["id"]) for node in tree] == [("folder", 1), ("flow", 10)]
    inner = tree[0]["children"][0]
    assert (inner["id"], [child["id"] for child in inner["children"]]) == (2, [11])
    assert inner["children"][0]["is_removed"] is True


def test_a_folder_cycle_is_cut_instead_of_recursing_forever():
    folders = [{"id": 1, "name": "a", "parent_id": None}, {"id": 2, "name": "b", "parent_id": 1}]
    tree = flow_tree([*folders, {"id": 1, "name": "again", "parent_id": 2}], [])
    assert tree[0]["children"][0]["children"][0]["children"] == []


def send(send_id: int, psid: str, kind: str = "flow", flow_id: int | None = 1) -> dict:
    return {
        "id": send_id,
        "kind": kind,
        "psid": psid,
        "flow_id": flow_id,
        "data": None,
        "message_tag": None,
        "payload": None,
        "received_at": "2026-11-25T12:00:01.000Z",
    }


def test_sends_are_grouped_by_psid_with_the_latest_conversation_first():
    grouped = conversations([send(1, "a"), send(2, "b"), send(3, "a"), send(4, "b")], {1: "Welcome"})
    assert [(c["psid"], [s["id"] for s in c["sends"]]) for c in grouped] == [("b", [2, 4]), ("a", [1, 3])]
    assert grouped[0]["sends"][0]["flow_name"] == "Welcome"
    assert grouped[0]["sends"][0]["time"] == "12:00:01"


def test_a_flow_no_longer_on_the_page_is_named_with_a_question_mark():
    assert conversations([send(1, "a", flow_id=99)], {})[0]["sends"][0]["flow_name"] == "?"


@pytest.mark.parametrize(
    ("url", "link", "image"),
    [
        ("https://example.com/a.png", True, True),
        ("http://example.com", True, True),
        ("javascript:alert(1)", False, False),
        ("  JAVASCRIPT:alert(1)", False, False),
        ("data:image/png;base64,AAAA", False, True),
        ("data:text/html,<script>", False, False),
        ("vbscript:x", False, False),
        ("/relative", False, False),
        ("http://[::1", False, False),
        (None, False, False),
        (42, False, False),
    ],
)
def test_only_http_urls_become_links_and_only_those_or_inline_images_become_images(url, link, image):
    assert (safe_url(url) is not None, safe_image_url(url) is not None) == (link, image)


def test_the_journal_shows_the_newest_fifty_first_with_the_base_path_cut():
    entries = [{"id": i, "path": f"/api/public_api/v1/pages/1/flows/{i}"} for i in range(1, 61)]
    shown = journal_view(entries)
    assert [entry["id"] for entry in shown] == list(range(60, 10, -1))
    assert shown[0]["short_path"] == "/pages/1/flows/60"


@pytest.mark.parametrize(
    ("rule", "matches", "does", "often"),
    [
        ({"action": {"status": 500}}, "every API request", "answer 500", "always"),
        (
            {
                "match": {"method": "POST", "page_id": "5"},
                "action": {"drop_connection": True},
                "after_write": True,
            },
            "POST on page 5",
            "drop the connection after the write",
            "always",
        ),
        (
            {
                "action": {"delay_ms": 200, "body": {"success": False}},
                "times": 3,
                "probability": 0.5,
                "seed": 7,
            },
            "every API request",
            'wait 200 ms, then answer 500 {"success": false}',
            "at most 3 times, p = 0.5, seed 7",
        ),
        ({"action": {"delay_ms": 5}, "times": 1}, "every API request", "wait 5 ms", "once"),
        (
            {"action": {"responses": [{"status": 503}, {"delay_ms": 5}, {"pass": True}]}},
            "every API request",
            "in turn: answer 503; wait 5 ms; answer as usual; then the last again",
            "always",
        ),
        (
            {"action": {"responses": [{"status": 503}], "after_last": "pass"}, "after_write": True},
            "every API request",
            "in turn: answer 503; then the real answer after the write",
            "always",
        ),
        (
            {
                "match": {"path": "get_list_tag", "query": {"page": "3"}, "body": {"psid": "42"}},
                "action": {"status": 503},
            },
            'get_list_tag with query {"page": "3"} with body {"psid": "42"}',
            "answer 503",
            "always",
        ),
        (
            {"action": {"fault": "empty"}},
            "every API request",
            "close the connection without a byte",
            "always",
        ),
        (
            {"action": {"delay_ms": 5, "fault": "malformed"}},
            "every API request",
            "wait 5 ms, then answer 200 with a body that is not JSON",
            "always",
        ),
        (
            {"action": {"status": 503, "fault": "truncated"}},
            "every API request",
            "answer 503, then cut the answer short of its Content-Length",
            "always",
        ),
        (
            {"action": {"fault": "slow", "delay_ms": 900}},
            "every API request",
            "dribble the answer over 900 ms",
            "always",
        ),
    ],
)
def test_a_fault_rule_reads_as_three_phrases(rule, matches, does, often):
    [shown] = faults_view([{**rule, "id": 1, "fired": 2}])
    assert shown == {"id": 1, "name": None, "fired": 2, "matches": matches, "does": does, "often": often}


def test_a_fault_rule_shows_its_name():
    [shown] = faults_view([{"id": 3, "name": "flaky sends", "match": {}, "action": {"status": 503}}])
    assert shown["name"] == "flaky sends"


# --- customers (issue 19) ------------------------------------------------------------------------------


def test_customers_show_their_tags_and_fields_by_name(store):
    (hieu, *_) = customers_view(store, SHOP_ID)["customers"]
    assert (hieu["full_name"], hieu["tags"]) == (
        "Vũ Trọng Hiệu",
        [{"id": 903, "name": "VIP"}, {"id": 902, "name": "Urgent"}],
    )
    assert hieu["fields"] == [{"id": "3593", "name": "adf1", "value": "104"}]


def test_only_the_first_customers_are_shown_with_the_count_of_all(store):
    store.add_page({"page_id": "9", "customers": [{"psid": str(n)} for n in range(CUSTOMERS_SHOWN + 1)]})
    shown = customers_view(store, "9")
    assert (len(shown["customers"]), shown["customer_count"]) == (CUSTOMERS_SHOWN, CUSTOMERS_SHOWN + 1)
