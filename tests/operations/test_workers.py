"""`serve --workers N`: whichever worker answers, it answers from the one state.

Each request goes on a new connection, and the kernel spreads new connections over the workers' sockets
(SO_REUSEPORT), so over a few dozen requests every worker answers some: a worker with a state of its own
(a read cache, a journal or a fault count that ignores the others) fails these tests at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake.store import Store

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

PAGE = f"{API}/pages/{SHOP_ID}"
ROUNDS = 40
CLOSE = {"Connection": "close"}  # a new connection, so a worker chosen anew, for every request


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    server = start("--workers", "2", "--quiet")
    yield server
    stop(server)


@pytest.fixture(autouse=True)
def fresh_state(served: Served) -> None:
    assert requests.post(f"{served.root}/_mock/reset", headers=CLOSE, timeout=10).ok


def api(served: Served, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {**CLOSE, "access-token": token or served.token_of(SHOP_ID)}
    return requests.request(method, f"{served.root}{PAGE}{path}", headers=headers, timeout=10, **kwargs)


def control(served: Served, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{served.root}/_mock{path}", headers=CLOSE, timeout=10, **kwargs)


def worker_processes(served: Served) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{served.process.pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_serve_runs_as_many_worker_processes_as_asked(served):
    assert len(worker_processes(served)) == 2


def test_every_worker_reads_each_write_answered_before_it(served):
    token = served.token_of(SHOP_ID)
    count = len(api(served, "GET", "/keywords", token).json()["data"])
    for _ in range(ROUNDS):
        assert api(served, "POST", "/keywords/create", token).status_code == 200
        count += 1
        # Read twice: the second read may be answered from a worker's read cache.
        for _ in range(2):
            assert len(api(served, "GET", "/keywords", token).json()["data"]) == count


def test_every_worker_lists_each_send_answered_before_it(served):
    token = served.token_of(SHOP_ID)
    for sent in range(1, ROUNDS // 2 + 1):
        body = {"psid": str(1000 + sent), "flow_id": 1559}
        assert api(served, "POST", "/flows/send_flow", token, json=body).status_code == 200
        sends = control(served, "GET", f"/pages/{SHOP_ID}/sends").json()["sends"]
        assert [send["psid"] for send in sends] == [str(1000 + n) for n in range(1, sent + 1)]


def test_the_journal_holds_every_request_any_worker_answered_in_order(served):
    token = served.token_of(SHOP_ID)
    for number in range(ROUNDS):
        api(served, "GET", f"/keywords?n={number}", token)
        journal = control(served, "GET", "/requests").json()["requests"]
        assert [entry["query"] for entry in journal] == [f"n={n}" for n in range(number + 1)]
    ids = [entry["id"] for entry in journal]
    assert ids == sorted(set(ids))


def test_a_cleared_journal_is_empty_on_every_worker_and_its_ids_go_on_growing(served):
    token = served.token_of(SHOP_ID)
    api(served, "GET", "/keywords", token)
    last = control(served, "GET", "/requests").json()["requests"][-1]["id"]
    control(served, "DELETE", "/requests")
    for _ in range(ROUNDS // 4):
        assert control(served, "GET", "/requests").json()["requests"] == []
    api(served, "GET", "/keywords", token)
    assert [entry["id"] > last for entry in control(served, "GET", "/requests").json()["requests"]] == [True]


def test_a_rules_times_is_exact_across_workers(served):
    token = served.token_of(SHOP_ID)
    rule = {"match": {"path": "keywords"}, "action": {"status": 503}, "times": 5}
    assert control(served, "POST", "/faults", json=rule).status_code == 201
    statuses = [api(served, "GET", "/keywords", token).status_code for _ in range(ROUNDS)]
    assert statuses == [503] * 5 + [200] * (ROUNDS - 5)
    assert [listed["fired"] for listed in control(served, "GET", "/faults").json()["faults"]] == [5]


def test_a_rule_added_through_one_worker_applies_on_every_worker_and_a_cleared_one_on_none(served):
    token = served.token_of(SHOP_ID)
    control(served, "POST", "/faults", json={"match": {"path": "keywords"}, "action": {"status": 503}})
    assert {api(served, "GET", "/keywords", token).status_code for _ in range(ROUNDS // 2)} == {503}
    control(served, "DELETE", "/faults")
    assert {api(served, "GET", "/keywords", token).status_code for _ in range(ROUNDS // 2)} == {200}


def test_a_seeded_rule_fires_on_the_same_requests_as_in_one_process(served):
    rule = {"match": {"path": "keywords"}, "action": {"status": 503}, "probability": 0.5, "seed": 7}
    token = served.token_of(SHOP_ID)
    control(served, "POST", "/faults", json=rule)
    served_statuses = [api(served, "GET", "/keywords", token).status_code for _ in range(ROUNDS)]

    from mock_botcake.control.faults import FaultBook

    book = FaultBook([rule])
    alone = [503 if book.pick("GET", SHOP_ID, "keywords") else 200 for _ in range(ROUNDS)]
    assert served_statuses == alone


def test_a_rotated_token_is_refused_at_once_by_every_worker(served):
    old = served.token_of(SHOP_ID)
    for _ in range(4):  # every worker's read cache holds the answer for the old token
        assert api(served, "GET", "/keywords", old).status_code == 200
    new = control(served, "POST", f"/pages/{SHOP_ID}/rotate_token").json()["access_token"]
    assert {api(served, "GET", "/keywords", old).status_code for _ in range(ROUNDS // 2)} == {401}
    assert {api(served, "GET", "/keywords", new).status_code for _ in range(ROUNDS // 2)} == {200}


def test_after_a_reset_every_worker_answers_the_start_state(served):
    token = served.token_of(SHOP_ID)
    start_keywords = api(served, "GET", "/keywords", token).json()["data"]
    for _ in range(5):
        api(served, "POST", "/keywords/create", token)
        api(served, "GET", "/keywords", token)
    control(served, "POST", "/reset")
    for _ in range(ROUNDS // 2):
        assert api(served, "GET", "/keywords", token).json()["data"] == start_keywords


def test_reads_racing_state_replacements_see_one_whole_state_or_the_other(served, tmp_path):
    state = control(served, "GET", "/state").json()
    other = Store(tmp_path / "other.sqlite3")
    other.import_state(state)
    for _ in range(7):
        other.create_keyword(SHOP_ID)
    bigger = other.export_state()
    other.db.close()
    token = served.token_of(SHOP_ID)
    sizes = {len(page["keywords"]) for page in (state["pages"][0], bigger["pages"][0])}
    stop_writing = threading.Event()

    def replace_again_and_again() -> None:
        while not stop_writing.is_set():
            for document in (bigger, state):
                control(served, "PUT", "/state", json=document)
                control(served, "POST", "/reset")

    writer = threading.Thread(target=replace_again_and_again)
    writer.start()
    try:
        seen = [len(api(served, "GET", "/keywords", token).json()["data"]) for _ in range(ROUNDS)]
    finally:
        stop_writing.set()
        writer.join()
    assert set(seen) <= sizes
