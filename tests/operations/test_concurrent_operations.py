"""The journal and the fault rules stay exact when many threads use them at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from mock_botcake.app import create_app
from mock_botcake.control.faults import FaultBook
from mock_botcake.control.journal import Journal

from ..helpers import API, SHOP_ID

THREADS = 8
EACH = 40


def test_concurrent_requests_are_each_journaled_once_with_unique_growing_ids(store, shop):
    app = create_app(store)

    def burst(_: int) -> None:
        client = app.test_client()
        for _ in range(EACH):
            client.get(f"{API}/pages/{SHOP_ID}/tools", headers={"access-token": shop.token})

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(burst, range(THREADS)))
    entries = app.test_client().get("/_mock/requests").get_json()["requests"]
    assert [entry["id"] for entry in entries] == list(range(1, THREADS * EACH + 1))


def test_a_journal_shared_by_threads_never_exceeds_its_size():
    journal = Journal(size=50)

    def burst(n: int) -> None:
        for i in range(EACH):
            journal.record({"n": n, "i": i})

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(burst, range(THREADS)))
    entries = journal.entries()
    assert [entry["id"] for entry in entries] == list(range(THREADS * EACH - 49, THREADS * EACH + 1))


def test_times_holds_exactly_when_threads_race_for_the_last_firings():
    book = FaultBook()
    book.add({"action": {"status": 500}, "times": 25})

    def burst(_: int) -> int:
        return sum(book.pick("GET", SHOP_ID, "flows") is not None for _ in range(EACH))

    with ThreadPoolExecutor(THREADS) as pool:
        fired = sum(pool.map(burst, range(THREADS)))
    assert fired == 25
    assert book.listed()[0]["fired"] == 25
