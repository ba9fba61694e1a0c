"""The request journal: GET /_mock/requests lists the API requests the fake answered, newest last."""

from __future__ import annotations

import re

from mock_botcake.app import create_app
from mock_botcake.control.journal import BODY_CAP_CHARS, Journal, body_for_journal

from ..helpers import API, SHOP_ID, assert_refused

RFC3339_MS_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
FLOWS = f"{API}/pages/{SHOP_ID}/flows"


def journal(client, query: str = "") -> list[dict]:
    response = client.get(f"/_mock/requests{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["requests"]


def test_an_api_request_is_journaled_with_every_field(client, shop):
    client.post(
        f"{API}/pages/{SHOP_ID}/flows/send_flow?x=1",
        headers={"access-token": shop.token},
        json={"psid": "42", "flow_id": 1559},
    )
    (entry,) = journal(client)
    assert entry["id"] == 1
    assert entry["method"] == "POST"
    assert entry["path"] == f"{API}/pages/{SHOP_ID}/flows/send_flow"
    assert entry["query"] == "x=1"
    assert entry["page_id"] == SHOP_ID
    assert entry["status"] == 200
    assert RFC3339_MS_UTC.fullmatch(entry["received_at"])
    assert entry["duration_ms"] >= 0
    assert entry["body"] == {"psid": "42", "flow_id": 1559}
    assert entry["token"] == "…" + shop.token[-4:]


def test_a_refused_request_is_journaled_with_its_status_and_null_token_and_body(client):
    client.get(FLOWS)
    (entry,) = journal(client)
    assert (entry["status"], entry["token"], entry["query"], entry["body"]) == (400, None, "", None)


def test_an_api_path_without_a_page_has_a_null_page_id(client):
    client.get(f"{API}/flows")
    (entry,) = journal(client)
    assert (entry["status"], entry["page_id"]) == (404, None)


def test_the_path_is_journaled_as_routed_without_extra_slashes(client, shop):
    client.get(f"{API}//pages/{SHOP_ID}/flows/", headers={"access-token": shop.token})
    assert journal(client)[0]["path"] == FLOWS


def test_a_body_that_is_not_json_is_journaled_as_text(client, shop):
    client.post(f"{FLOWS}/send_flow", headers={"access-token": shop.token}, data="psid=1")
    assert journal(client)[0]["body"] == "psid=1"


def test_a_nan_body_is_journaled_as_text_so_the_journal_stays_json(client, shop):
    client.post(f"{FLOWS}/send_flow", headers={"access-token": shop.token}, data='{"psid": NaN}')
    assert journal(client)[0]["body"] == '{"psid": NaN}'


def test_a_big_body_is_cut_at_the_cap(client, shop):
    big = '{"psid": "' + "x" * (BODY_CAP_CHARS * 2) + '"}'
    client.post(f"{FLOWS}/send_flow", headers={"access-token": shop.token}, data=big)
    body = journal(client)[0]["body"]
    assert body.startswith('{"psid": "xxx')
    assert len(body) < BODY_CAP_CHARS + 100
    assert body.endswith(f"({len(big)} bytes in all)")


def test_the_journaled_body_is_still_read_by_the_handler(client, shop):
    sent = client.post(
        f"{FLOWS}/send_flow", headers={"access-token": shop.token}, json={"psid": "7", "flow_id": 1559}
    )
    assert sent.get_json() == {"success": True}
    assert client.get(f"/_mock/pages/{SHOP_ID}/sends").get_json()["sends"][0]["psid"] == "7"


def test_control_plane_and_openapi_requests_are_not_journaled(client):
    client.get("/_mock/pages")
    client.get("/openapi.json")
    assert journal(client) == []


def test_entries_are_oldest_first_with_growing_ids(client, shop):
    for endpoint in ("flows", "keywords", "tools"):
        client.get(f"{API}/pages/{SHOP_ID}/{endpoint}", headers={"access-token": shop.token})
    entries = journal(client)
    assert [e["path"].rsplit("/", 1)[1] for e in entries] == ["flows", "keywords", "tools"]
    assert [e["id"] for e in entries] == [1, 2, 3]


def test_after_and_limit_page_forward(client, shop):
    for _ in range(5):
        client.get(FLOWS, headers={"access-token": shop.token})
    assert [e["id"] for e in journal(client, "?after=2&limit=2")] == [3, 4]
    assert [e["id"] for e in journal(client, "?after=4")] == [5]


def test_a_bad_limit_is_refused(client):
    assert_refused(client.get("/_mock/requests?limit=-1"), 400, "invalid query parameter")


def test_delete_clears_the_journal_and_ids_keep_growing(client, shop):
    client.get(FLOWS, headers={"access-token": shop.token})
    cleared = client.delete("/_mock/requests")
    assert (cleared.status_code, cleared.get_json()) == (200, {"requests": []})
    assert journal(client) == []
    client.get(FLOWS, headers={"access-token": shop.token})
    assert [e["id"] for e in journal(client)] == [2]


def test_reset_clears_the_journal(client, shop):
    client.get(FLOWS, headers={"access-token": shop.token})
    client.post("/_mock/reset")
    assert journal(client) == []


def test_the_journal_keeps_only_the_newest_journal_size_entries(store, shop):
    client = create_app(store, journal_size=2).test_client()
    for _ in range(3):
        client.get(FLOWS, headers={"access-token": shop.token})
    assert [e["id"] for e in journal(client)] == [2, 3]


def test_journal_size_zero_records_nothing(store, shop):
    client = create_app(store, journal_size=0).test_client()
    client.get(FLOWS, headers={"access-token": shop.token})
    assert journal(client) == []


def test_log_gets_one_line_per_api_and_control_request_but_not_openapi(store, shop):
    lines: list[str] = []
    client = create_app(store, log=lines.append).test_client()
    client.get(FLOWS, headers={"access-token": shop.token})
    client.get("/_mock/health")
    client.get("/openapi.json")
    assert [line.split()[:3] for line in lines] == [["GET", FLOWS, "200"], ["GET", "/_mock/health", "200"]]
    assert all(re.fullmatch(r"\d+\.\dms", line.split()[3]) for line in lines)


def test_a_huge_query_string_is_journaled_as_its_start_only():
    from mock_botcake.control.journal import QUERY_CAP_CHARS, query_for_journal

    kept = query_for_journal("q" * 200_000)
    assert kept.startswith("q" * QUERY_CAP_CHARS)
    assert kept.endswith("... (200000 characters in all)")
    assert len(kept) < QUERY_CAP_CHARS + 40


def test_entries_without_after_start_from_the_first_entry():
    journal = Journal(size=5)
    journal.record({"path": "/a"})
    assert journal.entries() == [{"id": 1, "path": "/a"}]


def test_a_body_of_exactly_the_cap_is_journaled_whole():
    body = '"' + "x" * (BODY_CAP_CHARS - 2) + '"'
    assert body_for_journal(body.encode()) == "x" * (BODY_CAP_CHARS - 2)
