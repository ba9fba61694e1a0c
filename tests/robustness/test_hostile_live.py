"""Hostile input that only a real server sees: huge headers and huge bodies, against `mock-botcake serve`.

Each refusal is the API's JSON error, leaves the state as it was, and the server goes on serving.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from mock_botcake import fidelity
from mock_botcake.serving.rsgi_bridge import MAX_THREADED_REQUESTS
from mock_botcake.serving.server import MAX_HEADER_BYTES

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

TEN_MB = 10 * 1024 * 1024
SEND_FLOW = f"{API}/pages/{SHOP_ID}/flows/send_flow"
KEYWORDS = f"{API}/pages/{SHOP_ID}/keywords"


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    # One worker: the bound on delayed requests and the read cache's budget are each worker's own.
    served = start("--seed", "demo", "--workers", "1")
    yield served
    stop(served)


@pytest.fixture
def unchanged_state(server: Served) -> Iterator[None]:
    """Asserts that the test leaves the server's whole state as it found it, and the server healthy."""
    before = requests.get(f"{server.root}/_mock/state", timeout=10).json()
    yield
    assert requests.get(f"{server.root}/_mock/health", timeout=10).json() == {"status": "ok"}
    assert requests.get(f"{server.root}/_mock/state", timeout=10).json() == before


def raw_exchange(server: Served, head: str, body_start: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send ``head`` and ``body_start`` (maybe only the start of the body announced), read one answer."""
    host, port = server.root.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head.encode() + body_start)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    head_part, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head_part.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split(" ")[1]), {k.lower(): v for k, v in headers.items()}, body


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def assert_json_error(status: int, headers: dict[str, str], body: bytes, expected: int, message: str) -> None:
    assert status == expected, body
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"success": False, "message": message}


def test_a_100_kb_header_value_is_refused_with_431_json(server, unchanged_state):
    token = server.token_of(SHOP_ID)
    response = requests.get(
        f"{server.root}{API}/pages/{SHOP_ID}/keywords",
        headers={"access-token": token, "X-Padding": "a" * 100_000},
        timeout=10,
    )
    assert response.status_code == 431
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"success": False, "message": "request header fields too large"}


def test_headers_over_64_kib_in_all_are_refused_with_431_json(server, unchanged_state):
    token = server.token_of(SHOP_ID)
    many = {f"X-Header-{n:02}": "v" * 2000 for n in range(40)}
    assert sum(len(k) + len(v) + 4 for k, v in many.items()) > MAX_HEADER_BYTES
    response = requests.post(
        f"{server.root}{SEND_FLOW}",
        headers={"access-token": token, **many},
        json={"psid": "1", "flow_id": 1559},
        timeout=10,
    )
    assert response.status_code == 431
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"success": False, "message": "request header fields too large"}


def test_more_than_100_headers_are_refused_by_granian_itself_with_a_bodiless_431(server, unchanged_state):
    # granian's HTTP parser stops at 100 headers, before any Python runs: the one refusal that cannot
    # carry the API's JSON body (server.py says so).
    token = server.token_of(SHOP_ID)
    many = {f"X-Header-{n:04}": "v" for n in range(101)}
    response = requests.post(
        f"{server.root}{SEND_FLOW}",
        headers={"access-token": token, **many},
        json={"psid": "1", "flow_id": 1559},
        timeout=10,
    )
    assert (response.status_code, response.content) == (431, b"")
    assert response.headers["Connection"] == "close"


def test_a_malformed_request_is_refused_by_granian_itself_with_a_bodiless_400(server, unchanged_state):
    status, headers, body = raw_exchange(server, "GET /_mock/health HTTP/1.1\r\nHost localhost\r\n\r\n")
    assert (status, body) == (400, b"")
    assert headers["connection"] == "close"


def test_a_10_mb_body_is_refused_with_413_before_the_body_is_sent(server, unchanged_state):
    # Only the headers and 4 KB of the announced 10 MB go out: an answer proves the server did not wait
    # for (nor buffer) the rest.
    head = (
        f"POST {SEND_FLOW} HTTP/1.1\r\nHost: {server.root.removeprefix('http://')}\r\n"
        f"access-token: {server.token_of(SHOP_ID)}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {TEN_MB}\r\n\r\n"
    )
    status, headers, body = raw_exchange(server, head, b'{"psid": "1", "payload": "' + b"a" * 4096)
    assert_json_error(status, headers, body, 413, fidelity.BODY_TOO_LARGE.message)
    assert headers["connection"] == "close"


def test_a_chunked_body_over_the_limit_is_refused_with_413_json(server, unchanged_state):
    head = (
        f"POST {SEND_FLOW} HTTP/1.1\r\nHost: {server.root.removeprefix('http://')}\r\n"
        f"access-token: {server.token_of(SHOP_ID)}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * 65536
    over_limit = (fidelity.MAX_BODY_BYTES // len(chunk)) + 1
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(over_limit))
    status, headers, body = raw_exchange(server, head, chunks)
    assert_json_error(status, headers, body, 413, fidelity.BODY_TOO_LARGE.message)


def test_a_body_of_exactly_the_limit_still_reaches_the_app(server):
    token = server.token_of(SHOP_ID)
    start_ = b'{"psid": "1", "flow_id": 1559, "payload": {"x": "'
    end = b'"}}'
    body = start_ + b"a" * (fidelity.MAX_BODY_BYTES - len(start_) - len(end)) + end
    assert len(body) == fidelity.MAX_BODY_BYTES
    response = requests.post(
        f"{server.root}{SEND_FLOW}", headers={"access-token": token}, data=body, timeout=30
    )
    assert response.status_code == 200, response.text[:200]
    assert response.json() == {"success": True}
    requests.post(f"{server.root}/_mock/reset", timeout=10)  # other tests compare states


def test_a_chunked_body_within_the_limit_reaches_the_app_whole(server):
    token = server.token_of(SHOP_ID)
    body = (b'{"psid": "1", ', b'"flow_id": 1559}')  # a generator makes requests send it chunked
    response = requests.post(
        f"{server.root}{SEND_FLOW}",
        headers={"access-token": token, "Content-Type": "application/json"},
        data=(part for part in body),
        timeout=10,
    )
    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert (response.status_code, response.json()) == (200, {"success": True})
    requests.post(f"{server.root}/_mock/reset", timeout=10)  # other tests compare states


# --- issue 17, class 7: malformed chunked framing is refused before the app, and changes nothing ------

CREATE_KEYWORD = f"{API}/pages/{SHOP_ID}/keywords/create"


@pytest.mark.parametrize(
    "framing",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",
        b"-2\r\n{}\r\n0\r\n\r\n",
        b"100000000000000000\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}XX0\r\n\r\n",
        b"2\r\n{}\r\n3\r\nabc\r\nQQ\r\n",
    ],
    ids=["not-hex", "negative", "18-hex-digits", "no-crlf-after-data", "bad-second-size"],
)
def test_a_chunked_body_with_broken_framing_is_refused_400_without_running_the_app(
    server, unchanged_state, framing
):
    head = (
        f"POST {CREATE_KEYWORD} HTTP/1.1\r\nHost: {server.root.removeprefix('http://')}\r\n"
        f"access-token: {server.token_of(SHOP_ID)}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    status, headers, body = raw_exchange(server, head, framing)
    assert_json_error(status, headers, body, 400, "malformed chunked request body")
    assert headers["connection"] == "close"


def test_a_well_framed_empty_chunked_body_still_reaches_the_app(server):
    head = (
        f"POST {CREATE_KEYWORD} HTTP/1.1\r\nHost: {server.root.removeprefix('http://')}\r\n"
        f"access-token: {server.token_of(SHOP_ID)}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    status, _, body = raw_exchange(server, head, b"0\r\n\r\n")
    assert status == 200, body
    requests.post(f"{server.root}/_mock/reset", timeout=10)  # other tests compare states


# --- issue 17, class 5: delayed requests hold a bounded number of threads, and none once gone --------


def _status_field(server: Served, field: str) -> int:
    """The field of /proc/PID/status (its first number) summed over serve and its worker processes."""
    pids = [server.process.pid]
    for task in Path(f"/proc/{server.process.pid}/task").iterdir():
        pids += [int(child) for child in (task / "children").read_text().split()]
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(status.split(f"{field}:", 1)[1].split()[0])
    return total


def _threads(server: Served) -> int:
    return _status_field(server, "Threads")


def _poll(predicate: Callable[[], bool], timeout_s: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads through /proc")
def test_delayed_requests_past_the_bound_get_503_and_hung_up_ones_free_their_threads(server):
    rule = {"match": {"path": "keywords"}, "action": {"delay_ms": 60_000}}
    assert requests.post(f"{server.root}/_mock/faults", json=rule, timeout=10).status_code == 201
    host, port = server.root.removeprefix("http://").split(":")
    request = (
        f"GET {KEYWORDS} HTTP/1.1\r\nHost: {host}\r\naccess-token: {server.token_of(SHOP_ID)}\r\n\r\n"
    ).encode()
    baseline = _threads(server)
    waiting = []
    try:
        for _ in range(MAX_THREADED_REQUESTS):
            conn = socket.create_connection((host, int(port)), timeout=10)
            conn.sendall(request)
            waiting.append(conn)
        assert _poll(lambda: _threads(server) >= baseline + MAX_THREADED_REQUESTS)
        started = time.monotonic()
        one_more = requests.get(
            f"{server.root}{KEYWORDS}", headers={"access-token": server.token_of(SHOP_ID)}, timeout=10
        )
        assert time.monotonic() - started < 5  # answered at once, not after the minute's delay
        assert (one_more.status_code, one_more.json()) == (
            503,
            {"success": False, "message": f"more than {MAX_THREADED_REQUESTS} delayed requests at once"},
        )
        # The control plane is not delayed, so it still answers while every thread is taken.
        assert requests.get(f"{server.root}/_mock/requests?limit=1", timeout=5).status_code == 200
    finally:
        for conn in waiting:
            conn.close()
    # The clients hung up: their threads end well before the minute's delay is out.
    assert _poll(lambda: _threads(server) <= baseline + 2), _threads(server)
    requests.post(f"{server.root}/_mock/reset", timeout=10)


# --- issue 17, class 3: the read cache's memory stays within its budget whatever the keys ------------


def _rss_bytes(server: Served) -> int:
    return _status_field(server, "VmRSS") * 1024


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads the server's memory through /proc")
def test_reads_with_huge_unique_query_strings_do_not_grow_the_server_past_the_cache_budget(server):
    token = server.token_of(SHOP_ID)
    with requests.Session() as session:
        session.get(f"{server.root}{KEYWORDS}", headers={"access-token": token}, timeout=10)
        before = _rss_bytes(server)
        for n in range(800):
            answer = session.get(
                f"{server.root}{KEYWORDS}?n={n}&pad={'p' * 50_000}",
                headers={"access-token": token},
                timeout=10,
            )
            assert answer.status_code == 200
    # 40 MB of unique keys went by; the cache may keep its budget's worth (8 MiB) and no more.
    assert _rss_bytes(server) - before < 20 * 1024 * 1024


# --- issue 17, class 11: an unparsable cookie before the admin cookie does not hide it ---------------


def test_under_serve_an_unparsable_cookie_before_the_admin_cookie_does_not_hide_it():
    admin = start("--admin-token", "s3cret-admin-token")
    try:
        answer = requests.get(
            f"{admin.root}/_mock/pages",
            headers={"Cookie": 'junk="unterminated; mock_botcake_admin=s3cret-admin-token'},
            timeout=10,
        )
    finally:
        stop(admin)
    assert answer.status_code == 200, answer.text
