"""Hostile input that only a real server sees: huge headers and huge bodies, against `mock-botcake serve`.

Each refusal is the API's JSON error, leaves the state as it was, and the server goes on serving.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
import requests

from mock_botcake import fidelity
from mock_botcake.serving.server import MAX_HEADER_BYTES

from ..helpers import API, SHOP_ID
from ..servers import Served, start, stop

TEN_MB = 10 * 1024 * 1024
SEND_FLOW = f"{API}/pages/{SHOP_ID}/flows/send_flow"


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    served = start("--seed", "demo")
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
