"""`serve --proxy URL`: the recording proxy answers API requests from the real API and journals them.

"The real API" here is a second fake served from a thread on a free port (``serve_botcake``), seeded
with the demo pages; the proxy is ``mock-botcake serve --proxy`` in a process of its own, seeded empty,
so that any answer it gives from its own store would be told from the real one at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from mock_botcake.embedded import serve_botcake
from mock_botcake.embedded.fake import Botcake

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

TIMEOUT_S = 10
SEND = {"psid": "6370813943019801", "flow_id": 1559}


@pytest.fixture(scope="module")
def real_api() -> Iterator[Botcake]:
    with serve_botcake("demo") as botcake:
        yield botcake


@pytest.fixture(scope="module")
def proxy(real_api: Botcake) -> Iterator[Served]:
    server = start("--proxy", real_api.root_url, "--seed", "empty", "--workers", "1", "--quiet")
    yield server
    stop(server)


@pytest.fixture(autouse=True)
def fresh(real_api: Botcake, proxy: Served) -> None:
    real_api.reset()
    assert requests.post(f"{proxy.root}/_mock/reset", timeout=TIMEOUT_S).ok


def through(proxy: Served, real_api: Botcake, method: str, path: str, **kwargs) -> requests.Response:
    """A request of the shop page's client, sent to the proxy with the real page's token."""
    headers = {**real_api.page(SHOP_ID).headers, **kwargs.pop("headers", {})}
    url = f"{proxy.root}{API}/pages/{SHOP_ID}/{path}"
    return requests.request(method, url, headers=headers, timeout=TIMEOUT_S, **kwargs)


def journal(served_root: str) -> list[dict]:
    return requests.get(f"{served_root}/_mock/requests", timeout=TIMEOUT_S).json()["requests"]


def test_a_read_is_answered_with_the_real_apis_status_and_body(proxy, real_api):
    page = real_api.page(SHOP_ID)
    real = requests.get(page.url("keywords"), headers=page.headers, timeout=TIMEOUT_S)

    answer = through(proxy, real_api, "GET", "keywords")

    assert (answer.status_code, answer.json()) == (200, real.json())


def test_the_real_api_receives_the_clients_own_token_path_and_query(proxy, real_api):
    through(proxy, real_api, "GET", "get_list_tag?page=2")

    (received,) = real_api.requests
    assert received["path"] == f"{API}/pages/{SHOP_ID}/get_list_tag"
    assert received["query"] == "page=2"
    assert received["token"] == "…" + real_api.page(SHOP_ID).token[-4:]


def test_a_real_refusal_reaches_the_client_as_the_real_api_gave_it(proxy, real_api):
    answer = through(proxy, real_api, "GET", "keywords", headers={"access-token": "not-a-token"})

    assert answer.status_code == real_api.requests[-1]["status"] != 200
    assert answer.json()["success"] is False


def test_a_proxied_exchange_is_journaled_as_proxied_with_the_real_answer(proxy, real_api):
    answer = through(proxy, real_api, "GET", "keywords?x=1")

    (entry,) = journal(proxy.root)
    assert entry["proxied"] is True
    assert entry["answer"] == answer.json()
    assert (entry["method"], entry["path"]) == ("GET", f"{API}/pages/{SHOP_ID}/keywords")
    assert entry["query"] == "x=1"
    assert (entry["page_id"], entry["status"]) == (SHOP_ID, 200)


def test_a_real_refusal_is_journaled_with_its_message(proxy, real_api):
    answer = through(proxy, real_api, "GET", "keywords", headers={"access-token": "not-a-token"})

    (entry,) = journal(proxy.root)
    assert entry["refusal"] == answer.json()["message"]


def test_a_send_is_refused_with_a_json_error_and_never_reaches_the_real_api(proxy, real_api):
    answer = through(proxy, real_api, "POST", "flows/send_flow", json=SEND)

    assert answer.status_code == 403
    assert answer.json()["success"] is False
    assert "--allow-sends" in answer.json()["message"]
    assert real_api.requests == []
    assert real_api.sends() == []


def test_a_marketing_send_is_refused_as_a_send(proxy, real_api):
    answer = through(
        proxy, real_api, "POST", "marketing_messages/send_marketing_content?ad_account_id=act_1", json={}
    )

    assert answer.status_code == 403
    assert "--allow-sends" in answer.json()["message"]
    assert real_api.requests == []


def test_a_write_is_refused_with_a_json_error_and_never_reaches_the_real_api(proxy, real_api):
    state_before = real_api.state()

    answer = through(proxy, real_api, "POST", "keywords/create")

    assert answer.status_code == 403
    assert "--allow-writes" in answer.json()["message"]
    assert real_api.requests == []
    assert real_api.state() == state_before


def test_an_unknown_post_is_refused_as_a_send(proxy, real_api):
    answer = through(proxy, real_api, "POST", "no_such_endpoint", json={})

    assert answer.status_code == 403
    assert "--allow-sends" in answer.json()["message"]
    assert real_api.requests == []


def test_a_refused_request_is_journaled_as_not_proxied(proxy, real_api):
    answer = through(proxy, real_api, "POST", "flows/send_flow", json=SEND)

    (entry,) = journal(proxy.root)
    assert entry["proxied"] is False
    assert entry["answer"] is None
    assert entry["refusal"] == answer.json()["message"]
    assert entry["body"] == SEND


def test_the_control_plane_stays_the_proxys_own(proxy, real_api):
    pages = requests.get(f"{proxy.root}/_mock/pages", timeout=TIMEOUT_S).json()["pages"]

    assert pages == []  # the proxy's own empty seed, not the real API's pages
    assert real_api.requests == []


def test_a_fault_rule_of_the_proxy_answers_before_anything_is_forwarded(proxy, real_api):
    rule = {"match": {"path": "keywords"}, "action": {"status": 503}, "times": 1}
    assert requests.post(f"{proxy.root}/_mock/faults", json=rule, timeout=TIMEOUT_S).ok

    answer = through(proxy, real_api, "GET", "keywords")

    assert answer.status_code == 503
    assert real_api.requests == []


def test_a_slow_real_api_does_not_hold_up_the_proxys_control_plane(proxy, real_api):
    real_api.add_fault(match={"path": "keywords"}, action={"delay_ms": 3000}, times=1)
    slow = threading.Thread(target=through, args=(proxy, real_api, "GET", "keywords"))
    slow.start()
    while real_api.faults[0]["fired"] == 0:  # until the real API holds the forwarded request
        pass

    started = time.monotonic()
    health = requests.get(f"{proxy.root}/_mock/health", timeout=TIMEOUT_S)
    waited = time.monotonic() - started
    slow.join()

    assert health.status_code == 200
    assert waited < 1.5


def test_a_real_api_that_does_not_answer_is_a_502_json_error():
    unreachable = start("--proxy", "http://127.0.0.1:9", "--seed", "empty", "--workers", "1", "--quiet")
    try:
        answer = requests.get(f"{unreachable.root}{API}/pages/{SHOP_ID}/keywords", timeout=TIMEOUT_S)
        entry = journal(unreachable.root)[-1]
    finally:
        stop(unreachable)

    assert answer.status_code == 502
    assert answer.json()["success"] is False
    assert "http://127.0.0.1:9" in answer.json()["message"]
    assert (entry["proxied"], entry["status"]) == (True, 502)


def test_under_several_workers_every_proxied_request_is_in_the_one_journal(real_api):
    server = start("--proxy", real_api.root_url, "--seed", "empty", "--workers", "2", "--quiet")
    try:
        for number in range(20):
            # A new connection each time, so that the kernel picks a worker anew.
            answer = through(server, real_api, "GET", f"keywords?n={number}", headers={"Connection": "close"})
            assert answer.status_code == 200
        entries = journal(server.root)
    finally:
        stop(server)

    assert [entry["query"] for entry in entries] == [f"n={number}" for number in range(20)]
    assert all(entry["proxied"] is True and entry["answer"] is not None for entry in entries)


def test_a_proxy_url_that_is_no_http_root_stops_serve_with_a_message():
    finished = subprocess.run(
        [sys.executable, "-m", "mock_botcake", "serve", "--proxy", "ftp://botcake.io", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert finished.returncode == 2
    assert "give the real API's root URL" in finished.stderr


@pytest.fixture(scope="module")
def writes_allowed(real_api: Botcake) -> Iterator[Served]:
    server = start(
        "--proxy", real_api.root_url, "--allow-writes", "--seed", "empty", "--workers", "1", "--quiet"
    )
    yield server
    stop(server)


@pytest.fixture(scope="module")
def sends_allowed(real_api: Botcake) -> Iterator[Served]:
    server = start(
        "--proxy",
        real_api.root_url,
        "--seed",
        "empty",
        "--workers",
        "1",
        "--quiet",
        env={"MOCK_BOTCAKE_ALLOW_SENDS": "1"},
    )
    yield server
    stop(server)


def keyword_count(real_api: Botcake) -> int:
    page = real_api.page(SHOP_ID)
    return len(requests.get(page.url("keywords"), headers=page.headers, timeout=TIMEOUT_S).json()["data"])


def test_with_allow_writes_a_write_reaches_the_real_api(writes_allowed, real_api):
    before = keyword_count(real_api)

    answer = through(writes_allowed, real_api, "POST", "keywords/create")

    assert answer.status_code == 200
    assert keyword_count(real_api) == before + 1
    assert journal(writes_allowed.root)[-1]["proxied"] is True


def test_with_allow_writes_a_send_is_still_refused(writes_allowed, real_api):
    answer = through(writes_allowed, real_api, "POST", "flows/send_flow", json=SEND)

    assert answer.status_code == 403
    assert real_api.sends() == []


def test_with_allow_sends_from_the_environment_a_send_reaches_the_real_api(sends_allowed, real_api):
    answer = through(sends_allowed, real_api, "POST", "flows/send_flow", json=SEND)

    assert answer.status_code == 200
    assert [send["psid"] for send in real_api.sends()] == [SEND["psid"]]


def test_with_allow_sends_a_write_is_still_refused(sends_allowed, real_api):
    before = keyword_count(real_api)

    answer = through(sends_allowed, real_api, "POST", "keywords/create")

    assert answer.status_code == 403
    assert keyword_count(real_api) == before
