"""Fault rules through `mock-botcake serve` (two workers, so every rule holds across them): rules managed
one by one, ``--faults`` as a folder, and what a ``--state-file`` restart keeps of the rules."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from ..helpers import API, SHOP_ID
from ..servers import READY_TIMEOUT_S, Served, start, stop

PAGE = f"{API}/pages/{SHOP_ID}"
CLOSE = {"Connection": "close"}  # a new connection, so a worker chosen anew, for every request
ROUNDS = 12


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start("--workers", "2", "--quiet")
    yield server
    stop(server)


@pytest.fixture(autouse=True)
def fresh_state(request: pytest.FixtureRequest) -> None:
    if "served" in request.fixturenames:
        server = request.getfixturevalue("served")
        assert requests.post(f"{server.root}/_mock/reset", headers=CLOSE, timeout=10).ok


def api(served: Served, method: str, path: str, **kwargs) -> requests.Response:
    headers = {**CLOSE, "access-token": served.token_of(SHOP_ID), **kwargs.pop("headers", {})}
    return requests.request(method, f"{served.root}{PAGE}/{path}", headers=headers, timeout=10, **kwargs)


def control(served: Served, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{served.root}/_mock{path}", headers=CLOSE, timeout=10, **kwargs)


def add_fault(served: Served, rule: dict) -> dict:
    response = control(served, "POST", "/faults", json=rule)
    assert response.status_code == 201, response.text
    return response.json()


def test_served_a_rule_is_read_by_its_id_on_every_worker(served):
    added = add_fault(served, {"name": "flows down", "match": {"path": "flows"}, "action": {"status": 503}})

    answers = [control(served, "GET", f"/faults/{added['id']}").json() for _ in range(ROUNDS)]

    assert answers == [added] * ROUNDS


def test_served_a_removed_rule_fires_on_no_worker_and_the_others_stay(served):
    removed = add_fault(served, {"match": {"path": "flows"}, "action": {"status": 503}})
    add_fault(served, {"match": {"path": "keywords"}, "action": {"status": 502}})

    assert control(served, "DELETE", f"/faults/{removed['id']}").json() == removed

    assert {api(served, "GET", "flows").status_code for _ in range(ROUNDS)} == {200}
    assert {api(served, "GET", "keywords").status_code for _ in range(ROUNDS)} == {502}


def test_served_an_unknown_rule_id_is_a_404_in_the_api_error_shape(served):
    for method in ("GET", "DELETE"):
        response = control(served, method, "/faults/99")
        assert response.status_code == 404
        assert response.json()["success"] is False
        assert response.json()["message"] == "fault rule not found"


def test_served_the_journal_names_the_rule_that_fired_on_each_request(served):
    control(served, "DELETE", "/requests")
    added = add_fault(
        served, {"name": "one 503", "match": {"path": "flows"}, "action": {"status": 503}, "times": 1}
    )

    statuses = [api(served, "GET", "flows").status_code for _ in range(2)]

    journal = control(served, "GET", "/requests").json()["requests"]
    assert statuses == [503, 200]
    assert [entry["fault"] for entry in journal] == [{"id": added["id"], "name": "one 503"}, None]


def test_served_a_path_glob_that_can_match_no_route_is_refused_with_a_hint(served):
    response = control(
        served, "POST", "/faults", json={"match": {"path": "send_flow"}, "action": {"status": 503}}
    )

    assert response.status_code == 400
    assert (
        "matched against the path after /api/public_api/v1/pages/<page_id>/" in response.json()["errors"][0]
    )
    assert control(served, "GET", "/faults").json() == {"faults": []}


def test_served_a_body_rule_faults_only_the_send_to_that_psid_on_every_worker(served):
    add_fault(
        served, {"match": {"path": "flows/send_flow", "body": {"psid": "42"}}, "action": {"status": 503}}
    )

    to_42 = {
        api(served, "POST", "flows/send_flow", json={"psid": "42", "flow_id": 1559}).status_code
        for _ in range(ROUNDS)
    }
    to_43 = {
        api(served, "POST", "flows/send_flow", json={"psid": "43", "flow_id": 1559}).status_code
        for _ in range(ROUNDS)
    }

    assert (to_42, to_43) == ({503}, {200})


def test_served_a_query_rule_faults_only_that_page_of_the_list(served):
    add_fault(served, {"match": {"path": "get_list_tag", "query": {"page": "3"}}, "action": {"status": 503}})

    assert api(served, "GET", "get_list_tag?page=3").status_code == 503
    assert api(served, "GET", "get_list_tag?page=2").status_code == 200


def test_served_a_header_rule_matches_the_name_in_any_case(served):
    add_fault(served, {"match": {"headers": {"X-Request-Id": "retry-*"}}, "action": {"status": 503}})

    assert api(served, "GET", "flows", headers={"x-request-id": "retry-2"}).status_code == 503
    assert api(served, "GET", "flows", headers={"x-request-id": "first"}).status_code == 200


def test_served_a_scenario_answers_in_turn_exactly_across_workers(served):
    answers = [{"status": 501}, {"status": 502}, {"status": 503}, {"pass": True}]
    add_fault(served, {"match": {"path": "flows"}, "action": {"responses": answers}})

    statuses = [api(served, "GET", "flows").status_code for _ in range(ROUNDS)]

    assert statuses == [501, 502, 503] + [200] * (ROUNDS - 3)


def test_served_a_scenario_with_after_last_pass_fires_exactly_its_length_across_workers(served):
    scenario = {"responses": [{"status": 503}] * 5, "after_last": "pass"}
    add_fault(served, {"match": {"path": "flows"}, "action": scenario})

    statuses = [api(served, "GET", "flows").status_code for _ in range(ROUNDS)]

    assert statuses == [503] * 5 + [200] * (ROUNDS - 5)
    assert [rule["fired"] for rule in control(served, "GET", "/faults").json()["faults"]] == [5]


# --- --faults as a folder, and restarts ---------------------------------------------------------------


def write(path, value) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def listed_rules(server: Served) -> list[dict]:
    return requests.get(f"{server.root}/_mock/faults", timeout=10).json()["faults"]


def test_a_faults_folder_puts_the_rules_of_its_json_files_in_force_in_name_order(tmp_path):
    write(
        tmp_path / "b-keywords.json",
        [{"name": "b", "match": {"path": "keywords"}, "action": {"status": 502}}],
    )
    write(tmp_path / "a-flows.json", {"name": "a", "match": {"path": "flows"}, "action": {"status": 503}})
    (tmp_path / "README.md").write_text("not a rule", encoding="utf-8")
    server = start("--faults", str(tmp_path), "--quiet")
    try:
        names = [rule["name"] for rule in listed_rules(server)]
        status = api(server, "GET", "flows").status_code
    finally:
        stop(server)
    assert (names, status) == (["a", "b"], 503)


def run_to_exit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT_S,
    )


def test_a_faults_folder_with_a_bad_rule_names_its_file_and_exits_2(tmp_path):
    write(tmp_path / "good.json", [{"action": {"status": 503}}])
    write(tmp_path / "bad.json", {"action": {"status": 42}})

    result = run_to_exit("--faults", str(tmp_path))

    assert result.returncode == 2
    assert f"faults file {tmp_path / 'bad.json'}, rule 0: action.status is 42" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_faults_file_rule_whose_glob_can_match_no_route_stops_serve_with_the_hint(tmp_path):
    write(tmp_path / "faults.json", [{"match": {"path": "pages/*/flows"}, "action": {"status": 503}}])

    result = run_to_exit("--faults", str(tmp_path / "faults.json"))

    assert result.returncode == 2
    assert "match.path 'pages/*/flows' can match no API route" in result.stderr


def test_a_state_file_restart_keeps_no_added_rule_and_starts_the_faults_files_rules_afresh(tmp_path):
    write(
        tmp_path / "faults.json", [{"name": "start", "match": {"path": "flows"}, "action": {"status": 503}}]
    )
    options = ("--state-file", str(tmp_path / "state.sqlite3"), "--faults", str(tmp_path / "faults.json"))
    first = start(*options, "--quiet")
    try:
        add_fault(first, {"name": "added", "match": {"path": "keywords"}, "action": {"status": 502}})
        api(first, "GET", "flows")
    finally:
        stop(first)

    second = start(*options, "--quiet")
    try:
        rules = [(rule["name"], rule["fired"]) for rule in listed_rules(second)]
    finally:
        stop(second)
    assert rules == [("start", 0)]


def test_served_a_scenario_of_network_faults_answers_in_turn_across_workers(served):
    answers = [{"fault": "empty"}, {"fault": "malformed"}, {"pass": True}]
    add_fault(served, {"match": {"path": "flows"}, "action": {"responses": answers}})

    with pytest.raises(requests.ConnectionError):
        api(served, "GET", "flows")
    with pytest.raises(requests.JSONDecodeError):
        api(served, "GET", "flows").json()
    assert {api(served, "GET", "flows").json()["success"] for _ in range(ROUNDS)} == {True}
