"""drop_connection really closes the connection under each server it knows, without an answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from werkzeug.serving import BaseWSGIServer, make_server

from mock_botcake.web import create_app

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


def test_under_werkzeugs_server_the_client_sees_a_closed_connection_and_the_server_goes_on(
    werkzeug_server, shop
):
    url = f"http://127.0.0.1:{werkzeug_server.server_port}{API}/pages/{SHOP_ID}/flows"
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.get(url, headers={"access-token": shop.token}, timeout=5)
    assert requests.get(url, headers={"access-token": shop.token}, timeout=5).status_code == 200
