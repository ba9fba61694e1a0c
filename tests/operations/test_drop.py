"""drop_connection really closes the connection under each server it knows, without an answer."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import waitress
from werkzeug.serving import BaseWSGIServer, make_server

from mock_botcake.app import create_app
from mock_botcake.serving.server import BackgroundServer, serve_in_background

from ..helpers import API, SHOP_ID

DROP_ONCE = {"action": {"drop_connection": True}, "times": 1}


@pytest.fixture
def werkzeug_server(store) -> Iterator[BaseWSGIServer]:
    server = make_server("127.0.0.1", 0, create_app(store, fault_rules=[DROP_ONCE]), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join()


@pytest.fixture
def granian_server(store) -> Iterator[BackgroundServer]:
    served = serve_in_background(create_app(store, fault_rules=[DROP_ONCE]))
    yield served
    served.stop()


def test_under_granian_the_client_sees_a_closed_connection_and_the_server_goes_on(granian_server, shop):
    url = f"{granian_server.base_url}{API}/pages/{SHOP_ID}/flows"
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.get(url, headers={"access-token": shop.token}, timeout=5)
    assert requests.get(url, headers={"access-token": shop.token}, timeout=5).status_code == 200


def test_under_granian_a_drop_closes_only_the_faulted_connection(granian_server, shop):
    health = b"GET /_mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with socket.create_connection(("127.0.0.1", granian_server.port), timeout=5) as bystander:
        bystander.sendall(health)
        assert bystander.recv(65536).startswith(b"HTTP/1.1 200")
        with pytest.raises(requests.ConnectionError, match="without response"):
            url = f"{granian_server.base_url}{API}/pages/{SHOP_ID}/flows"
            requests.get(url, headers={"access-token": shop.token}, timeout=5)
        bystander.sendall(health)  # the same kept-alive connection still answers
        assert bystander.recv(65536).startswith(b"HTTP/1.1 200")


@pytest.fixture
def waitress_server(store) -> Iterator[Any]:
    # serve no longer runs on waitress, but anyone may serve the app on it: drop.py keeps its way.
    server = waitress.create_server(create_app(store, fault_rules=[DROP_ONCE]), host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server
    server.trigger.pull_trigger(lambda: [each.close() for each in list(server._map.values())])
    thread.join(timeout=10)
    server.task_dispatcher.shutdown()


def test_under_waitress_the_client_sees_a_closed_connection_and_the_server_goes_on(waitress_server, shop):
    url = f"http://127.0.0.1:{waitress_server.effective_port}{API}/pages/{SHOP_ID}/flows"
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.get(url, headers={"access-token": shop.token}, timeout=5)
    assert requests.get(url, headers={"access-token": shop.token}, timeout=5).status_code == 200


def test_under_werkzeugs_server_the_client_sees_a_closed_connection_and_the_server_goes_on(
    werkzeug_server, shop
):
    url = f"http://127.0.0.1:{werkzeug_server.server_port}{API}/pages/{SHOP_ID}/flows"
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.get(url, headers={"access-token": shop.token}, timeout=5)
    assert requests.get(url, headers={"access-token": shop.token}, timeout=5).status_code == 200
