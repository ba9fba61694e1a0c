"""Repeated API reads answered from memory (api/read_cache.py): never staler than a fresh answer.

The middleware alone first (a counting app stands behind it), then the fake as a whole: every way the
state changes must show in the next read, and a cached read is still journaled and faulted.
"""

from __future__ import annotations

import threading
import tracemalloc
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_botcake.api import read_cache
from mock_botcake.api.read_cache import ReadCache
from mock_botcake.app import create_app
from mock_botcake.seeds import build_store
from mock_botcake.store import Store
from mock_botcake.web.operations import CACHEABLE_KEY

from ..helpers import API, SHOP_ID, assert_refused, demo_url

KEYWORDS = f"{API}/pages/{SHOP_ID}/keywords"


class CountingApp:
    """A WSGI app that answers ``status`` with a body naming how many times it was called; its answers
    may be kept unless ``cacheable`` is false (as the fake marks a request of a ``cached`` operation)."""

    def __init__(self, status: str = "200 OK", body_size: int = 0, cacheable: bool = True) -> None:
        self.calls = 0
        self.status = status
        self.body_size = body_size
        self.cacheable = cacheable

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.calls += 1
        if self.cacheable:
            environ[CACHEABLE_KEY] = True
        body = f"answer {self.calls}".encode().ljust(self.body_size, b" ")
        start_response(self.status, [("Content-Type", "text/plain")])
        return [body]


def run(app: Any, path: str = KEYWORDS, method: str = "GET", query: str = "", token: str = "t") -> bytes:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "HTTP_ACCESS_TOKEN": token}
    return b"".join(app(environ, lambda status, headers, exc_info=None: None))


@pytest.fixture
def version() -> list[int]:
    return [0]


@pytest.fixture
def inner() -> CountingApp:
    return CountingApp()


@pytest.fixture
def cached(inner: CountingApp, version: list[int]) -> ReadCache:
    return ReadCache(inner, lambda: version[0])


# --- the middleware ------------------------------------------------------------------------------


def test_the_same_read_at_the_same_version_is_answered_without_the_app(cached, inner):
    assert run(cached) == b"answer 1"
    assert run(cached) == b"answer 1"
    assert inner.calls == 1


def test_an_answer_its_operation_did_not_declare_cacheable_is_never_kept(version):
    cached = ReadCache(CountingApp(cacheable=False), lambda: version[0])
    assert run(cached) == b"answer 1"
    assert run(cached) == b"answer 2"


def test_a_new_store_version_makes_the_next_read_reach_the_app(cached, inner, version):
    run(cached)
    version[0] += 1
    assert run(cached) == b"answer 2"
    assert run(cached) == b"answer 2"


@pytest.mark.parametrize(
    "other",
    [{"path": f"{API}/pages/{SHOP_ID}/flows"}, {"query": "path=[1561]"}, {"token": "another token"}],
    ids=["path", "query", "token"],
)
def test_reads_differing_in_path_query_or_token_are_kept_apart(cached, inner, other):
    run(cached)
    assert run(cached, **other) == b"answer 2"


@pytest.mark.parametrize("method", ["POST", "HEAD", "DELETE"])
def test_anything_but_get_always_reaches_the_app(cached, inner, method):
    run(cached, method=method)
    assert run(cached, method=method) == b"answer 2"


def test_control_plane_reads_always_reach_the_app(cached, inner):
    run(cached, path="/_mock/sends")
    assert run(cached, path="/_mock/sends") == b"answer 2"


def test_refusals_are_not_kept(version):
    inner = CountingApp("401 UNAUTHORIZED")
    cached = ReadCache(inner, lambda: version[0])
    run(cached)
    assert run(cached) == b"answer 2"


def test_an_answer_over_the_entry_limit_is_not_kept(version):
    inner = CountingApp(body_size=read_cache.MAX_ENTRY_BYTES + 1)
    cached = ReadCache(inner, lambda: version[0])
    run(cached)
    run(cached)
    assert inner.calls == 2


def test_the_kept_answers_never_exceed_the_byte_budget(monkeypatch, version):
    # Each entry counts its body (100), its key and headers (~70) and ENTRY_OVERHEAD_BYTES: two fit.
    monkeypatch.setattr(read_cache, "BUDGET_BYTES", int(2.5 * (170 + read_cache.ENTRY_OVERHEAD_BYTES)))
    inner = CountingApp(body_size=100)
    cached = ReadCache(inner, lambda: version[0])
    for query in ("a", "b", "c", "a"):
        run(cached, query=query)
    # a, b fit; c starts afresh (a and b dropped); a must be answered again.
    assert inner.calls == 4
    assert run(cached, query="c").startswith(b"answer 3")


def test_reads_with_huge_unique_query_strings_keep_memory_within_the_budget(monkeypatch, version):
    # The keys count too: 300 reads with unique 20 KB query strings are 6 MB of keys alone.
    monkeypatch.setattr(read_cache, "BUDGET_BYTES", 1024 * 1024)
    cached = ReadCache(CountingApp(), lambda: version[0])
    tracemalloc.start()
    try:
        for n in range(300):
            run(cached, query=f"{n:05}" + "q" * 20_000)
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 2 * read_cache.BUDGET_BYTES


# --- the fake as a whole -------------------------------------------------------------------------


def test_a_created_keyword_shows_in_the_next_read_of_a_read_before(call):
    before = call("GET", "keywords").get_json()["data"]
    new_id = call("POST", "keywords/create").get_json()["keyword"]["id"]
    after = call("GET", "keywords").get_json()["data"]
    assert [k["id"] for k in after] == [k["id"] for k in before] + [new_id]


def test_an_updated_keyword_shows_in_the_next_read_of_a_read_before(call):
    call("GET", "keywords")
    call("POST", "keywords/update", json={"keyword_id": 3372, "update": {"flow_id": 1560}})
    updated = next(k for k in call("GET", "keywords").get_json()["data"] if k["id"] == 3372)
    assert updated["flow_id"] == 1560


def test_a_reset_shows_in_the_next_read_of_a_read_before(call, client):
    call("POST", "keywords/create")
    grown = call("GET", "keywords").get_json()["data"]
    client.post("/_mock/reset")
    assert len(call("GET", "keywords").get_json()["data"]) == len(grown) - 1


def test_a_rotated_token_no_longer_reads_what_it_read_before(call, client, shop):
    assert call("GET", "keywords").status_code == 200
    client.post(f"/_mock/pages/{SHOP_ID}/rotate_token")
    assert_refused(call("GET", "keywords", token=shop.token), 401, "invalid access-token")


def test_a_read_answered_from_memory_is_still_journaled(call, client):
    call("GET", "keywords")
    call("GET", "keywords")
    journaled = client.get("/_mock/requests").get_json()["requests"]
    assert [entry["path"] for entry in journaled].count(KEYWORDS) == 2


def test_a_fault_added_after_a_read_applies_to_the_same_read_again(call, client):
    call("GET", "keywords")
    added = client.post("/_mock/faults", json={"match": {"path": "keywords"}, "action": {"status": 503}})
    assert added.status_code == 201, added.get_json()
    assert call("GET", "keywords").status_code == 503


_READS = ["keywords", "flows", "flows?path=[1561]", "flows?path=[1561,1564]", "ice_breakers", "tools"]
_WRITES = [
    ("keywords/create", {}),
    ("keywords/update", {"keyword_id": 3372, "update": {"flow_id": 1560}}),
    ("keywords/update", {"keyword_id": 3372, "update": {"is_activated": True}}),
    ("keywords/update", {"keyword_id": 2934, "update": {"flow_id": None}}),
]
_STEPS = st.lists(
    st.one_of(
        st.sampled_from(_READS).map(lambda read: ("read", read)),
        st.sampled_from(range(len(_WRITES))).map(lambda index: ("write", index)),
        st.just(("reset", None)),
    ),
    max_size=25,
)


@given(steps=_STEPS)
def test_every_read_answers_what_an_uncached_read_answers_at_that_moment(steps):
    store, _ = build_store("demo")
    client = create_app(store).test_client()
    token = next(p["access_token"] for p in store.list_pages() if p["page_id"] == SHOP_ID)
    headers = {"access-token": token}
    for number, (kind, what) in enumerate(steps):
        if kind == "read":
            cached = client.get(f"{API}/pages/{SHOP_ID}/{what}", headers=headers)
            # An extra query parameter (ignored by the API) makes a read no earlier read answered.
            joiner = "&" if "?" in what else "?"
            fresh = client.get(f"{API}/pages/{SHOP_ID}/{what}{joiner}fresh={number}", headers=headers)
            assert (cached.status_code, cached.get_json()) == (fresh.status_code, fresh.get_json())
        elif kind == "write":
            endpoint, body = _WRITES[what]
            client.post(f"{API}/pages/{SHOP_ID}/{endpoint}", headers=headers, json=body)
        else:
            client.post("/_mock/reset")
    store.db.close()


def test_reads_racing_writes_never_see_a_state_older_than_the_last_write_they_follow():
    store, _ = build_store("demo")
    app = create_app(store)
    token = next(p["access_token"] for p in store.list_pages() if p["page_id"] == SHOP_ID)
    headers = {"access-token": token}
    stop = threading.Event()

    def hammer() -> None:  # keeps the same read in the cache, refilling it as writes land
        client = app.test_client()
        while not stop.is_set():
            client.get(KEYWORDS, headers=headers)

    readers = [threading.Thread(target=hammer) for _ in range(3)]
    for reader in readers:
        reader.start()
    writer = app.test_client()
    try:
        for _ in range(200):
            created = writer.post(f"{API}/pages/{SHOP_ID}/keywords/create", headers=headers).get_json()
            listed = writer.get(KEYWORDS, headers=headers).get_json()["data"]
            assert created["keyword"]["id"] in [keyword["id"] for keyword in listed]
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        store.db.close()


# --- what a cached operation may read ------------------------------------------------------------

NOISE_HEADERS = {
    "Accept": "text/html",
    "Content-Type": "text/plain",
    "Cookie": "a=b",
    "User-Agent": "curl/8",
    "X-Anything": "1",
    "If-None-Match": '"x"',
}


def _cached_urls() -> list[str]:
    from mock_botcake.api import api

    return [demo_url(operation.path) for operation in api.operations if operation.cached]


@pytest.mark.parametrize("url", _cached_urls())
def test_a_cached_operation_answers_alike_whatever_else_the_request_carries(client, shop, url):
    """The cache keys on path, query and token only: a cached operation must read nothing else."""
    plain = client.get(url, headers={"access-token": shop.token})
    client.post("/_mock/reset")  # a fresh version, so the next read reaches the handler again
    noisy = client.get(
        url,
        headers={"access-token": shop.token, **NOISE_HEADERS},
        data=b'{"ignored": true}',
    )
    assert plain.status_code == 200, plain.get_data(as_text=True)
    assert (noisy.status_code, noisy.get_data()) == (200, plain.get_data())


def test_a_read_cached_just_before_the_first_reset_is_not_answered_after_it():
    # The store's first write and the reset after it must not leave the version where the read saw it.
    store = Store()
    client = create_app(store).test_client()
    page = client.post("/_mock/pages", json={"name": "added after start"}).get_json()
    read = f"{API}/pages/{page['page_id']}/keywords"
    token = {"access-token": page["access_token"]}
    assert client.get(read, headers=token).status_code == 200
    client.post("/_mock/reset")
    assert_refused(client.get(read, headers=token), 401, "invalid access-token")


def entry_cost(query: str, body_size: int = 100) -> int:
    """What the cache counts for one read of ``run`` by a CountingApp: every string of its key, its
    status line, its header names and values, its body, and the objects around them."""
    key = len(KEYWORDS) + len(query) + len("t")
    answer = len("200 OK") + len("Content-Type") + len("text/plain") + body_size
    return key + answer + read_cache.ENTRY_OVERHEAD_BYTES


def test_answers_filling_the_budget_exactly_are_kept_and_the_count_restarts_from_zero(version):
    inner = CountingApp(body_size=100)
    cached = ReadCache(inner, lambda: version[0])
    cached.budget_bytes = 2 * entry_cost("a")
    for query in ("a", "b", "a"):  # a and b fill the budget exactly: a is still kept
        run(cached, query=query)
    assert inner.calls == 2
    for query in ("c", "d", "c"):  # c starts afresh; c and d fill it exactly again
        run(cached, query=query)
    assert inner.calls == 4


def test_a_read_again_after_a_write_counts_its_replaced_answer_once(version):
    inner = CountingApp(body_size=100)
    cached = ReadCache(inner, lambda: version[0])
    cached.budget_bytes = 4 * entry_cost("a") - 1
    run(cached, query="a")
    run(cached, query="b")
    version[0] += 1
    run(cached, query="c")
    run(cached, query="a")  # replaces the old a: three answers are counted, under the budget
    assert run(cached, query="c") == b"answer 3".ljust(100)
    run(cached, query="d")  # the fourth answer spends the budget: the cache starts afresh with d
    assert run(cached, query="c") == b"answer 6".ljust(100)
