"""Network faults (``action.fault``) under serve's granian: what a client really reads off the socket,
and what ``requests`` makes of it."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests

from mock_botcake.app import create_app
from mock_botcake.serving.server import BackgroundServer, serve_in_background

from ..helpers import API, SHOP_ID


@pytest.fixture
def served(store) -> Iterator[BackgroundServer]:
    server = serve_in_background(create_app(store))
    yield server
    server.stop()


@pytest.fixture
def flows_url(served) -> str:
    return f"{served.base_url}{API}/pages/{SHOP_ID}/flows"


def add_fault(served: BackgroundServer, action: dict) -> None:
    response = requests.post(f"{served.base_url}/_mock/faults", json={"action": action}, timeout=10)
    assert response.status_code == 201, response.text


def raw_get(served: BackgroundServer, path: str, token: str) -> bytes:
    """Everything the server sends for one GET, until it closes the connection."""
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\naccess-token: {token}\r\nConnection: close\r\n\r\n"
    received = b""
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as conn:
        conn.sendall(request.encode())
        while chunk := conn.recv(65536):
            received += chunk
    return received


def test_served_an_empty_fault_closes_the_connection_without_a_byte(served, shop):
    add_fault(served, {"fault": "empty"})
    assert raw_get(served, f"{API}/pages/{SHOP_ID}/flows", shop.token) == b""


def test_served_an_empty_fault_is_a_connection_error_for_requests(served, flows_url, shop):
    add_fault(served, {"fault": "empty"})
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)


def test_served_a_malformed_fault_is_a_200_whose_json_fails(served, flows_url, shop):
    add_fault(served, {"fault": "malformed"})
    response = requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)
    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def head_and_body(received: bytes) -> tuple[bytes, bytes]:
    head, _, body = received.partition(b"\r\n\r\n")
    return head, body


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise AssertionError(f"no Content-Length in {head!r}")


def test_served_a_truncated_fault_sends_less_than_its_content_length_then_closes(served, shop):
    add_fault(served, {"fault": "truncated"})
    head, body = head_and_body(raw_get(served, f"{API}/pages/{SHOP_ID}/flows", shop.token))
    assert head.startswith(b"HTTP/1.1 200")
    assert 0 < len(body) < content_length(head)


def test_served_a_truncated_fault_is_a_broken_connection_for_requests(served, flows_url, shop):
    add_fault(served, {"fault": "truncated"})
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)


def test_served_a_reset_fault_resets_the_connection(served, shop):
    add_fault(served, {"fault": "reset"})
    with pytest.raises(ConnectionResetError):
        raw_get(served, f"{API}/pages/{SHOP_ID}/flows", shop.token)


def test_served_a_reset_fault_is_a_connection_reset_for_requests(served, flows_url, shop):
    add_fault(served, {"fault": "reset"})
    with pytest.raises(requests.ConnectionError, match="Connection reset by peer"):
        requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)


def test_served_a_reset_fault_leaves_the_server_answering(served, flows_url, shop):
    add_fault(served, {"fault": "reset"})
    with pytest.raises(requests.ConnectionError):
        requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)
    requests.delete(f"{served.base_url}/_mock/faults", timeout=5)
    assert requests.get(flows_url, headers={"access-token": shop.token}, timeout=5).status_code == 200


def arrivals(served: BackgroundServer, path: str, token: str) -> list[tuple[float, bytes]]:
    """Each piece the server sends for one GET, with the seconds since the request when it came."""
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\naccess-token: {token}\r\nConnection: close\r\n\r\n"
    pieces = []
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as conn:
        started = time.monotonic()
        conn.sendall(request.encode())
        while chunk := conn.recv(65536):
            pieces.append((time.monotonic() - started, chunk))
    return pieces


def test_served_a_slow_fault_dribbles_the_body_over_its_delay(served, shop):
    add_fault(served, {"fault": "slow", "delay_ms": 800})
    pieces = arrivals(served, f"{API}/pages/{SHOP_ID}/flows", shop.token)
    first, last = pieces[0][0], pieces[-1][0]
    assert len(pieces) > 2
    assert last - first >= 0.4  # spread out, not one late lump: load can only stretch it
    assert last >= 0.8


def test_served_a_slow_fault_gives_the_whole_answer_in_the_end(served, flows_url, shop):
    add_fault(served, {"fault": "slow", "delay_ms": 300})
    response = requests.get(flows_url, headers={"access-token": shop.token}, timeout=5)
    assert (response.status_code, response.json()["success"]) == (200, True)
