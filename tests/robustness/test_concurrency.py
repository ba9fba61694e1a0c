"""16 threads writing at once through a live server: nothing lost, nothing duplicated, reads consistent."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
import requests

from ..helpers import SHOP_ID
from ..servers import start, stop

THREADS = 16
WRITES_PER_THREAD = 500
FLOWS = [1559, 1560, 1565, 1567, 1568]
TEXT = {"version": "v2", "content": {"messages": [{"type": "text", "text": "hi"}]}}


@pytest.fixture(scope="module")
def server():
    served = start("--seed", "demo")
    yield served
    stop(served)


def writer(api: str, token: str, seed: int, log: dict) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    session.headers["access-token"] = token
    for n in range(WRITES_PER_THREAD):
        kind = rng.choice(["create", "update", "flow", "content"])
        if kind == "create":
            response = session.post(f"{api}/keywords/create", timeout=30)
            if response.ok:
                log["created"].append(response.json()["keyword"]["id"])
        elif kind == "update":
            flow_id = rng.choice(FLOWS)
            response = session.post(
                f"{api}/keywords/update",
                json={"keyword_id": 3372, "update": {"flow_id": flow_id}},
                timeout=30,
            )
        elif kind == "flow":
            flow_id = rng.choice(FLOWS)
            response = session.post(
                f"{api}/flows/send_flow", json={"psid": f"{seed}-{n}", "flow_id": flow_id}, timeout=30
            )
            if response.ok:
                log["flow_sends"].append(flow_id)
        else:
            response = session.post(
                f"{api}/flows/send_content", json={"psid": f"{seed}-{n}", "data": TEXT}, timeout=30
            )
            if response.ok:
                log["content_sends"].append(f"{seed}-{n}")
        log["statuses"].append(response.status_code)


def reader(api: str, token: str, stop_reading: threading.Event, snapshots: list) -> None:
    session = requests.Session()
    session.headers["access-token"] = token
    while not stop_reading.is_set():
        snapshots.append([k["id"] for k in session.get(f"{api}/keywords", timeout=30).json()["data"]])


def test_every_acknowledged_concurrent_write_is_there_once_and_reads_are_consistent(server):
    token = server.token_of(SHOP_ID)
    api = f"{server.root}/api/public_api/v1/pages/{SHOP_ID}"
    before = {
        flow: requests.get(
            f"{api}/flows/{flow}/statistics", headers={"access-token": token}, timeout=10
        ).json()["data"]["sent"]
        for flow in FLOWS
    }
    log = {"created": [], "flow_sends": [], "content_sends": [], "statuses": []}
    snapshots: list[list[int]] = []
    stop_reading = threading.Event()
    readers = [threading.Thread(target=reader, args=(api, token, stop_reading, snapshots)) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(api, token, seed, log)) for seed in range(THREADS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop_reading.set()
    for thread in readers:
        thread.join()

    assert Counter(log["statuses"]) == {200: THREADS * WRITES_PER_THREAD}
    keywords = [
        k["id"]
        for k in requests.get(f"{api}/keywords", headers={"access-token": token}, timeout=10).json()["data"]
    ]
    assert len(set(log["created"])) == len(log["created"])
    assert set(log["created"]) <= set(keywords)
    assert len(keywords) == 4 + len(log["created"])

    sent = Counter(log["flow_sends"])
    for flow in FLOWS:
        after = requests.get(
            f"{api}/flows/{flow}/statistics", headers={"access-token": token}, timeout=10
        ).json()["data"]["sent"]
        assert after == before[flow] + sent[flow]

    recorded = requests.get(f"{server.root}/_mock/pages/{SHOP_ID}/sends", timeout=30).json()["sends"]
    assert len(recorded) == len(log["flow_sends"]) + len(log["content_sends"])
    assert len({s["id"] for s in recorded}) == len(recorded)

    # Each read saw a state that existed: the keywords list is always a prefix of the final one.
    assert snapshots
    for seen in snapshots:
        assert seen == keywords[: len(seen)]
